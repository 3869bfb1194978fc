"""Accounts (profiles, local or remote), the Users who sign in to local ones, and roles."""
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from fedi.models import SnowflakeModel


def _invite_token():
    return secrets.token_urlsafe(24)


class UserRole(models.Model):
    """A staff role (Mastodon's UserRole); users without one have the 'everyone' role."""

    # Mastodon's permission flags (UserRole::FLAGS)
    FLAGS = {
        "administrator": 1 << 0, "view_devops": 1 << 1, "view_audit_log": 1 << 2, "view_dashboard": 1 << 3,
        "manage_reports": 1 << 4, "manage_federation": 1 << 5, "manage_settings": 1 << 6,
        "manage_blocks": 1 << 7, "manage_taxonomies": 1 << 8, "manage_appeals": 1 << 9,
        "manage_users": 1 << 10, "manage_invites": 1 << 11, "manage_rules": 1 << 12,
        "manage_announcements": 1 << 13, "manage_custom_emojis": 1 << 14, "manage_webhooks": 1 << 15,
        "invite_users": 1 << 16, "manage_roles": 1 << 17, "manage_user_access": 1 << 18,
        "delete_user_data": 1 << 19, "view_feeds": 1 << 20,
    }
    EVERYONE_ID = -99
    EVERYONE_PERMISSIONS = FLAGS["invite_users"]
    OWNER, ADMIN, MODERATOR = "Owner", "Admin", "Moderator"

    name = models.CharField(max_length=255, unique=True)
    color = models.CharField(max_length=16, blank=True, default="")
    permissions = models.BigIntegerField(default=0)
    highlighted = models.BooleanField(default=False)
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["-position"]

    def __str__(self):
        return self.name

    def can(self, *flags):
        if self.permissions & self.FLAGS["administrator"]:
            return True
        return any(self.permissions & self.FLAGS[flag] for flag in flags)


# What AccountSerializer reads besides the row: select them and a list renders in one query.
PROFILE_RELATED = ("user", "user__role", "moved_to")


class AccountQuerySet(models.QuerySet):
    def with_profiles(self):
        """With what AccountSerializer reads (PROFILE_RELATED), so lists render without more queries."""
        return self.select_related(*PROFILE_RELATED)


class Account(SnowflakeModel):
    """A profile: local (domain is None, has a User) or remote."""

    objects = AccountQuerySet.as_manager()

    username = models.CharField(max_length=2048)
    domain = models.CharField(max_length=255, null=True, blank=True)
    display_name = models.CharField(max_length=2048, blank=True, default="")
    note = models.TextField(blank=True, default="", help_text="The bio as the owner typed it (plain text).")
    fields = models.JSONField(default=list, blank=True,
                              help_text='[{"name": ..., "value": ..., "verified_at": ...}], as typed.')
    avatar = models.ImageField(upload_to="accounts/avatars/", null=True, blank=True, max_length=512)
    avatar_static = models.ImageField(upload_to="accounts/avatars/", null=True, blank=True, max_length=512)
    avatar_description = models.CharField(max_length=1500, blank=True, default="")
    header = models.ImageField(upload_to="accounts/headers/", null=True, blank=True, max_length=512)
    header_static = models.ImageField(upload_to="accounts/headers/", null=True, blank=True, max_length=512)
    header_description = models.CharField(max_length=1500, blank=True, default="")
    locked = models.BooleanField(default=False)
    bot = models.BooleanField(default=False)
    group = models.BooleanField(default=False)
    discoverable = models.BooleanField(null=True, blank=True)
    indexable = models.BooleanField(default=False)
    hide_collections = models.BooleanField(null=True, blank=True)
    noindex = models.BooleanField(default=False)
    memorial = models.BooleanField(default=False)
    show_media = models.BooleanField(default=True)
    show_media_replies = models.BooleanField(default=True)
    show_featured = models.BooleanField(default=True)
    moved_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    suspended_at = models.DateTimeField(null=True, blank=True)
    silenced_at = models.DateTimeField(null=True, blank=True)
    # Remote accounts carry their own addresses; local ones derive them from LOCAL_DOMAIN.
    uri = models.CharField(max_length=2048, blank=True, default="")
    url = models.CharField(max_length=2048, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Counters, kept by the services that follow and post (with F() updates).
    followers_count = models.IntegerField(default=0)
    following_count = models.IntegerField(default=0)
    statuses_count = models.IntegerField(default=0)
    last_status_at = models.DateTimeField(null=True, blank=True)
    # Pleroma's profile options (update_credentials' hide_* and friends, the `pleroma` object).
    hide_followers = models.BooleanField(default=False)
    hide_follows = models.BooleanField(default=False)
    hide_followers_count = models.BooleanField(default=False)
    hide_follows_count = models.BooleanField(default=False)
    hide_favorites = models.BooleanField(default=True)
    skip_thread_containment = models.BooleanField(default=False)
    accepts_chat_messages = models.BooleanField(null=True, blank=True, default=True)
    birthday = models.DateField(null=True, blank=True)
    # Staff's moderation tags (Pleroma's user tags, pleroma.tags of the Account entity): a copy
    # of admin_api's AccountTag rows kept by its tag service, so rendering needs no query.
    moderation_tag_names = models.JSONField(default=list, blank=True)
    show_birthday = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), Lower(Coalesce("domain", models.Value(""))),
                                    name="account_username_domain_unique_ci"),
        ]
        indexes = [models.Index(Lower("username"), name="account_username_lower")]

    def __str__(self):
        return self.acct

    @property
    def is_local(self):
        return self.domain is None

    @property
    def acct(self):
        return self.username if self.is_local else f"{self.username}@{self.domain}"

    @property
    def is_suspended(self):
        return self.suspended_at is not None

    @property
    def is_unavailable(self):
        """Mastodon's Account#unavailable?: suspended (a deleted local account is suspended
        too). Rendered without its profile (accounts.serializers.UNAVAILABLE)."""
        return self.suspended_at is not None

    @property
    def is_silenced(self):
        return self.silenced_at is not None


class UserManager(BaseUserManager):
    use_in_migrations = False

    def get_by_natural_key(self, login):
        return self.get(email__iexact=login)


def _new_token():
    return secrets.token_urlsafe(24)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in to a local account."""

    email = models.EmailField(max_length=255, unique=True)
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="user")
    role = models.ForeignKey(UserRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="users")
    locale = models.CharField(max_length=16, blank=True, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unconfirmed_email = models.EmailField(max_length=255, blank=True, default="")
    approved = models.BooleanField(default=True)
    disabled = models.BooleanField(default=False)
    sign_up_reason = models.TextField(blank=True, default="")
    sign_up_ip = models.GenericIPAddressField(null=True, blank=True)
    created_by_application = models.ForeignKey(settings.OAUTH2_PROVIDER_APPLICATION_MODEL, null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+")
    current_sign_in_at = models.DateTimeField(null=True, blank=True)
    # Posting defaults shown in CredentialAccount.source and /api/v1/preferences.
    default_privacy = models.CharField(max_length=16, default="public")
    default_sensitive = models.BooleanField(default=False)
    default_language = models.CharField(max_length=16, null=True, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    invite = models.ForeignKey("accounts.Invite", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="users", help_text="The invitation used to sign up, if any.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    def __str__(self):
        return f"{self.account.username} <{self.email}>"

    # Django admin and auth: only the role's permission flags decide (accounts.permissions),
    # never Django's is_superuser, groups or per-user permissions. The imports are local
    # because accounts.permissions imports UserRole from this module.
    @property
    def is_staff(self):
        from accounts.permissions import is_admin_staff  # accounts.permissions imports these models

        return is_admin_staff(self)

    @property
    def is_active(self):
        return not self.disabled

    def has_perm(self, perm, obj=None):
        from accounts.permissions import has_admin_perm  # accounts.permissions imports these models

        return self.is_active and has_admin_perm(self, perm)

    def has_module_perms(self, app_label):
        from accounts.permissions import has_admin_module_perms  # accounts.permissions imports these models

        return self.is_active and has_admin_module_perms(self, app_label)

    # Mastodon's states
    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_functional(self):
        return not self.disabled and not self.account.is_suspended and self.is_confirmed and self.approved

    def new_confirmation_token(self):
        self.confirmation_token = _new_token()
        self.confirmation_sent_at = timezone.now()
        return self.confirmation_token


class DismissedSuggestion(SnowflakeModel):
    """An account a user asked never to be suggested again (Mastodon's FollowRecommendationMute)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    target_account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "target_account"],
                                               name="dismissed_suggestion_one_per_pair")]

    def __str__(self):
        return f"{self.account_id} dismissed {self.target_account_id}"


# --- Sign-up and access blocks (managed through the admin API, checked here at sign-up) ---------

class EmailDomainBlock(SnowflakeModel):
    """An e-mail domain (and its subdomains) nobody may sign up with (Mastodon's EmailDomainBlock)."""

    domain = models.CharField(max_length=255, unique=True)
    # Sign-ups from the domain wait for approval instead of being refused (Mastodon 4.3).
    allow_with_approval = models.BooleanField(default=False)
    # A block of one of the parent's mail servers (MX hosts), made with it and removed with it.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.domain


class CanonicalEmailBlock(SnowflakeModel):
    """A blocked e-mail address, kept as the SHA-256 of its canonical form (Mastodon's
    CanonicalEmailBlock): every spelling of the address (dots, +tags, case) is refused."""

    canonical_email_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.canonical_email_hash


class IpBlock(SnowflakeModel):
    """An address range with a policy (Mastodon's IpBlock): sign-ups need approval, sign-ups
    are refused, or every request is refused. Ignored once expired."""

    SEVERITIES = [("sign_up_requires_approval", "Sign-ups need approval"), ("sign_up_block", "Block sign-ups"),
                  ("no_access", "Block access")]

    ip = models.CharField(max_length=64, unique=True, help_text="A network in CIDR notation, e.g. 192.0.2.0/24")
    severity = models.CharField(max_length=32, choices=SEVERITIES)
    comment = models.TextField(blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "IP block"

    def __str__(self):
        return f"{self.ip} ({self.severity})"


class Invite(SnowflakeModel):
    """An invitation to sign up (Mastodon's Invite, Pleroma's UserInviteToken): it lets its
    holder register even while registrations are closed or need approval, up to max_uses
    times and until expires_at."""

    token = models.CharField(max_length=64, unique=True, default=_invite_token)
    created_by = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: any number of sign-ups.")
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.token

    @property
    def usable(self):
        if self.revoked or (self.max_uses is not None and self.uses >= self.max_uses):
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
