"""Announcements: saving what admins write, which ones users see, reading and reacting.

Called by the Django admin (announcements.admin) and the API views; other code may call
save_announcement / delete_announcement / active_announcements too.
"""
import re
from datetime import datetime, time, timedelta, timezone as dt_timezone
from urllib.parse import urlparse

import emoji
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from announcements.models import Announcement, AnnouncementRead, AnnouncementReaction
from fedi.errors import NotFound, ValidationFailed
from fedi.params import MAX_ID, id_in_url
from fedi.text import extract
from instance.limits import CUSTOM_EMOJI_SHORTCODE_PATTERN
from instance.models import CustomEmoji
from statuses.models import Status
from statuses.services.text import process
from streaming import publish as streaming

# Mastodon's ReactionValidator::LIMIT: distinct reactions one announcement may carry.
MAX_DISTINCT_REACTIONS = 8
UNRECOGNIZED_EMOJI = "Validation failed: Name is not a recognized emoji"
LIMIT_REACHED = "Validation failed: Limit of different reactions reached"

SHORTCODE_RE = re.compile(CUSTOM_EMOJI_SHORTCODE_PATTERN)
_STATUS_PATHS = (re.compile(r"^/@[^/]+/(\d+)/?$"), re.compile(r"^/users/[^/]+/statuses/(\d+)/?$"))


# --- Saving (the Django admin) ---------------------------------------------------------------

def _local_hosts():
    return {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def linked_status_ids(urls):
    """Ids of this server's statuses among URLs (/@user/id and /users/user/statuses/id)."""
    hosts, ids = _local_hosts(), []
    for url in urls:
        parsed = urlparse(url)
        if (parsed.netloc or "").lower() not in hosts:
            continue
        for pattern in _STATUS_PATHS:
            match = pattern.match(parsed.path)
            if match and int(match.group(1)) <= MAX_ID:
                ids.append(int(match.group(1)))
    return ids


def save_announcement(announcement):
    """Render and save an announcement (new or edited), link what its text mentions, and tell
    the streams: `announcement` when it is published, `announcement.delete` when it was
    published and no longer is. Publishing sets published_at the first time."""
    was_published = False
    if announcement.pk is not None:
        was_published = Announcement.objects.filter(pk=announcement.pk, published=True).exists()
    html, accounts, tags = process(announcement.text or "")
    now = timezone.now()
    announcement.content = html
    announcement.updated_at = now
    if announcement.published and announcement.published_at is None:
        announcement.published_at = now
    with transaction.atomic():
        announcement.save()
        announcement.mentions.set(accounts)
        announcement.tags.set(tags)
        ids = linked_status_ids(extract(announcement.text or "").urls)
        announcement.statuses.set(Status.objects.filter(id__in=ids, local=True) if ids else [])
        if announcement.published:
            streaming.publish_announcement(announcement.id)
        elif was_published:
            streaming.publish_announcement_delete(announcement.id)
    return announcement


def publish(announcement):
    announcement.published = True
    return save_announcement(announcement)


def unpublish(announcement):
    announcement.published = False
    return save_announcement(announcement)


def delete_announcement(announcement):
    with transaction.atomic():
        if announcement.published:
            streaming.publish_announcement_delete(announcement.id)
        announcement.delete()


# --- Reading ---------------------------------------------------------------------------------

def active_announcements(now=None):
    """Published announcements in their time window, oldest first (Mastodon's chronological
    order). An all-day announcement runs from the start of its first day to the end of its
    last (UTC)."""
    now = now or timezone.now()
    today = datetime.combine(now.astimezone(dt_timezone.utc).date(), time.min, tzinfo=dt_timezone.utc)
    tomorrow = today + timedelta(days=1)
    started = (Q(starts_at__isnull=True) | Q(all_day=False, starts_at__lte=now)
               | Q(all_day=True, starts_at__lt=tomorrow))
    not_ended = (Q(ends_at__isnull=True) | Q(all_day=False, ends_at__gt=now)
                 | Q(all_day=True, ends_at__gte=today))
    return (Announcement.objects.filter(started, not_ended, published=True)
            .annotate(position=Coalesce("starts_at", "published_at", "created_at"))
            .order_by(F("position").asc(), "id"))


def find_published(announcement_id):
    """The published announcement of the URL; anything else is 404, as on Mastodon."""
    pk = id_in_url(announcement_id)
    announcement = Announcement.objects.filter(pk=pk, published=True).first()
    if announcement is None:
        raise NotFound()
    return announcement


def dismiss(account, announcement):
    """Mark the announcement read by the account (again is fine)."""
    try:
        with transaction.atomic():
            AnnouncementRead.objects.get_or_create(account=account, announcement=announcement)
    except IntegrityError:  # a concurrent dismiss won
        pass


# --- Reactions -------------------------------------------------------------------------------

def custom_emojis_by_shortcode(shortcodes):
    """{shortcode: CustomEmoji} of this server's enabled custom emoji, in one query."""
    shortcodes = {code for code in shortcodes if code}
    if not shortcodes:
        return {}
    return {e.shortcode: e for e in CustomEmoji.objects.filter(shortcode__in=shortcodes, domain__isnull=True,
                                                               disabled=False)}


def valid_reaction_name(name):
    """A single Unicode emoji, or the shortcode of an enabled local custom emoji."""
    if not name or len(name) > 128:
        return False
    if emoji.is_emoji(name):
        return True
    return bool(SHORTCODE_RE.fullmatch(name)) and bool(custom_emojis_by_shortcode([name]))


def reaction_count(announcement, name):
    return AnnouncementReaction.objects.filter(announcement=announcement, name=name).count()


def add_reaction(account, announcement, name):
    """React with `name` (already there is fine). 422 for what is not an emoji, or for a new
    kind of reaction when the announcement already carries MAX_DISTINCT_REACTIONS."""
    if not valid_reaction_name(name):
        raise ValidationFailed(UNRECOGNIZED_EMOJI)
    reactions = AnnouncementReaction.objects.filter(announcement=announcement)
    if reactions.filter(account=account, name=name).exists():
        return
    if (not reactions.filter(name=name).exists()
            and reactions.values("name").distinct().count() >= MAX_DISTINCT_REACTIONS):
        raise ValidationFailed(LIMIT_REACHED)
    try:
        with transaction.atomic():
            AnnouncementReaction.objects.create(account=account, announcement=announcement, name=name)
    except IntegrityError:  # the same reaction, concurrently
        return
    streaming.publish_announcement_reaction(announcement.id, name, reaction_count(announcement, name))


def remove_reaction(account, announcement, name):
    """Take the account's reaction back; 404 when it has none of that name."""
    deleted, _ = AnnouncementReaction.objects.filter(account=account, announcement=announcement,
                                                     name=name).delete()
    if not deleted:
        raise NotFound()
    streaming.publish_announcement_reaction(announcement.id, name, reaction_count(announcement, name))


def reactions_of(announcement_ids, viewer=None):
    """{announcement id: [(name, count, me)]}, each list in the order the reactions first
    appeared; two queries whatever the number of announcements."""
    if not announcement_ids:
        return {}
    rows = (AnnouncementReaction.objects.filter(announcement_id__in=announcement_ids)
            .values("announcement_id", "name").annotate(count=Count("id"), first=Min("created_at"))
            .order_by("announcement_id", "first", "name"))
    mine = set()
    if viewer is not None:
        mine = set(AnnouncementReaction.objects.filter(announcement_id__in=announcement_ids, account=viewer)
                   .values_list("announcement_id", "name"))
    result: dict = {}
    for row in rows:
        key = (row["announcement_id"], row["name"])
        result.setdefault(row["announcement_id"], []).append((row["name"], row["count"], key in mine))
    return result


def read_ids(announcement_ids, viewer):
    if viewer is None or not announcement_ids:
        return set()
    return set(AnnouncementRead.objects.filter(announcement_id__in=announcement_ids, account=viewer)
               .values_list("announcement_id", flat=True))
