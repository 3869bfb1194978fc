"""/api/v2/admin/accounts, /api/v1/admin/accounts/:id and the moderation actions."""
import pytest

from accounts.models import Account, User
from admin_api.models import AccountSensitization, AccountWarning
from reports.models import Report
from tests.admin_api.conftest import make_report, post, remote_account
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


def ids(response):
    return [entry["id"] for entry in response.json()]


def test_show_one_account(api, admin_token):
    user = make_user("carol")
    response = api.get(f"/api/v1/admin/accounts/{user.account.id}", token=admin_token)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.account.id) and body["username"] == "carol" and body["domain"] is None
    assert body["email"] == "carol@example.com" and body["confirmed"] is True and body["approved"] is True
    assert body["disabled"] is False and body["silenced"] is False and body["suspended"] is False
    assert body["sensitized"] is False and body["role"]["id"] == "-99" and body["ips"] == []
    assert body["account"]["acct"] == "carol" and body["invite_request"] is None
    assert api.get("/api/v1/admin/accounts/424242", token=admin_token).status_code == 404


def test_remote_account_has_no_user_data(api, admin_token):
    far = remote_account()
    response = api.get(f"/api/v1/admin/accounts/{far.id}", token=admin_token)
    body = response.json()
    assert response.status_code == 200
    assert body["domain"] == "remote.example" and body["email"] is None and body["role"] is None
    assert body["account"]["acct"] == "faraway@remote.example"


def test_v2_list_filters(api, admin, admin_token, moderator):
    pending = make_user("waiting", approved=False)
    quiet = make_user("quiet")
    Account.objects.filter(pk=quiet.account.pk).update(silenced_at=quiet.account.created_at)
    gone = make_user("gone")
    Account.objects.filter(pk=gone.account.pk).update(suspended_at=gone.account.created_at)
    off = make_user("off")
    User.objects.filter(pk=off.pk).update(disabled=True)
    far = remote_account()

    def listed(**query):
        response = api.get("/api/v2/admin/accounts", query, token=admin_token)
        assert response.status_code == 200
        return set(ids(response))

    everyone = listed()
    assert {str(u.account.id) for u in (pending, quiet, gone, off, admin, moderator)} | {str(far.id)} <= everyone
    assert listed(origin="remote") == {str(far.id)}
    assert str(far.id) not in listed(origin="local")
    assert listed(status="pending") == {str(pending.account.id)}
    assert listed(status="silenced") == {str(quiet.account.id)}
    assert listed(status="suspended") == {str(gone.account.id)}
    assert listed(status="disabled") == {str(off.account.id)}
    assert str(gone.account.id) not in listed(status="active")
    assert listed(permissions="staff") == {str(admin.account.id), str(moderator.account.id)}
    assert listed(**{"role_ids[]": [str(moderator.role_id)]}) == {str(moderator.account.id)}
    assert listed(username="QUI") == {str(quiet.account.id)}
    assert listed(email="waiting@") == {str(pending.account.id)}
    assert listed(by_domain="remote.example") == {str(far.id)}
    assert listed(invited_by=str(admin.account.id)) == set()
    assert listed(ip="not an ip") == set()
    response = api.get("/api/v2/admin/accounts", {"status": "weird"}, token=admin_token)
    assert response.status_code == 400


def test_v2_list_pagination_and_constant_queries(api, admin_token, django_assert_max_num_queries):
    api.get("/api/v2/admin/accounts", token=admin_token)
    with django_assert_max_num_queries(40) as captured:
        api.get("/api/v2/admin/accounts", {"limit": "1"}, token=admin_token)
    for index in range(8):
        user = make_user(f"many{index}")
        AccountSensitization.objects.create(account=user.account)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = api.get("/api/v2/admin/accounts", {"origin": "local"}, token=admin_token)
    assert len(response.json()) == 9
    page = api.get("/api/v2/admin/accounts", {"limit": "2"}, token=admin_token)
    assert len(page.json()) == 2 and 'rel="next"' in page["Link"]
    following = api.get("/api/v2/admin/accounts", {"limit": "2", "max_id": page.json()[-1]["id"]},
                        token=admin_token)
    assert not set(ids(page)) & set(ids(following))


def test_v1_list(api, admin_token):
    pending = make_user("waiting", approved=False)
    response = api.get("/api/v1/admin/accounts", {"pending": "true"}, token=admin_token)
    assert response.status_code == 200 and ids(response) == [str(pending.account.id)]


def test_needs_manage_users_and_admin_scope(api, admin):
    plain = make_user("plain")
    token = make_token(plain, scopes="admin:read admin:write")
    response = api.get("/api/v2/admin/accounts", token=token)
    assert response.status_code == 403 and response.json()["error"] == "This action is not allowed"
    assert api.get(f"/api/v1/admin/accounts/{admin.account.id}", token=token).status_code == 403
    assert api.post(f"/api/v1/admin/accounts/{plain.account.id}/action", {"type": "suspend"},
                    token=token).status_code == 403
    assert api.get("/api/v2/admin/accounts", token=make_token(admin, scopes="read write")).status_code == 403
    assert api.post(f"/api/v1/admin/accounts/{plain.account.id}/action", {"type": "suspend"},
                    token=make_token(admin, scopes="admin:read")).status_code == 403
    assert not Account.objects.filter(suspended_at__isnull=False).exists()


def test_suspend_hides_statuses_and_resolves_reports(api, moderator, mod_token):
    target = make_user("bad")
    status = post(target.account, "spam spam")
    reporter = make_user("reporter")
    report = make_report(reporter.account, target.account, statuses=[status])
    other_report = make_report(moderator.account, target.account)
    response = api.post(f"/api/v1/admin/accounts/{target.account.id}/action",
                        {"type": "suspend", "report_id": str(report.id), "text": "bye"}, token=mod_token)
    assert response.status_code == 200 and response.json() == {}
    target.account.refresh_from_db()
    assert target.account.suspended_at is not None
    assert api.get(f"/api/v1/statuses/{status.id}", token=make_token(reporter)).status_code == 404
    for each in (report, other_report):
        each.refresh_from_db()
        assert each.action_taken_at is not None and each.action_taken_by_id == moderator.account.id
    warning = AccountWarning.objects.get()
    assert warning.action == "suspend" and warning.text == "bye" and warning.report_id == report.id

    response = api.post(f"/api/v1/admin/accounts/{target.account.id}/unsuspend", token=mod_token)
    assert response.status_code == 200 and response.json()["suspended"] is False
    assert api.post(f"/api/v1/admin/accounts/{target.account.id}/unsuspend", token=mod_token).status_code == 403


def test_silence_disable_sensitive_and_undo(api, mod_token):
    target = make_user("loud")
    base = f"/api/v1/admin/accounts/{target.account.id}"
    for kind in ("silence", "disable", "sensitive"):
        assert api.post(f"{base}/action", {"type": kind}, token=mod_token).status_code == 200
    body = api.get(base, token=mod_token).json()
    assert body["silenced"] is True and body["disabled"] is True and body["sensitized"] is True
    assert body["account"]["limited"] is True
    assert api.post(f"{base}/unsilence", token=mod_token).json()["silenced"] is False
    assert api.post(f"{base}/enable", token=mod_token).json()["disabled"] is False
    assert api.post(f"{base}/unsensitive", token=mod_token).json()["sensitized"] is False


def test_none_action_resolves_only_the_given_report(api, moderator, mod_token):
    target = make_user("meh")
    report = make_report(moderator.account, target.account)
    untouched = make_report(make_user("x").account, target.account)
    response = api.post(f"/api/v1/admin/accounts/{target.account.id}/action",
                        {"type": "none", "report_id": str(report.id)}, token=mod_token)
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).action_taken_at is not None
    assert Report.objects.get(pk=untouched.pk).action_taken_at is None


def test_action_validation(api, mod_token):
    target = make_user("meh")
    base = f"/api/v1/admin/accounts/{target.account.id}/action"
    response = api.post(base, {"type": "obliterate"}, token=mod_token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Type is not included in the list"
    assert api.post(base, {}, token=mod_token).status_code == 422
    assert api.post(base, {"type": "silence", "report_id": "999"}, token=mod_token).status_code == 404
    assert api.post("/api/v1/admin/accounts/999/action", {"type": "silence"}, token=mod_token).status_code == 404
    target.account.refresh_from_db()
    assert target.account.silenced_at is None


def test_cannot_act_on_equal_or_higher_roles(api, moderator, mod_token, admin):
    for victim in (admin, make_user("peer", role="Moderator"), moderator):
        response = api.post(f"/api/v1/admin/accounts/{victim.account.id}/action", {"type": "suspend"},
                            token=mod_token)
        assert response.status_code == 403
    assert not Account.objects.filter(suspended_at__isnull=False).exists()


def test_approve_and_reject(api, admin_token):
    waiting = make_user("waiting", approved=False)
    response = api.post(f"/api/v1/admin/accounts/{waiting.account.id}/approve", token=admin_token)
    assert response.status_code == 200 and response.json()["approved"] is True
    assert api.post(f"/api/v1/admin/accounts/{waiting.account.id}/approve", token=admin_token).status_code == 403
    assert api.post(f"/api/v1/admin/accounts/{waiting.account.id}/reject", token=admin_token).status_code == 403
    other = make_user("other", approved=False)
    response = api.post(f"/api/v1/admin/accounts/{other.account.id}/reject", token=admin_token)
    assert response.status_code == 200 and response.json()["username"] == "other"
    assert not Account.objects.filter(pk=other.account.pk).exists()


def test_delete_only_suspended(api, admin_token):
    target = make_user("doomed")
    base = f"/api/v1/admin/accounts/{target.account.id}"
    assert api.delete(base, token=admin_token).status_code == 403
    assert api.post(f"{base}/action", {"type": "suspend"}, token=admin_token).status_code == 200
    response = api.delete(base, token=admin_token)
    assert response.status_code == 200 and response.json()["id"] == str(target.account.id)
    assert not Account.objects.filter(pk=target.account.pk).exists()
    assert api.delete(base, token=admin_token).status_code == 404


def test_ip_shown_and_searchable(api, admin_token):
    user = make_user("tracked")
    User.objects.filter(pk=user.pk).update(sign_up_ip="10.1.2.3")
    body = api.get(f"/api/v1/admin/accounts/{user.account.id}", token=admin_token).json()
    assert body["ip"] == "10.1.2.3" and body["ips"][0]["ip"] == "10.1.2.3"
    response = api.get("/api/v2/admin/accounts", {"ip": "10.1.2.3"}, token=admin_token)
    assert ids(response) == [str(user.account.id)]


def test_staff_role_shown(api, admin_token, moderator):
    body = api.get(f"/api/v1/admin/accounts/{moderator.account.id}", token=admin_token).json()
    assert body["role"]["name"] == "Moderator" and body["role"]["id"] == str(moderator.role_id)


def test_an_action_sends_the_account_a_moderation_warning(api, admin_token, django_capture_on_commit_callbacks):
    target = make_user("warned")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/admin/accounts/{target.account.id}/action",
                            {"type": "silence", "text": "Please stop"}, token=admin_token)
    assert response.status_code == 200, response.content
    notifications = api.get("/api/v1/notifications", token=make_token(target)).json()
    assert [n["type"] for n in notifications] == ["moderation_warning"]
    warning = notifications[0]["moderation_warning"]
    assert warning["action"] == "silence" and warning["text"] == "Please stop"
    assert warning["target_account"]["id"] == str(target.account.id)
