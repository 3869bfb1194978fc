"""Every admin operation of both APIs checks the user's role, over HTTP: the permissions
each Mastodon admin operation needs are the ones its documentation states (transcribed
below from docs.joinmastodon.org/methods/admin/); a user without a staff role is refused
every admin operation; a Moderator (Mastodon's config/roles.yml) is refused exactly those
needing a permission it lacks."""
import re

import pytest

from accounts.models import UserRole
from tests.factories import make_token, make_user
from tests.fedi.test_scope_table import _call, concrete, operations

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fedi.urls")]

# Mastodon's documented permissions (any of them suffices).
DOCUMENTED = {
    ("GET", "/api/v1/admin/accounts"): ("manage_users",),
    ("GET", "/api/v2/admin/accounts"): ("manage_users",),
    ("GET", "/api/v1/admin/accounts/:id"): ("manage_users",),
    ("POST", "/api/v1/admin/accounts/:id/approve"): ("manage_users",),
    ("POST", "/api/v1/admin/accounts/:id/reject"): ("manage_users",),
    ("DELETE", "/api/v1/admin/accounts/:id"): ("delete_user_data",),
    ("POST", "/api/v1/admin/accounts/:id/action"): ("manage_users", "manage_reports"),
    ("POST", "/api/v1/admin/accounts/:id/enable"): ("manage_users",),
    ("POST", "/api/v1/admin/accounts/:id/unsilence"): ("manage_users",),
    ("POST", "/api/v1/admin/accounts/:id/unsuspend"): ("manage_users",),
    ("POST", "/api/v1/admin/accounts/:id/unsensitive"): ("manage_users",),
    ("GET", "/api/v1/admin/canonical_email_blocks"): ("manage_blocks",),
    ("GET", "/api/v1/admin/canonical_email_blocks/:id"): ("manage_blocks",),
    ("POST", "/api/v1/admin/canonical_email_blocks/test"): ("manage_blocks",),
    ("POST", "/api/v1/admin/canonical_email_blocks"): ("manage_blocks",),
    ("DELETE", "/api/v1/admin/canonical_email_blocks/:id"): ("manage_blocks",),
    ("POST", "/api/v1/admin/dimensions"): ("view_dashboard",),
    ("GET", "/api/v1/admin/domain_allows"): ("manage_federation",),
    ("GET", "/api/v1/admin/domain_allows/:id"): ("manage_federation",),
    ("POST", "/api/v1/admin/domain_allows"): ("manage_federation",),
    ("DELETE", "/api/v1/admin/domain_allows/:id"): ("manage_federation",),
    ("GET", "/api/v1/admin/domain_blocks"): ("manage_federation",),
    ("GET", "/api/v1/admin/domain_blocks/:id"): ("manage_federation",),
    ("POST", "/api/v1/admin/domain_blocks"): ("manage_federation",),
    ("PUT", "/api/v1/admin/domain_blocks/:id"): ("manage_federation",),
    ("DELETE", "/api/v1/admin/domain_blocks/:id"): ("manage_federation",),
    ("GET", "/api/v1/admin/email_domain_blocks"): ("manage_blocks",),
    ("GET", "/api/v1/admin/email_domain_blocks/:id"): ("manage_blocks",),
    ("POST", "/api/v1/admin/email_domain_blocks"): ("manage_blocks",),
    ("DELETE", "/api/v1/admin/email_domain_blocks/:id"): ("manage_blocks",),
    ("GET", "/api/v1/admin/ip_blocks"): ("manage_blocks",),
    ("GET", "/api/v1/admin/ip_blocks/:id"): ("manage_blocks",),
    ("POST", "/api/v1/admin/ip_blocks"): ("manage_blocks",),
    ("PUT", "/api/v1/admin/ip_blocks/:id"): ("manage_blocks",),
    ("DELETE", "/api/v1/admin/ip_blocks/:id"): ("manage_blocks",),
    ("POST", "/api/v1/admin/measures"): ("view_dashboard",),
    ("GET", "/api/v1/admin/reports"): ("manage_reports",),
    ("GET", "/api/v1/admin/reports/:id"): ("manage_reports",),
    ("PUT", "/api/v1/admin/reports/:id"): ("manage_reports",),
    ("POST", "/api/v1/admin/reports/:id/assign_to_self"): ("manage_reports",),
    ("POST", "/api/v1/admin/reports/:id/unassign"): ("manage_reports",),
    ("POST", "/api/v1/admin/reports/:id/resolve"): ("manage_reports",),
    ("POST", "/api/v1/admin/reports/:id/reopen"): ("manage_reports",),
    ("POST", "/api/v1/admin/retention"): ("view_dashboard",),
    ("GET", "/api/v1/admin/trends/links"): ("manage_taxonomies",),
    ("GET", "/api/v1/admin/trends/statuses"): ("manage_taxonomies",),
    ("GET", "/api/v1/admin/trends/tags"): ("manage_taxonomies",),
}
# The trends reviews (Mastodon's Admin::Trends controllers authorize :review?, i.e. manage_taxonomies).
DOCUMENTED.update({("POST", f"/api/v1/admin/trends/{kind}/:id/{verb}"): ("manage_taxonomies",)
                   for kind in ("tags", "statuses", "links") for verb in ("approve", "reject")})

ADMIN_ROUTE = re.compile(r"^/api/(v1|v2)/admin/|^/api/(v1/)?pleroma/admin/")


def admin_operations():
    return [(method, route, callback) for method, route, callback in operations() if ADMIN_ROUTE.match(route)]


def _key(method, route):
    return method, re.sub(r"<[^>]+>", ":id", route)


def _view_flags(callback, method):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return tuple(getattr(view_class, "permissions", {}).get(method, ()))


def test_every_mastodon_admin_operation_is_served_and_asks_the_documented_permissions():
    served = {_key(method, route): _view_flags(callback, method) for method, route, callback in admin_operations()}
    missing = [key for key in DOCUMENTED if key not in served]
    assert not missing, missing
    assert len([key for key in DOCUMENTED if "/trends/" not in key[1] or key[0] == "GET"]) == 47
    wrong = {key: (served[key], flags) for key, flags in DOCUMENTED.items() if set(served[key]) != set(flags)}
    assert not wrong, wrong


def test_every_admin_operation_declares_permissions():
    undeclared = [f"{method} {route}" for method, route, callback in admin_operations()
                  if not _view_flags(callback, method)]
    assert not undeclared, undeclared


@pytest.mark.parametrize("method, route", [pytest.param(m, r, id=f"{m} {r}") for m, r, _ in admin_operations()])
def test_users_without_the_permission_are_refused(client, method, route):
    callback = {(m, r): c for m, r, c in admin_operations()}[(method, route)]
    flags = _view_flags(callback, method)
    scopes = "read write admin:read admin:write"
    path = concrete(route)
    nobody = _call(client, method, path, make_token(make_user("plain"), scopes=scopes))
    assert nobody.status_code == 403 and nobody.json() == {"error": "This action is not allowed"}, nobody.content
    moderator = make_user("moddy", role="Moderator")
    answer = _call(client, method, path, make_token(moderator, scopes=scopes))
    if moderator.role.can(*flags):
        assert answer.status_code != 403 or answer.json() != {"error": "This action is not allowed"} or \
            (method, route) in HANDLER_REFUSES, answer.content
    else:
        assert answer.status_code == 403, answer.content
    assert answer.status_code < 500, answer.content
    # a custom role with exactly the needed permission passes the role check
    custom = UserRole.objects.create(name="Custom", position=50, permissions=UserRole.FLAGS[flags[0]])
    holder = make_user("holder", role="Custom")
    assert holder.role_id == custom.id
    allowed = _call(client, method, path, make_token(holder, scopes=scopes))
    assert allowed.status_code != 403 or (method, route) in HANDLER_REFUSES, allowed.content


# Operations whose handler itself refuses an empty request from a permitted user (no such
# target, so nothing to outrank or to be pending): none, as every one answers 404 or 4xx first.
HANDLER_REFUSES: set = set()
