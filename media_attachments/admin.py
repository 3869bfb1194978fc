"""Admin pages for media attachments: browse, read, delete (files go with the row)."""
from django.contrib import admin

from media_attachments.models import MediaAttachment


@admin.register(MediaAttachment)
class MediaAttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "account", "type", "state", "status", "created_at"]
    list_filter = ["type", "state"]
    list_select_related = ["account"]
    search_fields = ["account__username", "description"]
    ordering = ["-id"]
    raw_id_fields = ["account", "status", "scheduled_status"]
    readonly_fields = ["id", "account", "status", "scheduled_status", "type", "state", "file", "small", "thumbnail",
                       "file_content_type", "meta", "blurhash", "remote_url", "created_at"]
    fields = readonly_fields[:4] + ["description", "focus_x", "focus_y"] + readonly_fields[4:]

    def has_add_permission(self, request):
        return False
