from django.contrib import admin

from admin_api.models import AccountWarning


@admin.register(AccountWarning)
class AccountWarningAdmin(admin.ModelAdmin):
    list_display = ("id", "action", "target_account", "account", "created_at")
    raw_id_fields = ("account", "target_account", "report")
