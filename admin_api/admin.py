from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models as dj_models

from accounts.admin import AccountAdmin, UserAdmin
from accounts.models import Account, CanonicalEmailBlock, EmailDomainBlock, IpBlock, User
from accounts.services.blocks import parse_network
from admin_api import services
from admin_api.audit import record
from admin_api.models import (AccountTag, AccountWarning, AccountWarningPreset, Appeal, AuditLogEntry, ReportNote,
                              SuggestedAccount)
from admin_api.pleroma import services as pleroma_services
from admin_api.pleroma.services import set_suggested, tag_users
from admin_api.services import (apply_domain_block, create_email_domain_block, delete_email_domain_block,
                                lift_domain_block)
from fedi.errors import ApiError
from instance.admin import DomainBlockAdmin
from instance.models import DomainAllow, DomainBlock


@admin.register(AccountWarning)
class AccountWarningAdmin(admin.ModelAdmin):
    list_display = ("id", "action", "target_account", "account", "created_at")
    list_filter = ("action",)
    search_fields = ("target_account__username", "text")
    raw_id_fields = ("account", "target_account", "report")


@admin.register(AccountWarningPreset)
class AccountWarningPresetAdmin(admin.ModelAdmin):
    list_display = ("title", "text", "created_at")
    search_fields = ("title", "text")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Pending appeals are reviewed here; approving undoes the strike's action, through the
    same services (and audit log) as everything else."""

    list_display = ("id", "account", "warning_action", "state", "text", "created_at")
    list_filter = (("approved_at", admin.EmptyFieldListFilter), ("rejected_at", admin.EmptyFieldListFilter))
    search_fields = ("account__username", "text")
    readonly_fields = ("account", "account_warning", "text", "approved_at", "approved_by", "rejected_at",
                       "rejected_by", "created_at")
    actions = ["approve", "reject"]

    @admin.display(description="action appealed")
    def warning_action(self, appeal):
        return appeal.account_warning.action

    def has_add_permission(self, request):
        return False  # the warned user appeals, not staff

    def _handle(self, request, queryset, service, verb):
        done = 0
        for appeal in queryset.select_related("account_warning"):
            try:
                getattr(services, service)(_actor(request), appeal)
                done += 1
            except ApiError:
                pass
        self.message_user(request, f"{done} appeal(s) {verb}.")

    @admin.action(description="Approve selected appeals (undo the action)", permissions=["change"])
    def approve(self, request, queryset):
        self._handle(request, queryset, "approve_appeal", "approved")

    @admin.action(description="Reject selected appeals", permissions=["change"])
    def reject(self, request, queryset):
        self._handle(request, queryset, "reject_appeal", "rejected")


@admin.register(ReportNote)
class ReportNoteAdmin(admin.ModelAdmin):
    list_display = ("id", "report", "account", "content", "created_at")
    search_fields = ("content",)
    raw_id_fields = ("report", "account")


@admin.register(AccountTag)
class AccountTagAdmin(admin.ModelAdmin):
    """Tags are added and removed through the Pleroma admin API's service (the account's
    pleroma.tags copy kept, the audit log written)."""

    list_display = ("account", "name")
    search_fields = ("account__username", "name")
    raw_id_fields = ("account",)

    def save_model(self, request, obj, form, change):
        if change:
            old = AccountTag.objects.get(pk=obj.pk)
            tag_users(_actor(request), [old.account], [old.name], False)
        tag_users(_actor(request), [obj.account], [obj.name], True)
        obj.pk = AccountTag.objects.get(account=obj.account, name=obj.name.strip()).pk

    def delete_model(self, request, obj):
        tag_users(_actor(request), [obj.account], [obj.name], False)

    def delete_queryset(self, request, queryset):
        for tag in queryset.select_related("account"):
            self.delete_model(request, tag)


@admin.register(SuggestedAccount)
class SuggestedAccountAdmin(admin.ModelAdmin):
    """Staff picks, offered first by the follow suggestions (their `featured` source)."""

    list_display = ("account", "created_at")
    raw_id_fields = ("account",)
    fields = ("account",)

    def save_model(self, request, obj, form, change):
        set_suggested(_actor(request), obj.account, True)

    def delete_model(self, request, obj):
        set_suggested(_actor(request), obj.account, False)

    def delete_queryset(self, request, queryset):
        for suggestion in queryset.select_related("account"):
            self.delete_model(request, suggestion)


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
        super().save_model(request, obj, form, change)
        record(getattr(request.user, "account", None), "update" if change else "create", obj)

    def delete_model(self, request, obj):
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
    """New blocks go through the admin API's service: their mail servers are blocked with
    them; deleting one deletes those too."""

    list_display = ("domain", "allow_with_approval", "parent", "created_at")
    list_filter = ("allow_with_approval", ("parent", admin.EmptyFieldListFilter))
    fields = ("domain", "allow_with_approval")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        block = create_email_domain_block(_actor(request), obj.domain, allow_with_approval=obj.allow_with_approval)
        obj.pk = block.pk

    def delete_model(self, request, obj):
        delete_email_domain_block(_actor(request), obj)

    def delete_queryset(self, request, queryset):
        for block in queryset:
            if EmailDomainBlock.objects.filter(pk=block.pk).exists():  # not gone with its parent
                self.delete_model(request, block)


class IpBlockForm(forms.ModelForm):
    class Meta:
        model = IpBlock
        fields = ("ip", "severity", "comment", "expires_at")

    def clean_ip(self):
        """Stored as the admin API stores it: a network in CIDR notation."""
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
        if change:
            lift_domain_block(DomainBlock.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        apply_domain_block(obj)
        record(getattr(request.user, "account", None), "update" if change else "create", obj,
               f"{obj.domain} ({obj.severity})")

    def delete_model(self, request, obj):
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
        users, skipped = self.actionable(request, queryset)
        for user in users:
            services.enable(_actor(request), user.account)
        self.message_user(request, f"{len(users)} user(s) enabled.")
        self.skipped(request, skipped)


@admin.register(Account)
class AuditedAccountAdmin(AccountAdmin):
    """Accounts by username, e-mail, role and state; the moderation actions of the admin API
    (a strike each, reports resolved, the audit log) on the selected ones, never on the
    staff member themselves nor on an equal or higher role."""

    list_filter = [("domain", admin.EmptyFieldListFilter), ("suspended_at", admin.EmptyFieldListFilter),
                   ("silenced_at", admin.EmptyFieldListFilter), ("sensitization", admin.EmptyFieldListFilter),
                   "user__role", "user__disabled", "user__approved"]
    search_fields = ["username", "domain", "display_name", "user__email"]
    list_select_related = ["user", "user__role"]
    actions = ["silence", "suspend", "sensitive", "unsilence", "unsuspend", "unsensitive"]

    def _moderate(self, request, queryset, act, verb):
        done = skipped = 0
        for account in queryset.select_related("user__role"):
            try:
                act(services, account)
                done += 1
            except ApiError:  # not theirs to act on (role order), or nothing to undo
                skipped += 1
        self.message_user(request, f"{done} account(s) {verb}.")
        if skipped:
            self.message_user(request, f"{skipped} account(s) skipped: not yours to act on, or not in that state.",
                              level="warning")

    def _strike(self, request, queryset, type_, verb):
        actor = _actor(request)
        self._moderate(request, queryset, lambda services, account: services.take_action(actor, account, type_),
                       verb)

    def _undo(self, request, queryset, service, verb):
        actor = _actor(request)

        def undo(services, account):
            services._require_override(actor, account)
            getattr(services, service)(actor, account)

        self._moderate(request, queryset, undo, verb)

    @admin.action(description="Limit (silence) selected accounts", permissions=["change"])
    def silence(self, request, queryset):
        self._strike(request, queryset, "silence", "limited")

    @admin.action(description="Suspend selected accounts", permissions=["change"])
    def suspend(self, request, queryset):
        self._strike(request, queryset, "suspend", "suspended")

    @admin.action(description="Force the media of selected accounts sensitive", permissions=["change"])
    def sensitive(self, request, queryset):
        self._strike(request, queryset, "sensitive", "marked sensitive")

    @admin.action(description="Lift the limit of selected accounts", permissions=["change"])
    def unsilence(self, request, queryset):
        self._undo(request, queryset, "unsilence", "no longer limited")

    @admin.action(description="Unsuspend selected accounts", permissions=["change"])
    def unsuspend(self, request, queryset):
        self._undo(request, queryset, "unsuspend", "unsuspended")

    @admin.action(description="Stop forcing the media of selected accounts sensitive", permissions=["change"])
    def unsensitive(self, request, queryset):
        self._undo(request, queryset, "unsensitive", "no longer forced sensitive")

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data) & {"suspended_at", "silenced_at"}
        super().save_model(request, obj, form, change)
        for field in sorted(changed):
            action = {"suspended_at": "suspend", "silenced_at": "silence"}[field]
            record(_actor(request), action if getattr(obj, field) else f"un{action}", obj)


# --- Statuses and reports: moderation through the services ------------------------------------

from reports.models import Report  # noqa: E402
from statuses.models import Status  # noqa: E402


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    """Statuses by author and visibility; deleting one goes through remove_status (reblogs,
    counters, feeds and streams follow) and is written to the audit log."""

    list_display = ("id", "account", "visibility", "sensitive", "local", "created_at")
    list_filter = ("visibility", "local", "sensitive")
    search_fields = ("account__username", "text")
    raw_id_fields = ("account", "in_reply_to", "in_reply_to_account", "reblog_of", "conversation", "application")
    list_select_related = ("account",)
    readonly_fields = ("content",)
    actions = ["mark_sensitive", "delete_through_services"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deleting goes through the services (below)
        return actions

    @admin.action(description="Mark the selected statuses' media sensitive", permissions=["change"])
    def mark_sensitive(self, request, queryset):
        for status in queryset:
            pleroma_services.update_status(_actor(request), status, sensitive=True)
        self.message_user(request, f"{queryset.count()} status(es) marked sensitive.")

    @admin.action(description="Delete the selected statuses", permissions=["delete"])
    def delete_through_services(self, request, queryset):
        statuses = list(queryset.select_related("account"))
        for status in statuses:
            pleroma_services.delete_status(_actor(request), status)
        self.message_user(request, f"{len(statuses)} status(es) deleted.")

    def delete_model(self, request, obj):
        pleroma_services.delete_status(_actor(request), obj)


admin.site.unregister(Report)


class ReportStateFilter(admin.SimpleListFilter):
    title, parameter_name = "state", "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("resolved", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(action_taken_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(action_taken_at__isnull=False)
        return queryset


@admin.register(Report)
class AuditedReportAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "target_account", "category", "created_at", "action_taken_at")
    list_filter = (ReportStateFilter, "category")
    search_fields = ("account__username", "target_account__username", "comment")
    raw_id_fields = ("account", "target_account", "statuses", "action_taken_by", "assigned_account")
    actions = ["resolve", "reopen"]

    @admin.action(description="Resolve the selected reports", permissions=["change"])
    def resolve(self, request, queryset):
        for report in queryset.filter(action_taken_at__isnull=True):
            services.resolve(_actor(request), report)
        self.message_user(request, "Reports resolved.")

    @admin.action(description="Reopen the selected reports", permissions=["change"])
    def reopen(self, request, queryset):
        for report in queryset.filter(action_taken_at__isnull=False):
            services.reopen(_actor(request), report)
        self.message_user(request, "Reports reopened.")


# --- Every other model: a read-mostly page for administrators ---------------------------------
# (permissions.ADMIN_MODELS does not list them: administrators only). List displays, search
# on the account's username where there is one, filters on booleans and choices.

def register_the_rest():
    """Called from AdminApiConfig.ready(): after the admin's autodiscover (django.contrib.admin
    comes first in INSTALLED_APPS) has loaded every app's own admin pages."""
    ours = {"accounts", "oauth", "relationships", "media", "media_attachments", "polls", "cards", "tags", "filters",
            "statuses", "timelines", "feeds", "notifications", "search", "streaming", "reports", "admin_api",
            "announcements", "activitypub", "trends", "instance", "chats", "pleroma_api"}
    for model in apps.get_models():
        if model._meta.app_label not in ours or model in admin.site._registry:
            continue
        fields = [field for field in model._meta.concrete_fields]
        display = tuple(field.name for field in fields[:6])
        related = tuple(field.name for field in fields if isinstance(field, (dj_models.ForeignKey,
                                                                              dj_models.OneToOneField)))
        filters = tuple(field.name for field in fields
                        if isinstance(field, dj_models.BooleanField) or (field.choices and not field.is_relation))
        search = tuple(f"{name}__username" for name in related
                       if getattr(model._meta.get_field(name).related_model._meta, "label", "") == "accounts.Account")
        options = {"list_display": display, "raw_id_fields": related, "list_filter": filters[:4],
                   "search_fields": search}
        admin.site.register(model, type(f"{model.__name__}Admin", (admin.ModelAdmin,), options))

