"""What the trends endpoints list, for a viewer: ranked, allowed, above the threshold, and
(statuses) only what the viewer may see and is not hidden from them."""
from django.db.models import Case, IntegerField, Value, When

from statuses.visibility import not_hidden_q, visible_statuses
from tags.models import Tag
from trends.models import StatusTrend, TagTrend
from trends.services import STATUS_DECAY_THRESHOLD, TAG_DECAY_THRESHOLD


def trending_tags():
    return (Tag.objects.filter(trend__allowed=True, trend__score__gte=TAG_DECAY_THRESHOLD)
            .exclude(usable=False).order_by("-trend__score", "-id"))


def trending_status_ids(viewer, offset: int, limit: int, languages: tuple[str, ...] = ()) -> list[int]:
    """Ranked by score, statuses in one of `languages` (the reader's) first, as Mastodon's
    Trends::Query#language_order_clause."""
    trending = StatusTrend.objects.filter(allowed=True, score__gte=STATUS_DECAY_THRESHOLD,
                                          account__discoverable=True).values("status_id")
    queryset = visible_statuses(viewer).filter(id__in=trending, trend__allowed=True)
    if viewer is not None:
        queryset = queryset.filter(not_hidden_q(viewer))
    order = ["-trend__score", "-id"]
    if languages:
        queryset = queryset.annotate(preferred=Case(When(trend__language__in=languages, then=Value(1)),
                                                    default=Value(0), output_field=IntegerField()))
        order.insert(0, "-preferred")
    return list(queryset.order_by(*order).values_list("id", flat=True)[offset:offset + limit])
