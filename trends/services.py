"""Computing trends from recent activity, as Mastodon's Trends::Tags and Trends::Statuses.

Tags: for each tag used publicly in the last day, observed = distinct accounts using it
today (UTC day, as the tag history), expected = distinct accounts the day before (at least
1); raw score = (observed - expected)² / expected when observed >= TAG_THRESHOLD and
observed > expected, else 0. The best raw score of the last MAX_SCORE_COOLDOWN is kept
and decays with a half-life of MAX_SCORE_HALFLIFE; a tag trends while that decayed score
is at least TAG_DECAY_THRESHOLD and it may trend (trendable, or unreviewed with
TRENDABLE_BY_DEFAULT; never when not usable).

Links (Trends::Links): the preview cards (type link, with a title) of public originals,
scored as tags from the distinct accounts sharing them today against yesterday, with
LINK_THRESHOLD, a half-life of LINK_MAX_SCORE_HALFLIFE and LINK_DECAY_THRESHOLD; they
need a review (`trendable`) unless TRENDABLE_BY_DEFAULT.

Languages: each tag and link keeps the language most of today's accounts used it in;
readers see the items in their language first (queries).

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

from cards.models import PreviewCard, StatusCard
from statuses.models import Status, Visibility
from tags.models import Tag
from trends.models import LinkTrend, StatusTrend, TagTrend

TAG_THRESHOLD = 5
MAX_SCORE_COOLDOWN = timedelta(days=2)
MAX_SCORE_HALFLIFE = timedelta(hours=2)
TAG_DECAY_THRESHOLD = 1.0

LINK_THRESHOLD = 5
LINK_MAX_SCORE_HALFLIFE = timedelta(hours=8)
LINK_DECAY_THRESHOLD = 1.0

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


def _languages_per_tag(start: datetime, end: datetime) -> dict[int, str | None]:
    """{tag id: the language most distinct accounts used it in between start and end}."""
    rows = (Status.tags.through.objects
            .filter(status__in=eligible_statuses(), status__created_at__gte=start, status__created_at__lt=end)
            .values("tag_id", "status__language").annotate(accounts=Count("status__account_id", distinct=True))
            .order_by())
    return _dominant((row["tag_id"], row["status__language"], row["accounts"]) for row in rows)


def _dominant(rows) -> dict:
    best: dict = {}
    for key, language, accounts in rows:
        if language and (key not in best or accounts > best[key][1]):
            best[key] = (language, accounts)
    return {key: language for key, (language, _) in best.items()}


def _decayed(score: float, since: datetime, now: datetime, halflife: timedelta) -> float:
    return score * 0.5 ** ((now - since).total_seconds() / halflife.total_seconds())


def refresh_tag_trends(now: datetime | None = None) -> int:
    """Recompute every tag score; the number of tags trending."""
    now = now or timezone.now()
    today = _day_start(now)
    observed_by_tag = _accounts_per_tag(today, now + timedelta(microseconds=1))
    expected_by_tag = _accounts_per_tag(today - timedelta(days=1), today)
    languages = _languages_per_tag(today, now + timedelta(microseconds=1))
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
        trend.language = languages.get(tag_id, trend.language)
        trend.score = (0.0 if not trend.max_score or not may_trend
                       else _decayed(trend.max_score, trend.max_score_at or now, now, MAX_SCORE_HALFLIFE))
        (changed if trend.pk else created).append(trend)
    with transaction.atomic():
        TagTrend.objects.bulk_create([trend for trend in created if trend.max_score > 0])
        TagTrend.objects.bulk_update(changed, ["score", "max_score", "max_score_at", "allowed", "language"])
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


def trendable_cards():
    """Cards that may trend at all (Mastodon's PreviewCard#appropriate_for_trends?): links with a title."""
    return PreviewCard.objects.filter(type=PreviewCard.Type.LINK).exclude(title="")


def link_shares(start: datetime, end: datetime):
    return (StatusCard.objects.filter(status__in=eligible_statuses(), status__created_at__gte=start,
                                      status__created_at__lt=end, card__in=trendable_cards()))


def refresh_link_trends(now: datetime | None = None) -> int:
    """Recompute every link score from the day's shares; the number of links trending."""
    now = now or timezone.now()
    today = _day_start(now)
    end = now + timedelta(microseconds=1)

    def accounts(start, stop):
        rows = (link_shares(start, stop).values("card_id")
                .annotate(accounts=Count("status__account_id", distinct=True)).order_by())
        return {row["card_id"]: row["accounts"] for row in rows}

    observed_by_card = accounts(today, end)
    expected_by_card = accounts(today - timedelta(days=1), today)
    language_rows = (link_shares(today, end).values("card_id", "card__language", "status__language")
                     .annotate(accounts=Count("status__account_id", distinct=True)).order_by())
    languages = _dominant((row["card_id"], row["card__language"] or row["status__language"], row["accounts"])
                          for row in language_rows)
    trends = {trend.card_id: trend for trend in LinkTrend.objects.all()}
    by_default = trendable_by_default()
    changed: list[LinkTrend] = []
    created: list[LinkTrend] = []
    for card_id in set(observed_by_card) | set(trends):
        observed = float(observed_by_card.get(card_id, 0))
        expected = float(expected_by_card.get(card_id, 0)) or 1.0
        raw = 0.0 if expected > observed or observed < LINK_THRESHOLD else (observed - expected) ** 2 / expected
        trend = trends.get(card_id) or LinkTrend(card_id=card_id)
        if trend.max_score_at is None or trend.max_score_at < now - MAX_SCORE_COOLDOWN:
            trend.max_score, trend.max_score_at = 0.0, None
        if raw > trend.max_score:
            trend.max_score, trend.max_score_at = raw, now
        trend.allowed = trend.trendable if trend.reviewed else by_default
        trend.language = languages.get(card_id, trend.language)
        trend.score = (0.0 if not trend.max_score
                       else _decayed(trend.max_score, trend.max_score_at or now, now, LINK_MAX_SCORE_HALFLIFE))
        (changed if trend.pk else created).append(trend)
    with transaction.atomic():
        LinkTrend.objects.bulk_create([trend for trend in created if trend.max_score > 0])
        LinkTrend.objects.bulk_update(changed, ["score", "max_score", "max_score_at", "allowed", "language"])
        # a reviewed link keeps its row (the moderators' decision)
        LinkTrend.objects.filter(max_score=0, reviewed=False).delete()
        _rank(LinkTrend.objects.filter(allowed=True, score__gte=LINK_DECAY_THRESHOLD))
    return LinkTrend.objects.filter(allowed=True, score__gte=LINK_DECAY_THRESHOLD).count()


def review_link(card_id: int, approve: bool) -> LinkTrend | None:
    """A moderator approves or rejects a trending link (Mastodon's admin trends/links
    approve|reject); it shows at once, or not."""
    trend = LinkTrend.objects.filter(card_id=card_id).first()
    if trend is None:
        return None
    trend.reviewed, trend.trendable, trend.allowed = True, approve, approve
    trend.save(update_fields=["reviewed", "trendable", "allowed"])
    return trend


def _rank(queryset) -> None:
    rows = list(queryset.order_by("-score", "-pk"))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    queryset.model.objects.bulk_update(rows, ["rank"])


def refresh_trends(now: datetime | None = None) -> dict:
    return {"tags": refresh_tag_trends(now), "statuses": refresh_status_trends(now),
            "links": refresh_link_trends(now)}
