"""What the trends endpoints list, for a viewer: ranked, allowed, above the threshold, and
(statuses) only what the viewer may see and is not hidden from them."""
from datetime import datetime, time, timezone

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import TruncDate

from statuses.visibility import not_hidden_q, visible_statuses
from tags.models import Tag
from tags.services import history_days
from trends.models import StatusTrend
from trends.services import (LINK_DECAY_THRESHOLD, STATUS_DECAY_THRESHOLD, TAG_DECAY_THRESHOLD, link_shares,
                             trendable_cards)


def _preferred_first(queryset, field, languages):
    """Items in one of the reader's languages first (Mastodon's Trends::Query#language_order_clause)."""
    if not languages:
        return queryset, []
    return (queryset.annotate(preferred=Case(When(**{f"{field}__in": languages}, then=Value(1)),
                                             default=Value(0), output_field=IntegerField())),
            ["-preferred"])


def trending_tags(languages: tuple[str, ...] = ()):
    queryset = Tag.objects.filter(trend__allowed=True, trend__score__gte=TAG_DECAY_THRESHOLD).exclude(usable=False)
    queryset, order = _preferred_first(queryset, "trend__language", languages)
    return queryset.order_by(*order, "-trend__score", "-id")


def trending_links(languages: tuple[str, ...] = ()):
    queryset = trendable_cards().filter(trend__allowed=True, trend__score__gte=LINK_DECAY_THRESHOLD)
    queryset, order = _preferred_first(queryset, "trend__language", languages)
    return queryset.order_by(*order, "-trend__score", "-id")


def link_histories(card_ids: list[int], now: datetime | None = None) -> dict[int, list[dict]]:
    """{card id: [{"day", "uses", "accounts"}]} of the last 7 days (today first), from the
    public statuses sharing each link: one query whatever the number of links."""
    calendar = history_days(now)
    start = datetime.combine(calendar[-1], time.min, tzinfo=timezone.utc)
    end = datetime.combine(calendar[0], time.max, tzinfo=timezone.utc)
    found = {}
    if card_ids:
        rows = (link_shares(start, end).filter(card_id__in=card_ids)
                .annotate(day=TruncDate("status__created_at", tzinfo=timezone.utc))
                .values("card_id", "day")
                .annotate(uses=Count("status_id"), accounts=Count("status__account_id", distinct=True))
                .order_by())
        for row in rows:
            day = row["day"].date() if isinstance(row["day"], datetime) else row["day"]
            found[(row["card_id"], day)] = (row["uses"], row["accounts"])
    result = {}
    for card_id in card_ids:
        entries = []
        for day in calendar:
            uses, accounts = found.get((card_id, day), (0, 0))
            midnight = datetime.combine(day, time.min, tzinfo=timezone.utc)
            entries.append({"day": str(int(midnight.timestamp())), "accounts": str(accounts), "uses": str(uses)})
        result[card_id] = entries
    return result


def trending_status_ids(viewer, offset: int, limit: int, languages: tuple[str, ...] = ()) -> list[int]:
    """Ranked by score, statuses in one of `languages` (the reader's) first, as Mastodon's
    Trends::Query#language_order_clause."""
    trending = StatusTrend.objects.filter(allowed=True, score__gte=STATUS_DECAY_THRESHOLD,
                                          account__discoverable=True).values("status_id")
    queryset = visible_statuses(viewer).filter(id__in=trending, trend__allowed=True)
    if viewer is not None:
        queryset = queryset.filter(not_hidden_q(viewer))
    queryset, order = _preferred_first(queryset, "trend__language", languages)
    return list(queryset.order_by(*order, "-trend__score", "-id").values_list("id", flat=True)[offset:offset + limit])
