"""Staff permissions (Mastodon's UserRole flags) of the user behind a request."""
from typing import Any

from django.apps import apps

from accounts.models import User, UserRole


def can(user: Any, *flags: str) -> bool:
    """Whether the user's role grants any of the flags (administrator grants all)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    role = user.role
    if role is None:
        return any(UserRole.EVERYONE_PERMISSIONS & UserRole.FLAGS[flag] for flag in flags)
    return role.can(*flags)


def overrides(actor_role: UserRole | None, target_role: UserRole | None) -> bool:
    """Mastodon's UserRole#overrides?: a role acts only on lower roles (users without a
    staff role are the lowest)."""
    if target_role is None:
        return True
    if actor_role is None:
        return False
    return actor_role.position > target_role.position


def is_administrator(user: Any) -> bool:
    role = getattr(user, "role", None)
    return role is not None and bool(role.permissions & UserRole.FLAGS["administrator"])


def acts_on(actor: User, target_user: User | None) -> bool:
    """Whether a staff member may act on a local user (change, disable, delete them): never
    on themselves nor on an equal or higher role, as the admin API's take_action."""
    return target_user is not None and target_user.pk != actor.pk and overrides(actor.role, target_user.role)


def may_grant(actor: User, role: UserRole | None) -> bool:
    """Whether a staff member may give someone this role: manage_roles, and nobody grants a
    role above their own (Mastodon's User#validate_role_elevation)."""
    if role is None:
        return can(actor, "manage_roles")
    return can(actor, "manage_roles") and actor.role is not None and role.position <= actor.role.position


# --- The Django admin -------------------------------------------------------------------------
# What each staff member may see and do in the Django admin follows from their role's
# permission flags alone (never Django's is_superuser, groups or per-user permissions):
# "app_label.model" -> {action: flags, "*": the flags of the other actions}; any of the
# flags is enough, and the administrator flag grants everything. A model not listed here
# (tokens, applications, relationships...) is for administrators only.
ADMIN_MODELS = {
    "accounts.user": {"*": ("manage_users",), "delete": ("delete_user_data",)},
    "accounts.account": {"*": ("manage_users",), "delete": ("delete_user_data",)},
    "accounts.userrole": {"*": ("manage_roles",)},
    "admin_api.accountwarning": {"*": ("manage_users",)},
    "admin_api.auditlogentry": {"*": ("view_audit_log",)},
    "admin_api.accountwarningpreset": {"*": ("manage_settings",)},
    "admin_api.appeal": {"*": ("manage_appeals",)},
    "admin_api.reportnote": {"*": ("manage_reports",)},
    "admin_api.accounttag": {"*": ("manage_users",)},
    "admin_api.suggestedaccount": {"*": ("manage_taxonomies",)},
    "accounts.invite": {"*": ("manage_invites",)},
    "reports.report": {"*": ("manage_reports",)},
    "statuses.status": {"*": ("manage_reports",)},
    "media.mediaattachment": {"*": ("manage_reports",)},
    "instance.sitesettings": {"*": ("manage_settings",)},
    "instance.rule": {"*": ("manage_rules",)},
    "instance.customemoji": {"*": ("manage_custom_emojis",)},
    "instance.domainblock": {"*": ("manage_federation",)},
    "instance.domainallow": {"*": ("manage_federation",)},
    "accounts.emaildomainblock": {"*": ("manage_blocks",)},
    "accounts.ipblock": {"*": ("manage_blocks",)},
    "accounts.canonicalemailblock": {"*": ("manage_blocks",)},
    "announcements.announcement": {"*": ("manage_announcements",)},
    "tags.tag": {"*": ("manage_taxonomies",)},
}
ADMIN_ACTIONS = ("view", "add", "change", "delete")


def admin_flags(app_label: str, model_name: str, action: str) -> tuple[str, ...]:
    """The flags (any of them) a Django admin action on a model needs; () means
    administrators only."""
    rules = ADMIN_MODELS.get(f"{app_label}.{model_name}".lower(), {})
    return rules.get(action, rules.get("*", ()))


def may_admin(user: Any, app_label: str, model_name: str, action: str) -> bool:
    if user is None or not getattr(user, "is_active", False) or getattr(user, "role", None) is None:
        return False
    return user.role.can(*admin_flags(app_label, model_name, action))


def has_admin_perm(user: Any, perm: str) -> bool:
    """Django's user.has_perm("app_label.<action>_<model>"), answered from the role."""
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    if action not in ADMIN_ACTIONS or not model_name:
        return is_administrator(user) and getattr(user, "is_active", False)
    return may_admin(user, app_label, model_name, action)


def has_admin_module_perms(user: Any, app_label: str) -> bool:
    """Whether the app shows in the Django admin: the user may view one of its models."""
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return False
    return any(may_admin(user, app_label, model._meta.model_name or "", "view") for model in models)


def is_admin_staff(user: Any) -> bool:
    """Who may sign in to the Django admin: a role that may see some page there."""
    role = getattr(user, "role", None)
    if role is None:
        return False
    flags = {flag for rules in ADMIN_MODELS.values() for needed in rules.values() for flag in needed}
    return role.can(*flags)
