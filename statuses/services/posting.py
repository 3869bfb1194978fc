"""Posting a status (Mastodon's PostStatusService), now or scheduled.

    status = post_status(account, text="Hello #world", visibility="public", application=app)

Everything is validated before anything is written, and the status, its mentions, tags,
media, poll and counters are written in one transaction; what follows (fan-out to feeds,
notifications, streaming, the preview card) runs after commit (statuses.services.distribution).
"""
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Account
from accounts.search import find_by_handle
from fedi.errors import NotFound, ValidationFailed
from fedi.text import countable_length
from instance import limits
from media_attachments.models import MediaAttachment
from media_attachments.services import attach, attachable_media
from polls.services import create_poll, poll_params
from statuses.models import Conversation, IdempotentPost, Mention, ScheduledStatus, Status, Visibility
from statuses.scheduled import check_limits
from statuses.services import distribution, quotes
from statuses.services.text import CONTENT_TYPES, process
from statuses.visibility import can_see
from tags.models import Tag
from tags.services import featured_tags_status_posted

IDEMPOTENCY_WINDOW = timedelta(hours=1)
MIN_SCHEDULE_DELAY = timedelta(minutes=5) * settings.PERIODIC_INTERVAL_SCALE
MIN_EXPIRATION = timedelta(hours=1) * settings.PERIODIC_INTERVAL_SCALE  # Pleroma's minimum
MAX_EXPIRATION = timedelta(days=365 * 100)
MAX_RECIPIENTS = 50
REPLY_NOT_FOUND = "The post you are trying to reply to does not appear to exist."


def validate_text(text, spoiler_text, *, has_media, has_poll):
    errors = ValidationFailed()
    if not (text or "").strip() and not has_media and not has_poll:
        errors.add("text", "ERR_BLANK", "can't be blank")
    if countable_length(text) + countable_length(spoiler_text) > limits.MAX_STATUS_CHARACTERS:
        errors.add("text", "ERR_TOO_LONG", f"character limit of {limits.MAX_STATUS_CHARACTERS} exceeded")
    errors.raise_if_any()


def validate_visibility(visibility, account):
    if visibility in (None, ""):
        user = getattr(account, "user", None)
        return user.default_privacy if user is not None else Visibility.PUBLIC
    if visibility not in Visibility.values:
        raise ValidationFailed().add("visibility", "ERR_INCLUSION", "is not included in the list")
    return visibility


def find_thread(account, in_reply_to_id):
    """The status replied to; a 404 when it does not exist or the author may not see it."""
    if in_reply_to_id in (None, ""):
        return None
    try:
        thread = Status.objects.select_related("account", "reblog_of__account").get(
            pk=int(in_reply_to_id), reblog_of__isnull=True)
    except (Status.DoesNotExist, ValueError, TypeError):
        raise NotFound(REPLY_NOT_FOUND) from None
    if not can_see(account, thread):
        raise NotFound(REPLY_NOT_FOUND)
    return thread


def scheduled_time(scheduled_at):
    """None to post now; a datetime at least 5 minutes ahead to schedule; 422 otherwise."""
    if scheduled_at is None:
        return None
    if scheduled_at < timezone.now() + MIN_SCHEDULE_DELAY:
        raise ValidationFailed().add("scheduled_at", "ERR_INVALID",
                                     "The scheduled date must be in the future")
    return scheduled_at


class _Preview(Exception):
    def __init__(self, rendered):
        self.rendered = rendered


def preview_status(account, render, **params):
    """Pleroma's `preview`: validate and render the status as it would be, then roll back
    (nothing is kept, nothing is distributed: the after-commit work goes with the rollback)."""
    params.pop("idempotency_key", None)
    params["scheduled_at"] = None
    try:
        with transaction.atomic():
            raise _Preview(render(post_status(account, **params)))
    except _Preview as preview:
        return preview.rendered


def expiry_time(expires_in):
    """Pleroma's expires_in (seconds): at least an hour ahead (scaled in tests), else 422."""
    if expires_in is None:
        return None
    if expires_in < MIN_EXPIRATION.total_seconds():
        raise ValidationFailed().add("expires_in", "ERR_INVALID",
                                     "Expiry date is too soon (must be at least an hour ahead)")
    return timezone.now() + timedelta(seconds=min(expires_in, MAX_EXPIRATION.total_seconds()))


def recipients_by_handle(handles):
    """Pleroma's to[]: the accounts named (handles; unknown ones are left out)."""
    found = {}
    for handle in list(handles)[:MAX_RECIPIENTS]:
        account = find_by_handle(str(handle).strip().lstrip("@"))
        if account is not None:
            found[account.id] = account
    return list(found.values())


def post_status(account, *, text="", spoiler_text="", visibility=None, sensitive=None, language=None,
                in_reply_to_id=None, media_ids=(), poll=None, application=None, scheduled_at=None,
                idempotency_key=None, scheduled_params=None, content_type=None, expires_in=None, to=None,
                quoted_status_id=None, quote_approval_policy=None):
    """Post (or schedule) a status; returns the Status, or the ScheduledStatus when scheduled.
    `poll` is the raw poll[...] hash; it is validated by polls.services.poll_params.
    Pleroma's content_type (text/plain, text/markdown, text/html), expires_in (seconds) and
    to (handles addressed instead of the mentions in the text) apply to statuses posted now."""
    content_type = content_type or "text/plain"
    if content_type not in CONTENT_TYPES:
        raise ValidationFailed().add("content_type", "ERR_INCLUSION", "is not a supported content type")
    expires_at = expiry_time(expires_in)

    if idempotency_key:
        previous = _idempotent_result(account, idempotency_key)
        if previous is not None:
            return previous

    text = text or ""
    spoiler_text = spoiler_text or ""
    visibility = validate_visibility(visibility, account)
    poll_values = poll_params(poll) if poll else None
    media = []
    if media_ids:
        media = attachable_media(account, list(media_ids))
    if media and poll_values:
        raise ValidationFailed().add("media_ids", "ERR_INVALID", "cannot be attached to a poll")
    validate_text(text, spoiler_text, has_media=bool(media), has_poll=bool(poll_values))
    thread = find_thread(account, in_reply_to_id)
    when = scheduled_time(scheduled_at)
    user = getattr(account, "user", None)

    quote_policy = quotes.validate_policy(quote_approval_policy) or (
        (user.settings or {}).get("quote_policy") if user is not None else None) or "public"
    quoted = quotes.find_quotable(account, quoted_status_id) if quoted_status_id is not None else None
    if quoted is not None and when is not None:
        raise ValidationFailed().add("quoted_status_id", "ERR_INVALID", "cannot be scheduled here yet")
    if quoted is not None:
        visibility = quotes.quoting_visibility(visibility, quoted)
    if sensitive is None:
        sensitive = user.default_sensitive if user is not None else False
    sensitive = bool(sensitive) or bool(spoiler_text)
    language = language or (user.default_language if user is not None else None)

    try:
        with transaction.atomic():
            if when is not None:
                result = _schedule(account, when, media, application, scheduled_params or {
                    "text": text, "spoiler_text": spoiler_text or None, "visibility": visibility,
                    "sensitive": sensitive, "language": language,
                    "in_reply_to_id": thread.id if thread else None,
                    "media_ids": [str(item.id) for item in media] or None, "poll": poll_values,
                    "scheduled_at": None, "idempotency": idempotency_key,
                    "application_id": application.id if application is not None else 0,
                    "with_rate_limit": False, "content_type": content_type})
            else:
                result = create_status(account, text=text, spoiler_text=spoiler_text, visibility=visibility,
                                       sensitive=sensitive, language=language, thread=thread, media=media,
                                       poll_values=poll_values, application=application,
                                       content_type=content_type, expires_at=expires_at,
                                       recipients=None if to is None else recipients_by_handle(to))
                if quote_policy != "public":
                    quotes.set_policy(result, quote_policy)
                if quoted is not None:
                    quotes.attach(result, quoted)
            if idempotency_key:
                IdempotentPost.objects.create(
                    account=account, key=idempotency_key,
                    status=result if isinstance(result, Status) else None,
                    scheduled_status=result if isinstance(result, ScheduledStatus) else None)
    except IntegrityError:
        # The same Idempotency-Key raced us: answer with what the other request made.
        previous = _idempotent_result(account, idempotency_key) if idempotency_key else None
        if previous is None:
            raise
        return previous
    return result


def _idempotent_result(account, key):
    row = (IdempotentPost.objects.filter(account=account, key=key,
                                         created_at__gt=timezone.now() - IDEMPOTENCY_WINDOW)
           .select_related("status", "scheduled_status").first())
    if row is None:
        IdempotentPost.objects.filter(account=account, key=key).delete()  # an expired key is reusable
        return None
    return row.status or row.scheduled_status


def _schedule(account, when, media, application, params):
    check_limits(account, when, check_time=False)  # Mastodon's 300 in all, 25 a day
    scheduled = ScheduledStatus.objects.create(account=account, scheduled_at=when, params=params,
                                               application=application)
    if media:
        MediaAttachment.objects.filter(id__in=[item.id for item in media]).update(scheduled_status=scheduled)
    return scheduled


def create_status(account, *, text, spoiler_text, visibility, sensitive, language, thread=None, media=(),
                  poll_values=None, application=None, created_at=None, content_type="text/plain",
                  expires_at=None, recipients=None):
    """Write a validated status and everything that goes with it (inside the caller's
    transaction), and arrange its distribution after commit. recipients (Pleroma's to[]):
    the accounts mentioned instead of those the text names."""
    html, mentioned, tags = process(text, content_type)
    if recipients is not None:
        mentioned = recipients
    conversation = (thread.conversation if thread is not None and thread.conversation_id
                    else Conversation.objects.create())
    status = Status.objects.create(
        account=account, local=account.is_local, text=text, content=html, spoiler_text=spoiler_text,
        sensitive=sensitive, visibility=visibility, language=language, in_reply_to=thread,
        in_reply_to_account_id=thread.account_id if thread is not None else None, conversation=conversation,
        application=application, created_at=created_at or timezone.now(), expires_at=expires_at,
        content_type=content_type)
    if thread is not None and thread.conversation_id is None:
        Status.objects.filter(pk=thread.pk).update(conversation=conversation)
    Mention.objects.bulk_create([Mention(status=status, account=target) for target in mentioned])
    if tags:
        status.tags.set(tags)
    if media:
        attach(media, status)
    if poll_values:
        create_poll(status, poll_values)
    count_new_status(status, thread)
    transaction.on_commit(lambda: distribution.status_posted(status.id))
    return status


def count_new_status(status, thread):
    """Counters a new status changes (a direct status counts nowhere, as on Mastodon)."""
    if status.visibility == Visibility.DIRECT:
        return
    Account.objects.filter(pk=status.account_id).update(statuses_count=F("statuses_count") + 1,
                                                        last_status_at=status.created_at)
    if thread is not None and status.distributable:
        Status.objects.filter(pk=thread.pk).update(replies_count=F("replies_count") + 1)
    if status.tags.exists():
        Tag.objects.filter(statuses=status).update(last_status_at=status.created_at)

        featured_tags_status_posted(status)
