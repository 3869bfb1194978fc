from django.contrib import admin

from fedi.text import normalize_hashtag
from tags.models import FeaturedTag, Tag, TagFollow


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "usable", "listable", "trendable", "last_status_at", "created_at")
    list_filter = ("usable", "listable", "trendable")
    search_fields = ("name", "normalized")
    readonly_fields = ("normalized", "created_at", "last_status_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.normalized = normalize_hashtag(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(TagFollow)
class TagFollowAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "tag", "created_at")
    raw_id_fields = ("account", "tag")
    list_select_related = ("account", "tag")


@admin.register(FeaturedTag)
class FeaturedTagAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "tag", "statuses_count", "last_status_at", "created_at")
    raw_id_fields = ("account", "tag")
    list_select_related = ("account", "tag")
