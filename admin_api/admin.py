from django.contrib import admin

from admin_api.models import AccountWarning, AuditLogEntry


@admin.register(AccountWarning)
class AccountWarningAdmin(admin.ModelAdmin):
    list_display = ("id", "action", "target_account", "account", "created_at")
    raw_id_fields = ("account", "target_account", "report")


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the moderation services and kept as it is."""

    list_display = ("created_at", "account", "action", "target_type", "target_id", "summary")
    list_filter = ("action", "target_type")
    search_fields = ("summary", "target_id", "account__username")
    list_select_related = ("account",)
    readonly_fields = ("account", "action", "target_type", "target_id", "summary", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
