"""Mastodon's built-in staff roles, and finding a role by name.

The roles are created by a data migration; they are re-created here when missing (a
database flushed by a test run, or rows deleted by hand), so naming a built-in role
always works.
"""
from django.db import transaction

from accounts.models import UserRole

# Mastodon's config/roles.yml, exactly: the Moderator handles users, reports and
# hashtags; federation, blocks, appeals, invites and deleting data are the Admin's.
MODERATOR_PERMISSIONS = ["invite_users", "view_dashboard", "view_audit_log", "view_feeds", "manage_users",
                         "manage_reports", "manage_taxonomies"]
ADMIN_PERMISSIONS = MODERATOR_PERMISSIONS + [
    "manage_user_access", "delete_user_data", "manage_federation", "manage_settings", "manage_blocks",
    "manage_appeals", "manage_rules", "manage_invites", "manage_announcements", "manage_custom_emojis",
    "manage_webhooks", "manage_roles"]


def _flags(names):
    value = 0
    for name in names:
        value |= UserRole.FLAGS[name]
    return value


# name: (Mastodon's id, position, permissions)
BUILTIN_ROLES = {
    UserRole.MODERATOR: (1, 10, _flags(MODERATOR_PERMISSIONS)),
    UserRole.ADMIN: (2, 100, _flags(ADMIN_PERMISSIONS)),
    UserRole.OWNER: (3, 1000, UserRole.FLAGS["administrator"]),
}


def find_role(name):
    """The role called `name` (any case), or None."""
    name = (name or "").strip()
    role = UserRole.objects.filter(name__iexact=name).first()
    if role is None:
        builtin = next((key for key in BUILTIN_ROLES if key.lower() == name.lower()), None)
        if builtin is not None:
            _, position, permissions = BUILTIN_ROLES[builtin]
            with transaction.atomic():
                role, _ = UserRole.objects.get_or_create(
                    name=builtin, defaults={"position": position, "permissions": permissions})
    return role


def role_names():
    names = list(UserRole.objects.order_by("-position").values_list("name", flat=True))
    return names + [name for name in BUILTIN_ROLES if name not in names]
