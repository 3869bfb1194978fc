"""Instance admins write, publish, edit and delete announcements here; every change goes
through announcements.services so clients' streams hear of it."""
from django.contrib import admin, messages

from announcements import services
from announcements.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published", "starts_at", "ends_at", "published_at", "updated_at"]
    list_filter = ["published"]
    search_fields = ["text"]
    fields = ["text", "starts_at", "ends_at", "all_day", "published", "content", "published_at", "created_at",
              "updated_at"]
    readonly_fields = ["content", "published_at", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]

    def save_model(self, request, obj, form, change):
        services.save_announcement(obj)

    def delete_model(self, request, obj):
        services.delete_announcement(obj)

    def delete_queryset(self, request, queryset):
        for announcement in queryset:
            services.delete_announcement(announcement)

    @admin.action(description="Publish the selected announcements")
    def publish_selected(self, request, queryset):
        for announcement in queryset.filter(published=False):
            services.publish(announcement)
        messages.success(request, "Published.")

    @admin.action(description="Unpublish the selected announcements")
    def unpublish_selected(self, request, queryset):
        for announcement in queryset.filter(published=True):
            services.unpublish(announcement)
        messages.success(request, "Unpublished.")
