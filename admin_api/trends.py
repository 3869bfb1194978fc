"""Reviewing trends (Mastodon's Admin::Trends::*): staff approve or reject what may trend.
Tags: the tag's `trendable`; statuses: the StatusTrend's `reviewed` + `trendable`. The
trend rows' `allowed` follows at once (the periodic trends.refresh keeps it afterwards).
Links: the LinkTrend's `reviewed` + `trendable` (trends.services.review_link)."""
from django.db import transaction

from admin_api.audit import record
from admin_api.services import _require
from fedi.errors import NotFound
from tags.models import Tag
from cards.models import PreviewCard
from trends import services as trend_services
from trends.models import StatusTrend, TagTrend


def trending_tags_for_review():
    """Every tag with a trend row, approved or not, highest score first."""
    return Tag.objects.filter(trend__isnull=False).select_related("trend").order_by("-trend__score", "id")


def trending_statuses_for_review():
    return StatusTrend.objects.select_related("status").order_by("-score", "status_id")


@transaction.atomic
def review_tag(actor, tag_id: int, approve: bool) -> Tag:
    _require(actor, "manage_taxonomies")
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise NotFound()
    Tag.objects.filter(pk=tag.pk).update(trendable=approve)
    tag.trendable = approve
    TagTrend.objects.filter(tag_id=tag.pk).update(allowed=approve and tag.usable is not False)
    record(actor, "approve" if approve else "reject", tag, f"#{tag.name}")
    return tag


@transaction.atomic
def review_status(actor, status_id: int, approve: bool) -> StatusTrend:
    _require(actor, "manage_taxonomies")
    trend = StatusTrend.objects.select_related("status").filter(status_id=status_id).first()
    if trend is None:
        raise NotFound()
    StatusTrend.objects.filter(pk=trend.pk).update(reviewed=True, trendable=approve, allowed=approve)
    trend.reviewed, trend.trendable, trend.allowed = True, approve, approve
    record(actor, "approve" if approve else "reject", trend.status, f"status {status_id} in trends")
    return trend


def trending_links_for_review():
    """Every link with a trend row, approved or not, highest score first."""
    return PreviewCard.objects.filter(trend__isnull=False).select_related("trend").order_by("-trend__score", "id")


@transaction.atomic
def review_link(actor, card_id: int, approve: bool):
    _require(actor, "manage_taxonomies")
    trend = trend_services.review_link(card_id, approve)
    if trend is None:
        raise NotFound()
    record(actor, "approve" if approve else "reject", trend.card, f"link {trend.card.url} in trends")
    return trend
