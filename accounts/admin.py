"""Admin pages for users, accounts and roles. Owners and Admins may sign in (User.is_staff).

New local users come from sign-up or `manage.py accounts create`, never from here: a user
needs an account, a checked username and a password."""
from django.contrib import admin, messages

from accounts.models import Account, User, UserRole
from accounts.services import confirmation
from accounts.services.users import disable_user


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

    def has_add_permission(self, request):
        return False

    @admin.display(ordering="account__username")
    def username(self, user):
        return user.account.username

    @admin.display(boolean=True, ordering="confirmed_at")
    def confirmed(self, user):
        return user.is_confirmed

    @admin.action(description="Approve selected users")
    def approve(self, request, queryset):
        count = queryset.filter(approved=False).update(approved=True)
        self.message_user(request, f"{count} user(s) approved.")

    @admin.action(description="Confirm the e-mail address of selected users")
    def confirm(self, request, queryset):
        count = 0
        for user in queryset.select_related("account"):
            if confirmation.is_awaiting_confirmation(user):
                if confirmation.confirm(user):
                    count += 1
                else:
                    self.message_user(request, f"The new address of {user.account.username} is taken by "
                                               "another user.", messages.WARNING)
        self.message_user(request, f"{count} user(s) confirmed.")

    @admin.action(description="Disable the login of selected users")
    def disable(self, request, queryset):
        # Never the signed-in admin: they would lock themselves out mid-session.
        count = 0
        for user in queryset.exclude(pk=request.user.pk).filter(disabled=False):
            disable_user(user)  # its open streams close too
            count += 1
        self.message_user(request, f"{count} user(s) disabled.")

    @admin.action(description="Enable the login of selected users")
    def enable(self, request, queryset):
        count = queryset.update(disabled=False)
        self.message_user(request, f"{count} user(s) enabled.")


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


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "highlighted", "color"]
    search_fields = ["name"]
