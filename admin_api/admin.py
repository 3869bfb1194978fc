from django import forms
from django.contrib import admin

from accounts.admin import AccountAdmin, UserAdmin
from accounts.models import Account, CanonicalEmailBlock, EmailDomainBlock, IpBlock, User
from admin_api.models import AccountWarning, AuditLogEntry
from instance.admin import DomainBlockAdmin
from instance.models import DomainAllow, DomainBlock


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


# --- Federation and sign-up blocks (the admin API's models; changes here are audited too) ----

class _AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        from admin_api.audit import record

        super().save_model(request, obj, form, change)
        record(getattr(request.user, "account", None), "update" if change else "create", obj)

    def delete_model(self, request, obj):
        from admin_api.audit import record

        record(getattr(request.user, "account", None), "destroy", obj)
        super().delete_model(request, obj)


@admin.register(DomainAllow)
class DomainAllowAdmin(_AuditedAdmin):
    list_display = ("domain", "created_at")
    search_fields = ("domain",)

    def save_model(self, request, obj, form, change):
        obj.domain = obj.domain.strip().lower()
        super().save_model(request, obj, form, change)


@admin.register(EmailDomainBlock)
class EmailDomainBlockAdmin(DomainAllowAdmin):
    pass


class IpBlockForm(forms.ModelForm):
    class Meta:
        model = IpBlock
        fields = ("ip", "severity", "comment", "expires_at")

    def clean_ip(self):
        """Stored as the admin API stores it: a network in CIDR notation."""
        from accounts.services.blocks import parse_network

        network = parse_network(self.cleaned_data["ip"])
        if network is None:
            raise forms.ValidationError("Enter an IP address or a network such as 192.0.2.0/24.")
        return f"{network.network_address}/{network.prefixlen}"


@admin.register(IpBlock)
class IpBlockAdmin(_AuditedAdmin):
    form = IpBlockForm
    list_display = ("ip", "severity", "comment", "expires_at", "created_at")
    list_filter = ("severity",)
    search_fields = ("ip", "comment")


@admin.register(CanonicalEmailBlock)
class CanonicalEmailBlockAdmin(_AuditedAdmin):
    list_display = ("canonical_email_hash", "created_at")
    search_fields = ("canonical_email_hash",)


# The instance app's domain-block page, with the admin API's effects: the domain's accounts
# are silenced or suspended (and freed again) and the change is audited.
admin.site.unregister(DomainBlock)


@admin.register(DomainBlock)
class AuditedDomainBlockAdmin(DomainBlockAdmin):
    def save_model(self, request, obj, form, change):
        from admin_api.audit import record
        from admin_api.services import apply_domain_block, lift_domain_block

        if change:
            lift_domain_block(DomainBlock.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        apply_domain_block(obj)
        record(getattr(request.user, "account", None), "update" if change else "create", obj,
               f"{obj.domain} ({obj.severity})")

    def delete_model(self, request, obj):
        from admin_api.audit import record
        from admin_api.services import lift_domain_block

        record(getattr(request.user, "account", None), "destroy", obj)
        lift_domain_block(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for block in queryset:
            self.delete_model(request, block)


# The accounts app's user and account pages, their moderation actions going through the
# admin API's services: the same effects (strikes, notifications, reports resolved) and the
# same audit log.
admin.site.unregister(User)
admin.site.unregister(Account)


def _actor(request):
    return getattr(request.user, "account", None)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    @admin.action(description="Approve selected users", permissions=["change"])
    def approve(self, request, queryset):
        from admin_api import services

        users, skipped = self.actionable(request, queryset)
        count = 0
        for user in users:
            if not user.approved:
                services.approve(_actor(request), user.account)
                count += 1
        self.message_user(request, f"{count} user(s) approved.")
        self.skipped(request, skipped)

    @admin.action(description="Disable the login of selected users", permissions=["change"])
    def disable(self, request, queryset):
        from admin_api import services

        # Never the signed-in staff member (actionable): they would lock themselves out.
        users, skipped = self.actionable(request, queryset)
        count = 0
        for user in users:
            if not user.disabled:
                services.take_action(_actor(request), user.account, "disable")
                count += 1
        self.message_user(request, f"{count} user(s) disabled.")
        self.skipped(request, skipped)

    @admin.action(description="Enable the login of selected users", permissions=["change"])
    def enable(self, request, queryset):
        from admin_api import services

        users, skipped = self.actionable(request, queryset)
        for user in users:
            services.enable(_actor(request), user.account)
        self.message_user(request, f"{len(users)} user(s) enabled.")
        self.skipped(request, skipped)


@admin.register(Account)
class AuditedAccountAdmin(AccountAdmin):
    def save_model(self, request, obj, form, change):
        from admin_api.audit import record

        changed = set(form.changed_data) & {"suspended_at", "silenced_at"}
        super().save_model(request, obj, form, change)
        for field in sorted(changed):
            action = {"suspended_at": "suspend", "silenced_at": "silence"}[field]
            record(_actor(request), action if getattr(obj, field) else f"un{action}", obj)
