from django.contrib import admin

from trends.models import LinkTrend, StatusTrend, TagTrend


@admin.register(TagTrend)
class TagTrendAdmin(admin.ModelAdmin):
    list_display = ("tag", "score", "max_score", "rank", "language", "allowed")
    readonly_fields = ("score", "max_score", "max_score_at", "rank", "language", "allowed")


@admin.register(StatusTrend)
class StatusTrendAdmin(admin.ModelAdmin):
    """Moderators review trending statuses here (reviewed + trendable)."""

    list_display = ("status", "account", "score", "rank", "reviewed", "trendable", "allowed")
    list_editable = ("reviewed", "trendable")
    readonly_fields = ("status", "account", "language", "score", "rank", "allowed")


@admin.register(LinkTrend)
class LinkTrendAdmin(admin.ModelAdmin):
    """Moderators review trending links here (reviewed + trendable; `allowed` follows at the
    next refresh)."""

    list_display = ("card", "score", "rank", "language", "reviewed", "trendable", "allowed")
    list_editable = ("reviewed", "trendable")
    readonly_fields = ("card", "language", "score", "max_score", "max_score_at", "rank", "allowed")
