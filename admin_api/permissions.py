"""The staff permissions now live in accounts.permissions (roles and their flags belong to
accounts, the lowest domain layer); this module keeps the admin API's imports working."""
from accounts.permissions import (  # noqa: F401
    ADMIN_ACTIONS,
    ADMIN_MODELS,
    acts_on,
    admin_flags,
    can,
    has_admin_module_perms,
    has_admin_perm,
    is_admin_staff,
    is_administrator,
    may_admin,
    may_grant,
    overrides,
)
