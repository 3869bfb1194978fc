"""Maintenance work of the operator commands (after Mastodon's tootctl media / statuses /
feeds / cache / emoji / maintenance): each function works in batches, each batch its own
transaction, so an interrupted run leaves consistent data and simply runs again; each
returns what it did (or, with dry_run, would do). `progress` (fedi.progress.Progress) is
advanced per item when given."""
import json
import os
import re
import tarfile
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Account
from accounts.serializers import AccountSerializer
from feeds.fanout import _owned_list_ids, regenerate_home, regenerate_lists
from feeds.store import HOME, LIST, feed_store
from instance.models import CustomEmoji
from media_attachments.models import MediaAttachment
from media_attachments.services import delete_media_files
from relationships.domains import normalize_domain
from relationships.models import Follow
from statuses.models import Bookmark, Favourite, Mention, Status
from statuses.serializers import render_statuses
from statuses.services.removal import remove_status

BATCH = 200


def _advance(progress, count=1):
    if progress is not None:
        progress.advance(count)


def batches(queryset, size=None):
    """The queryset's rows (or ids, from a values_list of "id") in id order, a batch at a
    time: keyset pages, so rows deleted by an earlier batch (or by an interrupted run) are
    simply not there, and nothing is visited twice."""
    size = size or BATCH  # read at each call: tests shrink it
    last_id = 0
    while True:
        batch = list(queryset.filter(id__gt=last_id).order_by("id")[:size])
        if not batch:
            return
        last = batch[-1]
        last_id = last if isinstance(last, int) else last.id
        yield batch


def _size(name) -> int:
    if not name:
        return 0
    try:
        return default_storage.size(name)
    except (OSError, NotImplementedError, ValueError):
        return 0


def _media_files(media) -> list[str]:
    names = []
    for field in ("file", "thumbnail", "small"):
        value = getattr(media, field, None)
        if value:
            names.append(value.name)
    return names


# --- media ------------------------------------------------------------------------------------

def removable_media(days: int):
    """Uploads never attached to a status (nor a scheduled one) and older than `days` days."""
    cutoff = timezone.now() - timedelta(days=days)
    return MediaAttachment.objects.filter(status__isnull=True, scheduled_status__isnull=True,
                                          created_at__lt=cutoff).order_by("id")


def remove_media(days: int = 7, *, dry_run=False, progress=None) -> dict:
    removed = size = 0
    for batch in batches(removable_media(days)):
        size += sum(_size(name) for media in batch for name in _media_files(media))
        if not dry_run:
            with transaction.atomic():
                delete_media_files(batch)
        removed += len(batch)
        _advance(progress, len(batch))
    return {"media": removed, "bytes": size}


def media_usage(progress=None) -> dict:
    """Bytes stored per kind of file (attachments, avatars and headers, custom emoji)."""
    usage = {"attachments": [0, 0], "avatars_and_headers": [0, 0], "custom_emojis": [0, 0]}
    for media in MediaAttachment.objects.only("id", "file", "thumbnail", "small").iterator(chunk_size=BATCH):
        names = _media_files(media)
        usage["attachments"][0] += 1
        usage["attachments"][1] += sum(_size(name) for name in names)
        _advance(progress)
    for account in Account.objects.filter(Q(avatar__gt="") | Q(header__gt="")).only(
            "id", "avatar", "avatar_static", "header", "header_static").iterator(chunk_size=BATCH):
        names = {getattr(account, field).name for field in ("avatar", "avatar_static", "header", "header_static")
                 if getattr(account, field)}
        usage["avatars_and_headers"][0] += 1
        usage["avatars_and_headers"][1] += sum(_size(name) for name in names)
        _advance(progress)
    for emoji in CustomEmoji.objects.all().iterator(chunk_size=BATCH):
        names = {field.name for field in (emoji.image, emoji.static_image) if field}
        usage["custom_emojis"][0] += 1
        usage["custom_emojis"][1] += sum(_size(name) for name in names)
        _advance(progress)
    return {kind: {"count": count, "bytes": size} for kind, (count, size) in usage.items()}


# --- domains ----------------------------------------------------------------------------------

def domain_accounts(domains):
    """The remote accounts of these domains and of their subdomains."""
    condition = Q()
    for domain in domains:
        name = normalize_domain(domain)
        condition |= Q(domain__iexact=name) | Q(domain__iendswith=f".{name}")
    return Account.objects.filter(domain__isnull=False).filter(condition)


def purge_domains(domains, *, dry_run=False, progress=None) -> int:
    """Mastodon's `tootctl domains purge`: the domains' accounts deleted (their statuses,
    media and relationships with them), a batch per transaction."""
    accounts = domain_accounts(domains)
    if dry_run:
        return accounts.count()
    deleted = 0
    for ids in batches(accounts.values_list("id", flat=True)):
        with transaction.atomic():
            Account.objects.filter(id__in=ids).delete()
        deleted += len(ids)
        _advance(progress, len(ids))
    return deleted


# --- statuses ---------------------------------------------------------------------------------

def unreferenced_remote_statuses(days: int):
    """Remote statuses older than `days` that nothing local refers to (Mastodon's
    `tootctl statuses remove`): no local favourite, bookmark, reblog, reply or mention."""
    cutoff = timezone.now() - timedelta(days=days)
    local = Account.objects.filter(domain__isnull=True)
    return Status.objects.filter(local=False, created_at__lt=cutoff).exclude(
        Exists(Favourite.objects.filter(status_id=OuterRef("pk"), account__in=local))).exclude(
        Exists(Bookmark.objects.filter(status_id=OuterRef("pk"), account__in=local))).exclude(
        Exists(Status.objects.filter(reblog_of_id=OuterRef("pk"), local=True))).exclude(
        Exists(Status.objects.filter(in_reply_to_id=OuterRef("pk"), local=True))).exclude(
        Exists(Mention.objects.filter(status_id=OuterRef("pk"), account__in=local))).order_by("id")


def remove_statuses(days: int = 90, *, dry_run=False, progress=None) -> dict:
    removed = 0
    for batch in batches(unreferenced_remote_statuses(days)):
        for status in batch:
            if not dry_run:
                remove_status(status, delete_media=True)
            removed += 1
            _advance(progress)
    return {"statuses": removed, "remote_total": Status.objects.filter(local=False).count()}


# --- feeds ------------------------------------------------------------------------------------

def local_accounts(usernames=None):
    queryset = Account.objects.filter(domain__isnull=True, suspended_at__isnull=True).order_by("id")
    if usernames:
        queryset = queryset.filter(username__in=usernames)
    return queryset


def build_feeds(accounts, progress=None) -> int:
    count = 0
    for account in accounts.iterator(chunk_size=BATCH):
        regenerate_home(account)
        regenerate_lists(account.id)
        count += 1
        _advance(progress)
    return count


def clear_feeds(accounts, progress=None) -> int:
    store = feed_store()
    count = 0
    for account in accounts.iterator(chunk_size=BATCH):
        store.clear(HOME, account.id)
        for list_id in _owned_list_ids(account.id):
            store.clear(LIST, list_id)
        count += 1
        _advance(progress)
    return count


# --- cache ------------------------------------------------------------------------------------

def clear_cache() -> str:
    """Empties the cache (never the feeds, the channel layer or the task queue sharing Redis):
    on Redis only this installation's cache keys (its KEY_PREFIX) are deleted."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith("RedisCache"):
        cache.clear()
        return "the in-process cache"
    client = cache._cache.get_client(write=True)
    pattern = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:*"
    deleted = 0
    batch = []
    for key in client.scan_iter(match=pattern, count=500):
        batch.append(key)
        if len(batch) >= 500:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return f"{deleted} cache keys"


# --- custom emoji -----------------------------------------------------------------------------

EMOJI_EXTENSIONS = {".png", ".gif", ".webp", ".jpg", ".jpeg", ".svg"}
MAX_EMOJI_BYTES = 256 * 1024


def _emoji_sources(source: str):
    """(shortcode, file name, bytes) of the images in a directory or a .zip/.tar(.gz) archive."""
    path = Path(source)
    if path.is_dir():
        for item in sorted(path.iterdir()):
            if item.is_file() and item.suffix.lower() in EMOJI_EXTENSIONS:
                yield item.stem, item.name, item.stat().st_size, item.read_bytes
        return
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        for info in archive.infolist():
            name = os.path.basename(info.filename)
            if not info.is_dir() and Path(name).suffix.lower() in EMOJI_EXTENSIONS and not name.startswith("."):
                yield Path(name).stem, name, info.file_size, (lambda info=info: archive.read(info))
        return
    if tarfile.is_tarfile(path):
        archive = tarfile.open(path)
        for member in archive.getmembers():
            name = os.path.basename(member.name)
            if member.isfile() and Path(name).suffix.lower() in EMOJI_EXTENSIONS and not name.startswith("."):
                yield Path(name).stem, name, member.size, (lambda member=member: archive.extractfile(member).read())
        return
    raise ValueError(f"{source} is neither a directory nor a .zip or .tar archive")


def import_emoji(source: str, *, prefix="", suffix="", category=None, overwrite=False, unlisted=False,
                 progress=None) -> dict:
    """Mastodon's `tootctl emoji import`: each image becomes :prefix+name+suffix:. Existing
    shortcodes are skipped unless overwrite (so a re-run after an interruption goes on)."""
    done = {"imported": 0, "skipped": 0, "failed": 0}
    for stem, name, size, read in _emoji_sources(source):
        shortcode = re.sub(r"[^A-Za-z0-9_]", "_", f"{prefix}{stem}{suffix}")
        existing = CustomEmoji.objects.filter(shortcode=shortcode, domain__isnull=True).first()
        if len(shortcode) < 2 or size > MAX_EMOJI_BYTES:
            done["failed"] += 1
        elif existing is not None and not overwrite:
            done["skipped"] += 1
        else:
            with transaction.atomic():
                emoji = existing or CustomEmoji(shortcode=shortcode, domain=None)
                emoji.category = category or emoji.category
                emoji.visible_in_picker = not unlisted
                emoji.image.save(f"{shortcode}{Path(name).suffix.lower()}", ContentFile(read()), save=False)
                emoji.save()
            done["imported"] += 1
        _advance(progress)
    return done


def purge_emoji(*, remote_only=False, progress=None) -> int:
    queryset = CustomEmoji.objects.all()
    if remote_only:
        queryset = queryset.filter(domain__isnull=False)
    removed = 0
    while True:
        batch = list(queryset.order_by("id")[:BATCH])
        if not batch:
            break
        for emoji in batch:
            names = [field.name for field in (emoji.image, emoji.static_image) if field]
            emoji.delete()
            for name in names:
                transaction.on_commit(lambda name=name: default_storage.delete(name))
            removed += 1
            _advance(progress)
    return removed


# --- counters ---------------------------------------------------------------------------------

def _recount(model, ids, counters) -> int:
    """Sets the counters of these rows from the rows they count (each counter: the counted
    rows and their field naming the counted-for row), in one transaction; how many changed."""
    counts = {field: dict(counted.filter(**{f"{key}__in": ids}).values_list(key).annotate(n=Count("id")))
              for field, (counted, key) in counters.items()}
    changed = 0
    with transaction.atomic():
        for row in model.objects.filter(id__in=ids).only("id", *counters):
            values = {field: counts[field].get(row.id, 0) for field in counters}
            if any(getattr(row, name) != value for name, value in values.items()):
                model.objects.filter(pk=row.pk).update(**values)
                changed += 1
    return changed


def fix_counts(progress=None) -> dict:
    """Recomputes the counters kept with F() updates (accounts' statuses/followers/following,
    statuses' replies/reblogs/favourites) from the rows; idempotent, batch by batch."""
    counters = {
        "accounts": (Account, {"statuses_count": (Status.objects.all(), "account_id"),
                               "followers_count": (Follow.objects.all(), "target_account_id"),
                               "following_count": (Follow.objects.all(), "account_id")}),
        "statuses": (Status, {"replies_count": (Status.objects.all(), "in_reply_to_id"),
                              "reblogs_count": (Status.objects.all(), "reblog_of_id"),
                              "favourites_count": (Favourite.objects.all(), "status_id")}),
    }
    fixed = {}
    for name, (model, fields) in counters.items():
        fixed[name] = 0
        for ids in batches(model.objects.values_list("id", flat=True)):
            fixed[name] += _recount(model, ids, fields)
            _advance(progress, len(ids))
    return fixed


# --- account backups --------------------------------------------------------------------------

def backup_account(account, directory: str, progress=None) -> str:
    """A zip of the account's data (like Mastodon's archive takeout): the profile, every status
    as its API entity, follows and followers as CSV, and the uploaded media. Written to a
    temporary name and renamed at the end, so an interrupted run leaves no half archive."""
    os.makedirs(directory, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    final = os.path.join(directory, f"{account.username}-{stamp}.zip")
    partial = final + ".part"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("actor.json", json.dumps(AccountSerializer.render(account, viewer=account), indent=2))
        entities = []
        ids = list(Status.objects.filter(account=account).order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            entities.extend(render_statuses(ids[start:start + BATCH], account))
            _advance(progress, len(ids[start:start + BATCH]))
        archive.writestr("statuses.json", json.dumps(entities, indent=2))
        following = Follow.objects.filter(account=account).select_related("target_account")
        archive.writestr("following_accounts.csv", "Account address\n" + "".join(
            f"{follow.target_account.acct}\n" for follow in following))
        followers = Follow.objects.filter(target_account=account).select_related("account")
        archive.writestr("followers.csv", "Account address\n" + "".join(f"{follow.account.acct}\n" for follow in followers))
        for media in MediaAttachment.objects.filter(account=account):
            for name in _media_files(media):
                try:
                    with default_storage.open(name) as handle:
                        archive.writestr(f"media/{name}", handle.read())
                except OSError:
                    continue
    os.replace(partial, final)
    return final


