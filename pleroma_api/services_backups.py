"""Backups of a user's data (Pleroma's /api/v1/pleroma/backups): a Celery task writes a
zip archive, as Pleroma's: actor.json (the ActivityPub actor), outbox.json (the statuses as
Create activities), likes.json, bookmarks.json, followers.json, following.json, and the
media files of the statuses under media/."""
import io
import json
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from accounts.serializers import account_uri
from activitypub.actors import person
from fedi.errors import ApiError
from fedi.formats import iso
from fedi.links import absolute, media
from pleroma_api.models import Backup
from pleroma_api.tasks import build_backup
from relationships.models import Follow
from statuses.models import Bookmark, Favourite, Status

# Pleroma allows one backup a week; a day here (scaled in tests).
MIN_INTERVAL = timedelta(days=1) * settings.PERIODIC_INTERVAL_SCALE
BATCH = 500
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"@language": "und"}]


def request_backup(account: Account) -> Backup:
    last = Backup.objects.filter(account=account).order_by("-id").first()
    if last is not None and last.created_at > timezone.now() - MIN_INTERVAL:
        raise ApiError("Last export was less than a day ago", status=400)
    backup = Backup.objects.create(account=account)
    transaction.on_commit(lambda: build_backup.delay(backup.id))
    return backup


def status_uri(status):
    return status.uri or absolute(f"/users/{status.account.username}/statuses/{status.id}")


def _note(status, media_names):
    public = "https://www.w3.org/ns/activitystreams#Public"
    followers = f"{account_uri(status.account)}/followers"
    to, cc = {"public": ([public], [followers]), "unlisted": ([followers], [public]),
              "private": ([followers], []), "direct": ([], [])}.get(status.visibility, ([], []))
    to = to + [account_uri(mention.account) for mention in status.mentions.all()]
    uri = status_uri(status)
    note = {"id": uri, "type": "Note", "attributedTo": account_uri(status.account), "content": status.content,
            "summary": status.spoiler_text or None, "sensitive": status.sensitive, "published": iso(status.created_at),
            "to": to, "cc": cc, "inReplyTo": status_uri(status.in_reply_to) if status.in_reply_to_id else None,
            "attachment": [{"type": "Document", "mediaType": item.file_content_type, "url": media_names[item.id],
                            "name": item.description or None} for item in status.media_attachments.all()
                           if item.id in media_names]}
    return {"id": f"{uri}/activity", "type": "Create", "actor": account_uri(status.account),
            "published": note["published"], "to": to, "cc": cc, "object": note}


def _collection(name, items):
    return {"@context": CONTEXT, "id": f"{name}.json", "type": "OrderedCollection", "totalItems": len(items),
            "orderedItems": items}


def build_archive(account: Account) -> tuple[bytes, int]:
    """(zip bytes, number of items written)."""
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("actor.json", json.dumps({"@context": CONTEXT, **person(account)}, ensure_ascii=False))
        activities, media_names = [], {}
        statuses = (Status.objects.filter(account=account, reblog_of__isnull=True).select_related("account",
                    "in_reply_to__account").prefetch_related("media_attachments", "mentions__account")
                    .order_by("id"))
        for status in statuses.iterator(chunk_size=BATCH):
            for item in status.media_attachments.all():
                if item.file and item.file.name:
                    name = f"media/{item.id}-{item.file.name.rsplit('/', 1)[-1]}"
                    try:
                        with default_storage.open(item.file.name, "rb") as stored:
                            archive.writestr(name, stored.read())
                        media_names[item.id] = name
                    except OSError:  # a file gone from storage: the rest of the archive still counts
                        pass
            activities.append(_note(status, media_names))
            count += 1
        archive.writestr("outbox.json", json.dumps(_collection("outbox", activities), ensure_ascii=False))
        for name, rows in (("likes", Favourite.objects.filter(account=account)),
                           ("bookmarks", Bookmark.objects.filter(account=account))):
            items = [status_uri(row.status) for row in rows.select_related("status__account").order_by("id")]
            archive.writestr(f"{name}.json", json.dumps(_collection(name, items)))
            count += len(items)
        followers = [account_uri(row.account) for row in
                     Follow.objects.filter(target_account=account).select_related("account").order_by("id")]
        following = [account_uri(row.target_account) for row in
                     Follow.objects.filter(account=account).select_related("target_account").order_by("id")]
        archive.writestr("followers.json", json.dumps(_collection("followers", followers)))
        archive.writestr("following.json", json.dumps(_collection("following", following)))
        count += len(followers) + len(following)
    return buffer.getvalue(), count


def process_backup(backup_id: int) -> Backup | None:
    backup = Backup.objects.select_related("account").filter(pk=backup_id, state="pending").first()
    if backup is None:
        return None
    Backup.objects.filter(pk=backup.pk).update(state="running")
    try:
        data, count = build_archive(backup.account)
    except Exception:
        Backup.objects.filter(pk=backup.pk).update(state="failed")
        raise
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    backup.file.save(f"archive-{backup.account.username}-{stamp}-{backup.id}.zip", ContentFile(data), save=False)
    backup.file_size, backup.state, backup.processed_number = len(data), "complete", count
    backup.save(update_fields=["file", "file_size", "state", "processed_number"])
    return backup


def backup_json(backup: Backup) -> dict:
    """Pleroma's Backup entity."""
    return {"id": str(backup.id), "content_type": "application/zip",
            "url": media(backup.file) if backup.file else None, "file_size": backup.file_size,
            "processed": backup.state == "complete", "state": backup.state,
            "processed_number": backup.processed_number, "inserted_at": iso(backup.created_at)}
