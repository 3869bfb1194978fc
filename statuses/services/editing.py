"""Editing a status (Mastodon's UpdateStatusService): every revision is kept for /history."""
from django.db import transaction
from django.utils import timezone

from fedi.errors import ValidationFailed
from fedi.params import to_bool
from media_attachments.models import MediaAttachment
from media_attachments.services import attach, attachable_media, clean_description, parse_focus
from polls.models import Poll
from polls.services import create_poll, poll_params
from statuses import signals
from statuses.models import Mention, Status, StatusEdit
from statuses.services.distribution import queue_card_fetch
from statuses.services.posting import validate_text
from statuses.services.text import CONTENT_TYPES, process
from tags.services import featured_tags_status_edited


def _poll_options(status):
    poll = getattr(status, "poll", None) if hasattr(status, "poll") else None
    return list(poll.options) if poll is not None else None


def snapshot(status):
    """A StatusEdit row holding the status as it is now."""
    media = [{"id": item.id, "description": item.description}
             for item in MediaAttachment.objects.filter(status=status).order_by("id")]
    return StatusEdit(status=status, account_id=status.account_id, text=status.text, content=status.content,
                      spoiler_text=status.spoiler_text, sensitive=status.sensitive, media=media,
                      poll_options=_poll_options(status), created_at=status.edited_at or status.created_at)


def edit_status(status, *, text, spoiler_text="", sensitive=None, language=None, media_ids=None,
                media_attributes=None, poll=None, content_type=None):
    """Pleroma's content_type (text/plain, text/markdown, text/html) renders the new text as
    posting does, and is kept; none given: the status's own (the one it was posted or last
    edited with)."""
    if content_type is not None and content_type not in CONTENT_TYPES:
        raise ValidationFailed().add("content_type", "ERR_INCLUSION", "is not a supported content type")
    poll_values = poll_params(poll) if poll else None
    if media_ids is not None:
        media = attachable_media(status.account, list(media_ids), status=status) if media_ids else []
    else:
        media = list(MediaAttachment.objects.filter(status=status))
    if media and poll_values:
        raise ValidationFailed().add("media_ids", "ERR_INVALID", "cannot be attached to a poll")
    current_poll = Poll.objects.filter(status=status).first()
    has_poll = bool(poll_values) or (poll is None and current_poll is not None)
    validate_text(text, spoiler_text, has_media=bool(media), has_poll=has_poll)
    attributes = _media_attributes(media_attributes, {item.id for item in media})

    with transaction.atomic():
        status = Status.objects.select_for_update().get(pk=status.pk)
        if not status.edits.exists():
            snapshot(status).save()
        content_type = content_type or status.content_type or "text/plain"
        html, mentioned, tags = process(text, content_type)
        status.text, status.content, status.spoiler_text = text, html, spoiler_text or ""
        status.content_type = content_type
        status.sensitive = bool(sensitive) or bool(spoiler_text) if sensitive is not None else (
            status.sensitive or bool(spoiler_text))
        if language:
            status.language = language
        status.edited_at = timezone.now()
        status.save()
        existing = set(status.mentions.values_list("account_id", flat=True))
        Mention.objects.bulk_create([Mention(status=status, account=account, silent=True)
                                     for account in mentioned if account.id not in existing])
        previous_tag_ids = set(status.tags.values_list("id", flat=True))
        status.tags.set(tags)

        featured_tags_status_edited(status, previous_tag_ids)
        if media_ids is not None:
            MediaAttachment.objects.filter(status=status).exclude(id__in=[item.id for item in media]).update(
                status=None)

            attach(media, status)
        for media_id, changes in attributes.items():
            MediaAttachment.objects.filter(id=media_id, status=status).update(**changes)
        if poll_values and (current_poll is None or _poll_changed(current_poll, poll_values)):
            if current_poll is not None:
                current_poll.delete()
            create_poll(status, poll_values)
        elif poll is not None and not poll_values and current_poll is not None:
            current_poll.delete()
        snapshot(status).save()
        transaction.on_commit(lambda: status_edited(status.id))
    return status


def _poll_changed(poll, values):
    return (list(poll.options) != values["options"] or poll.multiple != values["multiple"]
            or poll.hide_totals != values["hide_totals"])


def _media_attributes(raw, allowed_ids):
    """media_attributes[][id|description|focus] as {media id: field changes}."""
    if not raw:
        return {}
    items = raw.values() if isinstance(raw, dict) else raw
    changes = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        try:
            media_id = int(str(item.get("id", "")))
        except ValueError:
            raise ValidationFailed().add("media_attributes", "ERR_INVALID", "has an invalid id") from None
        if media_id not in allowed_ids:
            raise ValidationFailed().add("media_attributes", "ERR_INVALID", "refer to media not in this status")
        change = {}
        if "description" in item:
            change["description"] = clean_description(item.get("description") or "")
        point = parse_focus(item.get("focus") or None)  # the same rules and texts as media uploads
        if point is not None:
            change["focus_x"], change["focus_y"] = point
        if to_bool(item.get("_destroy")):
            continue
        changes[media_id] = change
    return changes


def status_edited(status_id):
    """After commit: rebloggers hear of the edit, streams get status.update (the higher apps'
    receivers of statuses.signals.status_edited), the preview card follows the first link."""
    status = Status.objects.select_related("account").filter(pk=status_id).first()
    if status is None:
        return
    signals.status_edited.send(sender=Status, status=status)
    queue_card_fetch(status)  # a new first link gets its card, a removed one loses it
