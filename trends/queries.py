"""What the trends endpoints list, for a viewer: ranked, allowed, above the threshold, and
(statuses) only what the viewer may see and is not hidden from them."""
from statuses.visibility import not_hidden_q, visible_statuses
from tags.models import Tag
from trends.models import StatusTrend, TagTrend
from trends.services import STATUS_DECAY_THRESHOLD, TAG_DECAY_THRESHOLD


def trending_tags():
    return (Tag.objects.filter(trend__allowed=True, trend__score__gte=TAG_DECAY_THRESHOLD)
            .exclude(usable=False).order_by("-trend__score", "-id"))


def trending_status_ids(viewer, offset: int, limit: int) -> list[int]:
    trending = StatusTrend.objects.filter(allowed=True, score__gte=STATUS_DECAY_THRESHOLD,
                                          account__discoverable=True).values("status_id")
    queryset = visible_statuses(viewer).filter(id__in=trending, trend__allowed=True)
    if viewer is not None:
        queryset = queryset.filter(not_hidden_q(viewer))
    return list(queryset.order_by("-trend__score", "-id").values_list("id", flat=True)[offset:offset + limit])
