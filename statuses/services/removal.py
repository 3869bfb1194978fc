"""Deleting a status (Mastodon's RemoveStatusService): its reblogs go with it and counters
come down. Feeds and streams hear of every deleted Status row through model signals
(feeds/apps.py, streaming/apps.py), however it was deleted."""
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import Account
from media_attachments.models import MediaAttachment
from media_attachments.services import delete_media_files
from statuses.models import Status, Visibility
from tags.services import featured_tags_status_removed


def remove_status(status, *, delete_media=False):
    with transaction.atomic():
        reblog_ids = list(Status.objects.filter(reblog_of=status).values_list("id", flat=True))
        removed = [status.id] + reblog_ids
        media = list(MediaAttachment.objects.filter(status=status))
        _uncount(status)
        reblogs = Status.objects.filter(id__in=reblog_ids).select_related("account")
        for reblog in reblogs:
            _uncount(reblog)
        Status.objects.filter(id__in=removed).delete()
        if delete_media and media:
            delete_media_files(media)  # the rows now; their files once this commits


def _uncount(status):
    """Undo what posting counted (see posting.count_new_status; reblogs count for their author)."""
    if status.visibility == Visibility.DIRECT:
        return
    Account.objects.filter(pk=status.account_id).update(statuses_count=Greatest(F("statuses_count") - 1, 0))
    if status.reblog_of_id is None:
        featured_tags_status_removed(status)
    if status.reblog_of_id is not None:
        Status.objects.filter(pk=status.reblog_of_id).update(reblogs_count=Greatest(F("reblogs_count") - 1, 0))
    elif status.in_reply_to_id is not None and status.distributable:
        Status.objects.filter(pk=status.in_reply_to_id).update(replies_count=Greatest(F("replies_count") - 1, 0))



def delete_expired(now=None, batch=100):
    """Pleroma's ephemeral statuses: delete those whose expires_at has passed (the periodic
    job statuses.delete_expired); how many."""
    now = now or timezone.now()
    due = list(Status.objects.filter(expires_at__lte=now).order_by("expires_at")[:batch])
    for status in due:
        remove_status(status)
    return len(due)
