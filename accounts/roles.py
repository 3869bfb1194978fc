"""Mastodon's built-in staff roles, and finding a role by name.

The roles are created by a data migration; they are re-created here when missing (a
database flushed by a test run, or rows deleted by hand), so naming a built-in role
always works.
"""
from django.db import transaction

from accounts.models import UserRole

MODERATION = ["view_dashboard", "view_audit_log", "manage_users", "manage_user_access", "delete_user_data",
              "manage_reports", "manage_appeals", "manage_federation", "manage_blocks", "manage_taxonomies",
              "manage_invites", "view_feeds"]
ADMINISTRATION = ["manage_settings", "manage_rules", "manage_roles", "manage_webhooks", "manage_custom_emojis",
                  "manage_announcements"]


def _flags(names):
    value = 0
    for name in names:
        value |= UserRole.FLAGS[name]
    return value


# name: (Mastodon's id, position, permissions)
BUILTIN_ROLES = {
    UserRole.MODERATOR: (1, 10, _flags(MODERATION)),
    UserRole.ADMIN: (2, 100, _flags(MODERATION + ADMINISTRATION)),
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
