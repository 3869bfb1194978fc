"""Mastodon's built-in roles, and the audit log every moderation action writes."""
import importlib

import pytest
from django.apps import apps as django_apps

from accounts.models import UserRole
from accounts.roles import find_role
from admin_api.models import AuditLogEntry
from tests.admin_api.conftest import make_report
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def flags(role):
    return {name for name, bit in UserRole.FLAGS.items() if role.permissions & bit}


def test_builtin_roles_are_mastodons_defaults():
    assert flags(find_role("Moderator")) == {"invite_users", "view_dashboard", "view_audit_log", "view_feeds",
                                             "manage_users", "manage_reports", "manage_taxonomies"}
    admin = flags(find_role("Admin"))
    assert {"manage_federation", "manage_blocks", "delete_user_data", "manage_roles"} <= admin
    assert "administrator" not in admin and "view_devops" not in admin
    assert flags(find_role("Owner")) == {"administrator"}


def test_migration_fixes_existing_rows():
    migration = importlib.import_module("accounts.migrations.0005_mastodon_default_role_permissions")
    moderator = find_role("Moderator")
    UserRole.objects.filter(pk=moderator.pk).update(permissions=migration.flags(migration.OLD_MODERATION))
    migration.forwards(django_apps, None)
    moderator.refresh_from_db()
    assert not moderator.can("manage_federation") and not moderator.can("manage_blocks")
    assert moderator.can("manage_reports")


def test_actions_are_logged(api, admin, admin_token):
    target = make_user("target")
    account_id = target.account.id
    for path, action in [("action", "silence"), ("unsilence", "unsilence"), ("action", "suspend"),
                         ("unsuspend", "unsuspend"), ("action", "disable"), ("enable", "enable"),
                         ("action", "sensitive"), ("unsensitive", "unsensitive")]:
        data = {"type": action} if path == "action" else None
        response = api.post(f"/api/v1/admin/accounts/{account_id}/{path}", data, token=admin_token)
        assert response.status_code == 200, response.content
    logged = list(AuditLogEntry.objects.order_by("id").values_list("action", "target_type", "target_id"))
    assert logged == [(a, "Account", str(account_id)) for a in (
        "silence", "unsilence", "suspend", "unsuspend", "disable", "enable", "sensitive", "unsensitive")]
    entry = AuditLogEntry.objects.first()
    assert entry.account_id == admin.account.id and entry.summary == "@target"


def test_report_actions_and_approval_are_logged(api, admin, admin_token):
    pending = make_user("pending", approved=False)
    assert api.post(f"/api/v1/admin/accounts/{pending.account.id}/approve", token=admin_token).status_code == 200
    report = make_report(make_user("reporter").account, make_user("bad").account)
    for name in ("assign_to_self", "unassign", "resolve", "reopen"):
        assert api.post(f"/api/v1/admin/reports/{report.id}/{name}", token=admin_token).status_code == 200
    rejected = make_user("nope", approved=False)
    assert api.post(f"/api/v1/admin/accounts/{rejected.account.id}/reject", token=admin_token).status_code == 200
    logged = list(AuditLogEntry.objects.order_by("id").values_list("action", "target_type"))
    assert logged == [("approve", "Account"), ("assigned_to_self", "Report"), ("unassigned", "Report"),
                      ("resolve", "Report"), ("reopen", "Report"), ("reject", "Account")]
    assert AuditLogEntry.objects.get(action="reject").summary == "@nope"  # kept after the account is gone


def test_refused_action_is_not_logged(api, mod_token):
    target = make_user("adminish", role="Admin")
    response = api.post(f"/api/v1/admin/accounts/{target.account.id}/action", {"type": "silence"}, token=mod_token)
    assert response.status_code == 403
    assert not AuditLogEntry.objects.exists()


def test_audit_log_is_read_only_in_django_admin(client):
    owner = make_user("owner", role="Owner")
    AuditLogEntry.objects.create(account=owner.account, action="suspend", target_type="Account", target_id="1",
                                 summary="@someone")
    client.force_login(owner)
    listing = client.get("/admin/admin_api/auditlogentry/")
    assert listing.status_code == 200 and b"@someone" in listing.content
    assert client.get("/admin/admin_api/auditlogentry/add/").status_code == 403
    moderator = make_user("mod", role="Moderator")
    client.force_login(moderator)
    assert client.get("/admin/admin_api/auditlogentry/").status_code == 200  # view_audit_log


def test_block_changes_in_django_admin_are_logged(client):
    from accounts.models import IpBlock

    owner = make_user("owner", role="Owner")
    client.force_login(owner)
    response = client.post("/admin/accounts/ipblock/add/", {"ip": "192.0.2.5/24", "severity": "no_access",
                                                            "comment": ""})
    assert response.status_code == 302, response.content
    block = IpBlock.objects.get()
    assert block.ip == "192.0.2.0/24"
    assert client.post("/admin/accounts/ipblock/add/", {"ip": "nonsense", "severity": "no_access"}).status_code == 200
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.target_type, entry.account_id) == ("create", "IpBlock", owner.account.id)
    moderator = make_user("mod", role="Moderator")
    client.force_login(moderator)
    assert client.get("/admin/accounts/ipblock/").status_code == 403  # manage_blocks is the Admin's


def test_domain_block_in_django_admin_takes_effect_and_is_logged(client):
    from instance.models import DomainBlock
    from tests.admin_api.conftest import remote_account

    far = remote_account("far", "bad.example")
    owner = make_user("owner", role="Owner")
    client.force_login(owner)
    response = client.post("/admin/instance/domainblock/add/", {"domain": "Bad.Example", "severity": "suspend",
                                                                "public_comment": "", "private_comment": ""})
    assert response.status_code == 302, response.content
    far.refresh_from_db()
    assert far.suspended_at is not None
    block = DomainBlock.objects.get()
    assert client.post(f"/admin/instance/domainblock/{block.pk}/delete/", {"post": "yes"}).status_code == 302
    far.refresh_from_db()
    assert far.suspended_at is None
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", "target_type")) == [
        ("create", "DomainBlock"), ("destroy", "DomainBlock")]


def test_django_admin_user_actions_go_through_the_services(client):
    from accounts.models import User
    from admin_api.models import AccountWarning

    admin_user = make_user("boss", role="Admin")
    pending = make_user("pending", approved=False)
    rowdy = make_user("rowdy")
    client.force_login(admin_user)
    for action, target in (("approve", pending), ("disable", rowdy), ("enable", rowdy)):
        response = client.post("/admin/accounts/user/", {"action": action, "_selected_action": [target.pk]})
        assert response.status_code == 302, response.content
    assert User.objects.get(pk=pending.pk).approved and not User.objects.get(pk=rowdy.pk).disabled
    assert AccountWarning.objects.filter(target_account=rowdy.account, action="disable").exists()
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", "target_id")) == [
        ("approve", str(pending.account.id)), ("disable", str(rowdy.account.id)), ("enable", str(rowdy.account.id))]
