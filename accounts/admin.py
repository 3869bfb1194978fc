"""Admin pages for users, accounts and roles.

Who signs in and what they may see and do follows from their role's permission flags
(accounts.permissions: User.is_staff, has_perm). On top of that, Mastodon's role order, as
the admin API enforces it: nobody acts on themselves or on a user of an equal or higher role
(their user and account pages are read-only to them, and bulk actions skip them), and
nobody grants a role above their own nor makes a role above their own.

New local users come from sign-up or `manage.py accounts create`, never from here: a user
needs an account, a checked username and a password."""
from django import forms
from django.contrib import admin, messages

from accounts.models import Account, Invite, User, UserRole
from accounts.services import confirmation
from accounts.services.users import disable_user, enable_user, suspend_account
from accounts.permissions import acts_on, can, is_administrator, may_grant, overrides


class UserForm(forms.ModelForm):
    actor = None  # the signed-in staff member (UserAdmin.get_form)

    def clean_role(self):
        role = self.cleaned_data.get("role")
        if role != self.instance.role and not may_grant(self.actor, role):
            raise forms.ValidationError("You may not grant this role.")
        return role


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "email", "role", "confirmed", "approved", "disabled", "created_at"]
    list_filter = ["role", "approved", "disabled", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["account", "role"]
    search_fields = ["email", "account__username"]
    ordering = ["-created_at"]
    actions = ["approve", "confirm", "disable", "enable"]
    fieldsets = [
        (None, {"fields": ["account", "email", "unconfirmed_email", "role", "locale"]}),
        ("State", {"fields": ["confirmed_at", "approved", "disabled"]}),
        ("Sign-up", {"fields": ["created_at", "sign_up_ip", "created_by_application", "sign_up_reason",
                                "confirmation_sent_at", "current_sign_in_at", "last_login"]}),
        ("Posting defaults", {"fields": ["default_privacy", "default_sensitive", "default_language"]}),
    ]
    readonly_fields = ["account", "confirmed_at", "created_at", "sign_up_ip", "created_by_application",
                       "sign_up_reason", "confirmation_sent_at", "current_sign_in_at", "last_login"]

    form = UserForm

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or acts_on(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or acts_on(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can(request.user, "manage_roles"):
            fields.append("role")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        if "role" in form.base_fields:  # only the roles they may grant are offered
            field = form.base_fields["role"]
            field.queryset = field.queryset.filter(pk__in=[role.pk for role in UserRole.objects.all()
                                                           if may_grant(request.user, role)])
        return form

    def save_model(self, request, obj, form, change):
        newly_disabled = "disabled" in form.changed_data and obj.disabled
        super().save_model(request, obj, form, change)
        if newly_disabled:
            disable_user(obj)  # its open streams close too

    @staticmethod
    def actionable(request, queryset):
        """The selected users the staff member may act on (role order); the rest are left
        alone and said so."""
        users = list(queryset.select_related("account", "role"))
        allowed = [user for user in users if acts_on(request.user, user)]
        return allowed, len(users) - len(allowed)

    def skipped(self, request, count):
        if count:
            self.message_user(request, f"{count} user(s) skipped: you may not act on yourself or on an equal "
                                       "or higher role.", messages.WARNING)

    @admin.display(ordering="account__username")
    def username(self, user):
        return user.account.username

    @admin.display(boolean=True, ordering="confirmed_at")
    def confirmed(self, user):
        return user.is_confirmed

    @admin.action(description="Approve selected users", permissions=["change"])
    def approve(self, request, queryset):
        users, skipped = self.actionable(request, queryset)
        count = User.objects.filter(pk__in=[user.pk for user in users], approved=False).update(approved=True)
        self.message_user(request, f"{count} user(s) approved.")
        self.skipped(request, skipped)

    @admin.action(description="Confirm the e-mail address of selected users", permissions=["change"])
    def confirm(self, request, queryset):
        users, skipped = self.actionable(request, queryset)
        count = 0
        for user in users:
            if confirmation.is_awaiting_confirmation(user):
                if confirmation.confirm(user):
                    count += 1
                else:
                    self.message_user(request, f"The new address of {user.account.username} is taken by "
                                               "another user.", messages.WARNING)
        self.message_user(request, f"{count} user(s) confirmed.")
        self.skipped(request, skipped)

    @admin.action(description="Disable the login of selected users", permissions=["change"])
    def disable(self, request, queryset):
        # Never the signed-in staff member (acts_on): they would lock themselves out.
        users, skipped = self.actionable(request, queryset)
        count = 0
        for user in users:
            if not user.disabled:
                disable_user(user)  # its open streams close too
                count += 1
        self.message_user(request, f"{count} user(s) disabled.")
        self.skipped(request, skipped)

    @admin.action(description="Enable the login of selected users", permissions=["change"])
    def enable(self, request, queryset):
        users, skipped = self.actionable(request, queryset)
        for user in users:
            enable_user(user)
        self.message_user(request, f"{len(users)} user(s) enabled.")
        self.skipped(request, skipped)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["username", "domain", "display_name", "created_at", "statuses_count", "followers_count",
                    "suspended_at"]
    list_filter = [("domain", admin.EmptyFieldListFilter), ("suspended_at", admin.EmptyFieldListFilter)]
    search_fields = ["username", "domain", "display_name"]
    ordering = ["-created_at"]
    readonly_fields = ["username", "domain", "uri", "url", "created_at", "updated_at", "followers_count",
                       "following_count", "statuses_count", "last_status_at", "moved_to"]

    def has_add_permission(self, request):
        return False  # local accounts come with their user, remote ones from federation

    @staticmethod
    def may_act(request, account):
        user = getattr(account, "user", None) if account.domain is None else None
        return user is None or acts_on(request.user, user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.may_act(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.may_act(request, obj))

    def save_model(self, request, obj, form, change):
        newly_suspended = "suspended_at" in form.changed_data and obj.suspended_at is not None
        super().save_model(request, obj, form, change)
        if newly_suspended:
            suspend_account(obj)  # its user's tokens revoked, its streams closed


class UserRoleForm(forms.ModelForm):
    """Nobody makes a role above their own: neither a higher position nor permissions they
    lack themselves (Mastodon's UserRole position and permissions elevation checks)."""

    actor = None

    def clean_position(self):
        position = self.cleaned_data.get("position")
        own = self.actor.role
        if position is not None and (own is None or position > own.position):
            raise forms.ValidationError("The position may not be above your own role's.")
        return position

    def clean_permissions(self):
        permissions = self.cleaned_data.get("permissions") or 0
        if not is_administrator(self.actor):
            own = self.actor.role.permissions if self.actor.role is not None else 0
            if permissions & ~own:
                raise forms.ValidationError("You may not grant permissions you do not have.")
        return permissions


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "highlighted", "color"]
    search_fields = ["name"]
    form = UserRoleForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def has_change_permission(self, request, obj=None):
        # Only roles below one's own (so never one's own role).
        return super().has_change_permission(request, obj) and (obj is None or overrides(request.user.role, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or overrides(request.user.role, obj))


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ("token", "created_by", "uses", "max_uses", "expires_at", "revoked", "created_at")
    list_filter = ("revoked",)
    search_fields = ("token", "comment", "created_by__username")
    raw_id_fields = ("created_by",)
    readonly_fields = ("uses",)
