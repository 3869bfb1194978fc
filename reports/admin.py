from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "target_account", "category", "created_at", "action_taken_at")
    raw_id_fields = ("account", "target_account", "statuses", "action_taken_by", "assigned_account")
