"""Computing trends from recent activity, as Mastodon's Trends::Tags and Trends::Statuses.

Tags: for each tag used publicly in the last day, observed = distinct accounts using it
today (UTC day, as the tag history), expected = distinct accounts the day before (at least
1); raw score = (observed - expected)² / expected when observed >= TAG_THRESHOLD and
observed > expected, else 0. The best raw score of the last MAX_SCORE_COOLDOWN is kept
and decays with a half-life of MAX_SCORE_HALFLIFE; a tag trends while that decayed score
is at least TAG_DECAY_THRESHOLD and it may trend (trendable, or unreviewed with
TRENDABLE_BY_DEFAULT; never when not usable).

Statuses: public originals (not replies, not sensitive, no content warning) of the last
day by discoverable accounts neither suspended nor silenced; raw score = reblogs +
favourites when at least STATUS_THRESHOLD, decaying from the status's creation with a
half-life of STATUS_SCORE_HALFLIFE; trending from STATUS_DECAY_THRESHOLD.
"""
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from statuses.models import Status, Visibility
from tags.models import Tag
from trends.models import StatusTrend, TagTrend

TAG_THRESHOLD = 5
MAX_SCORE_COOLDOWN = timedelta(days=2)
MAX_SCORE_HALFLIFE = timedelta(hours=2)
TAG_DECAY_THRESHOLD = 1.0

STATUS_THRESHOLD = 5
STATUS_SCORE_HALFLIFE = timedelta(hours=1)
STATUS_DECAY_THRESHOLD = 0.3
STATUS_WINDOW = timedelta(days=1)


def trendable_by_default() -> bool:
    return bool(getattr(settings, "TRENDABLE_BY_DEFAULT", False))


def eligible_statuses():
    """What may count toward and appear in trends (Mastodon's Trends::Statuses#eligible?
    and the tag history's rules): public, original, by accounts not suspended nor silenced."""
    return Status.objects.filter(visibility=Visibility.PUBLIC, reblog_of__isnull=True,
                                 account__suspended_at__isnull=True, account__silenced_at__isnull=True)


def _day_start(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(dt_timezone.utc).date(), time.min, tzinfo=dt_timezone.utc)


def _accounts_per_tag(start: datetime, end: datetime) -> dict[int, int]:
    rows = (Status.tags.through.objects
            .filter(status__in=eligible_statuses(), status__created_at__gte=start, status__created_at__lt=end)
            .values("tag_id").annotate(accounts=Count("status__account_id", distinct=True)).order_by())
    return {row["tag_id"]: row["accounts"] for row in rows}


def _decayed(score: float, since: datetime, now: datetime, halflife: timedelta) -> float:
    return score * 0.5 ** ((now - since).total_seconds() / halflife.total_seconds())


def refresh_tag_trends(now: datetime | None = None) -> int:
    """Recompute every tag score; the number of tags trending."""
    now = now or timezone.now()
    today = _day_start(now)
    observed_by_tag = _accounts_per_tag(today, now + timedelta(microseconds=1))
    expected_by_tag = _accounts_per_tag(today - timedelta(days=1), today)
    trends = {trend.tag_id: trend for trend in TagTrend.objects.all()}
    tag_ids = set(observed_by_tag) | set(trends)
    tags = {tag.id: tag for tag in Tag.objects.filter(id__in=tag_ids)}
    by_default = trendable_by_default()
    changed: list[TagTrend] = []
    created: list[TagTrend] = []
    for tag_id in tag_ids:
        tag = tags.get(tag_id)
        if tag is None:
            continue
        observed = float(observed_by_tag.get(tag_id, 0))
        expected = float(expected_by_tag.get(tag_id, 0)) or 1.0
        raw = 0.0 if expected > observed or observed < TAG_THRESHOLD else (observed - expected) ** 2 / expected
        trend = trends.get(tag_id) or TagTrend(tag_id=tag_id)
        if trend.max_score_at is None or trend.max_score_at < now - MAX_SCORE_COOLDOWN:
            trend.max_score, trend.max_score_at = 0.0, None
        if raw > trend.max_score:
            trend.max_score, trend.max_score_at = raw, now
        may_trend = tag.usable is not False and (tag.trendable if tag.trendable is not None else by_default)
        trend.allowed = bool(may_trend)
        trend.score = (0.0 if not trend.max_score or not may_trend
                       else _decayed(trend.max_score, trend.max_score_at or now, now, MAX_SCORE_HALFLIFE))
        (changed if trend.pk else created).append(trend)
    with transaction.atomic():
        TagTrend.objects.bulk_create([trend for trend in created if trend.max_score > 0])
        TagTrend.objects.bulk_update(changed, ["score", "max_score", "max_score_at", "allowed"])
        TagTrend.objects.filter(max_score=0).delete()
        _rank(TagTrend.objects.filter(allowed=True, score__gte=TAG_DECAY_THRESHOLD))
    return TagTrend.objects.filter(allowed=True, score__gte=TAG_DECAY_THRESHOLD).count()


def refresh_status_trends(now: datetime | None = None) -> int:
    """Recompute the scores of the last day's candidate statuses; the number trending."""
    now = now or timezone.now()
    candidates = (eligible_statuses()
                  .filter(account__discoverable=True, created_at__gte=now - STATUS_WINDOW, created_at__lte=now,
                          in_reply_to__isnull=True, in_reply_to_account__isnull=True, sensitive=False,
                          spoiler_text="")
                  .annotate(interactions=F("reblogs_count") + F("favourites_count"))
                  .filter(interactions__gte=STATUS_THRESHOLD)
                  .values("id", "account_id", "language", "created_at", "interactions"))
    existing = {trend.status_id: trend for trend in StatusTrend.objects.all()}
    by_default = trendable_by_default()
    keep: set[int] = set()
    created: list[StatusTrend] = []
    changed: list[StatusTrend] = []
    for row in candidates:
        score = _decayed(float(row["interactions"]), row["created_at"], now, STATUS_SCORE_HALFLIFE)
        if score < STATUS_DECAY_THRESHOLD:
            continue
        trend = existing.get(row["id"]) or StatusTrend(status_id=row["id"], account_id=row["account_id"])
        trend.language, trend.score = row["language"], score
        trend.allowed = trend.trendable if trend.reviewed else by_default
        keep.add(row["id"])
        (changed if trend.pk else created).append(trend)
    with transaction.atomic():
        # a reviewed status keeps its row (the moderators' decision) with a zero score
        StatusTrend.objects.exclude(status_id__in=keep).filter(reviewed=False).delete()
        StatusTrend.objects.exclude(status_id__in=keep).update(score=0, rank=0)
        StatusTrend.objects.bulk_create(created)
        StatusTrend.objects.bulk_update(changed, ["language", "score", "allowed"])
        _rank(StatusTrend.objects.filter(allowed=True, score__gte=STATUS_DECAY_THRESHOLD))
    return len(keep)


def _rank(queryset) -> None:
    rows = list(queryset.order_by("-score", "-pk"))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    queryset.model.objects.bulk_update(rows, ["rank"])


def refresh_trends(now: datetime | None = None) -> dict:
    return {"tags": refresh_tag_trends(now), "statuses": refresh_status_trends(now)}
