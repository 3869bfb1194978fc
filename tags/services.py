"""Hashtags: finding them by name, following them, featuring them on a profile, keeping the
featured tags' counts, and their usage over the last days.

    tag = find_tag("Caturday")                    # by normalized name, or None
    follow_tag(account, tag_for_name("caturday")) # a Tag, created when new
    feature_tag(account, "caturday")              # a FeaturedTag (422 when invalid or over the limit)
    histories([tag.id, ...])                      # {tag id: [{"day", "uses", "accounts"}] * 7}

The posting service calls featured_tags_status_posted(status) and the removal service
featured_tags_status_removed(status) (before the status is deleted), so a featured tag's
statuses_count and last_status_at follow the owner's public and unlisted statuses;
editing calls featured_tags_status_edited(status, previous_tag_ids).
"""
from datetime import datetime, time, timedelta, timezone

import regex
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone as dj_timezone

from accounts.models import Account
from fedi.errors import NotFound, ValidationFailed
from fedi.text import HASHTAG_NAME, normalize_hashtag
from instance import limits
from tags.models import FeaturedTag, Tag, TagFollow

NAME_RE = regex.compile(rf"(?:{HASHTAG_NAME})", regex.IGNORECASE)
MAX_NAME_LENGTH: int = Tag._meta.get_field("normalized").max_length  # type: ignore[assignment]
HISTORY_DAYS = 7
SUGGESTIONS_LIMIT = 10
RECENT_STATUSES = 1000  # suggestions look at this many of the account's latest statuses (Mastodon's)
FEATURED_LIMIT_MESSAGE = "You have already featured the maximum number of hashtags"
DISTRIBUTABLE = ("public", "unlisted")


# --- Names and lookups ---------------------------------------------------------------------

def valid_name(name):
    """Whether `name` is a hashtag name (Mastodon's HASHTAG_NAME_RE, without the #)."""
    return (isinstance(name, str) and 0 < len(name) <= MAX_NAME_LENGTH
            and NAME_RE.fullmatch(name) is not None)


def find_tag(name):
    """The Tag named `name` (case-insensitive, Unicode-normalized), or None (also for an
    invalid name)."""
    if not valid_name(name):
        return None
    return Tag.objects.filter(normalized=normalize_hashtag(name)).first()


def find_or_create_tag(name):
    """The Tag named `name`, created (with this spelling) when new; safe under races.
    The name must be valid (valid_name)."""
    normalized = normalize_hashtag(name)
    tag = Tag.objects.filter(normalized=normalized).first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name, normalized=normalized)
    except IntegrityError:
        return Tag.objects.get(normalized=normalized)


def tag_in_url(name):
    """The tag of /api/v1/tags/:name as Mastodon finds it: 404 for an invalid name; an
    unsaved Tag (id None) for a valid name nobody used yet."""
    if not valid_name(name):
        raise NotFound()
    tag = find_tag(name)
    if tag is None:
        tag = Tag(id=None, name=name, normalized=normalize_hashtag(name))  # type: ignore[misc]  # not saved yet
    return tag


def saved(tag):
    """The tag, saved if it was only looked up (tag_in_url)."""
    return tag if tag.pk is not None else find_or_create_tag(tag.name)


def display_name(tag):
    return tag.display_name or tag.name


# --- Following -----------------------------------------------------------------------------

def follow_tag(account, tag):
    """Follow a tag (idempotent, as since Mastodon 4.1); returns the saved Tag."""
    tag = saved(tag)
    try:
        with transaction.atomic():
            TagFollow.objects.get_or_create(account=account, tag=tag)
    except IntegrityError:  # a concurrent follow won
        pass
    return tag


def unfollow_tag(account, tag):
    if tag.pk is not None:
        TagFollow.objects.filter(account=account, tag=tag).delete()
    return tag


# --- Featured tags -------------------------------------------------------------------------

def _status_tags():
    """The rows (status, tag) of the relation statuses declares on Status.tags, read through
    its reverse side Tag.statuses: tags sits below statuses and never imports it."""
    return Tag.statuses.through.objects


def _counted_status_tags(account_id, **filters):
    """The (status, tag) rows of an account's statuses that featured tags count: public and
    unlisted, not reblogs."""
    return _status_tags().filter(status__account_id=account_id, status__visibility__in=DISTRIBUTABLE,
                                 status__reblog_of__isnull=True, **filters)


def feature_tag(account, name_or_tag, *, existing_ok=False):
    """Feature a hashtag on the account's profile (Mastodon's CreateFeaturedTagService).

    `name_or_tag` is a name as typed ("#" and spaces stripped) or a Tag. Raises 422 for a
    blank or invalid name, over MAX_FEATURED_TAGS, or (unless existing_ok, as the
    /tags/:id/feature method is) when the tag is featured already."""
    if isinstance(name_or_tag, Tag):
        tag, typed = name_or_tag, display_name(name_or_tag)
    else:
        typed = (name_or_tag or "").strip()
        typed = typed[1:] if typed.startswith("#") else typed
        if not typed:
            raise ValidationFailed().add("name", "ERR_BLANK")
        if not valid_name(typed):
            raise ValidationFailed().add("tag", "ERR_INVALID")
        tag = None
    with transaction.atomic():
        # The featured tags of one account are created one at a time, so the limit holds.
        Account.objects.select_for_update().filter(pk=account.pk).first()
        tag = saved(tag) if tag is not None else find_or_create_tag(typed)
        current = FeaturedTag.objects.filter(account=account, tag=tag).select_related("tag").first()
        if current is not None:
            if existing_ok:
                return current
            raise ValidationFailed().add("name", "ERR_TAKEN", "has already been taken")
        if account.is_local and FeaturedTag.objects.filter(account=account).count() >= limits.MAX_FEATURED_TAGS:
            raise ValidationFailed(f"Validation failed: {FEATURED_LIMIT_MESSAGE}").add(
                "base", "ERR_INVALID", FEATURED_LIMIT_MESSAGE)
        counts = _counted_status_tags(account.id, tag_id=tag.id).aggregate(count=Count("status_id"),
                                                                            last=Max("status__created_at"))
        return FeaturedTag.objects.create(account=account, tag=tag, name=typed, statuses_count=counts["count"],
                                          last_status_at=counts["last"])


def unfeature_tag(account, tag):
    """Stop featuring a tag (nothing happens when it was not featured)."""
    if tag.pk is not None:
        FeaturedTag.objects.filter(account=account, tag=tag).delete()
    return tag


def remove_featured_tag(account, featured_tag_id):
    """DELETE /api/v1/featured_tags/:id: 404 unless it is one of the account's own."""
    deleted, _ = FeaturedTag.objects.filter(account=account, pk=featured_tag_id).delete()
    if not deleted:
        raise NotFound()


def featured_tags_of(account):
    """The account's featured tags, most used first (the order of Mastodon's own list)."""
    return (FeaturedTag.objects.filter(account=account).select_related("tag", "account")
            .order_by("-statuses_count", "-id"))


def featured_tag_suggestions(account, limit=SUGGESTIONS_LIMIT):
    """The tags the account used most in its latest statuses, not featured yet."""
    recent = account.statuses.order_by("-id").values("id")[:RECENT_STATUSES]
    featured = FeaturedTag.objects.filter(account=account).values("tag_id")
    return list(Tag.objects.filter(statuses__in=recent).exclude(id__in=featured)
                .annotate(uses=Count("statuses")).order_by("-uses", "-id")[:limit])


def _counts_status(status):
    return status.reblog_of_id is None and status.visibility in DISTRIBUTABLE


def _status_tag_ids(status_id):
    return _status_tags().filter(status_id=status_id).values("tag_id")


def featured_tags_status_posted(status):
    """A new status: the author's featured tags among its tags count one more (public and
    unlisted statuses only). One query; call inside the posting transaction."""
    if not _counts_status(status):
        return
    FeaturedTag.objects.filter(account_id=status.account_id, tag_id__in=_status_tag_ids(status.id)).update(
        statuses_count=F("statuses_count") + 1, last_status_at=status.created_at)


def featured_tags_status_removed(status):
    """A status about to be deleted (still in the database): its author's featured tags
    among its tags count one less, and their last_status_at goes back to the latest other
    status. One query."""
    if not _counts_status(status):
        return
    latest = (_counted_status_tags(status.account_id, tag_id=OuterRef("tag_id"))
              .exclude(status_id=status.pk).order_by("-status__created_at").values("status__created_at")[:1])
    FeaturedTag.objects.filter(account_id=status.account_id, tag_id__in=_status_tag_ids(status.id)).update(
        statuses_count=Greatest(F("statuses_count") - 1, 0), last_status_at=Subquery(latest))


def featured_tags_status_edited(status, previous_tag_ids):
    """An edit may add or remove tags: the featured tags concerned are counted again.
    Call after status.tags was set, with the tag ids the status had before."""
    if not _counts_status(status):
        return
    current = set(Tag.objects.filter(statuses=status).values_list("id", flat=True))
    changed = current ^ set(previous_tag_ids)
    if changed:
        recount_featured_tags(status.account_id, changed)


def recount_featured_tags(account_id, tag_ids=None):
    """Count the featured tags of an account again from its statuses (all of them, or
    those of `tag_ids`). One query."""
    rows = FeaturedTag.objects.filter(account_id=account_id)
    if tag_ids is not None:
        rows = rows.filter(tag_id__in=list(tag_ids))
    tagged = _counted_status_tags(account_id, tag_id=OuterRef("tag_id"))
    count = tagged.order_by().values("tag_id").annotate(n=Count("status_id")).values("n")
    latest = tagged.order_by("-status__created_at").values("status__created_at")[:1]
    rows.update(statuses_count=Coalesce(Subquery(count), 0), last_status_at=Subquery(latest))


# --- History -------------------------------------------------------------------------------

def history_days(now=None, days=HISTORY_DAYS):
    """The midnights (UTC) of the last `days` days, today first."""
    today = (now or dj_timezone.now()).astimezone(timezone.utc).date()
    return [today - timedelta(days=offset) for offset in range(days)]


def histories(tag_ids, now=None, days=HISTORY_DAYS):
    """{tag id: [{"day", "uses", "accounts"}]} for the last `days` days (today first), from
    the public statuses (not reblogs, not by silenced or suspended accounts) using each
    tag, as Mastodon's trends record them. One query whatever the number of tags; the
    None key holds the empty history of a tag not saved yet."""
    ids = [tag_id for tag_id in dict.fromkeys(tag_ids) if tag_id is not None]
    calendar = history_days(now, days)
    found = {}
    if ids:
        start = datetime.combine(calendar[-1], time.min, tzinfo=timezone.utc)
        rows = (_status_tags()
                .filter(tag_id__in=ids, status__created_at__gte=start, status__visibility="public",
                        status__reblog_of__isnull=True, status__account__suspended_at__isnull=True,
                        status__account__silenced_at__isnull=True)
                .exclude(tag__usable=False)
                .annotate(day=TruncDate("status__created_at", tzinfo=timezone.utc))
                .values("tag_id", "day")
                .annotate(uses=Count("status_id"), accounts=Count("status__account_id", distinct=True))
                .order_by())
        for row in rows:
            day = row["day"]
            if isinstance(day, datetime):
                day = day.date()
            found[(row["tag_id"], day)] = (row["uses"], row["accounts"])
    result = {}
    for tag_id in ids + [None]:
        entries = []
        for day in calendar:
            uses, accounts = found.get((tag_id, day), (0, 0))
            midnight = datetime.combine(day, time.min, tzinfo=timezone.utc)
            entries.append({"day": str(int(midnight.timestamp())), "accounts": str(accounts), "uses": str(uses)})
        result[tag_id] = entries
    return result


def viewer_tag_state(viewer, tag_ids):
    """(followed tag ids, featured tag ids) of viewer among tag_ids: two queries."""
    ids = [tag_id for tag_id in tag_ids if tag_id is not None]
    if viewer is None or not ids:
        return set(), set()
    following = set(TagFollow.objects.filter(account=viewer, tag_id__in=ids).values_list("tag_id", flat=True))
    featuring = set(FeaturedTag.objects.filter(account=viewer, tag_id__in=ids).values_list("tag_id", flat=True))
    return following, featuring

