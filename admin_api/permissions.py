"""Staff permissions (Mastodon's UserRole flags) of the user behind a request."""
from accounts.models import UserRole


def can(user, *flags):
    """Whether the user's role grants any of the flags (administrator grants all)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    role = user.role
    if role is None:
        return any(UserRole.EVERYONE_PERMISSIONS & UserRole.FLAGS[flag] for flag in flags)
    return role.can(*flags)


def overrides(actor_role, target_role):
    """Mastodon's UserRole#overrides?: a role acts only on lower roles (users without a
    staff role are the lowest)."""
    if target_role is None:
        return True
    if actor_role is None:
        return False
    return actor_role.position > target_role.position
