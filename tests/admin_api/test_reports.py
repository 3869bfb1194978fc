"""/api/v1/admin/reports."""
import pytest

from instance.models import Rule
from reports.models import Report
from tests.admin_api.conftest import make_report, post
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    reporter, target = make_user("reporter"), make_user("target")
    status = post(target.account, "bad words")
    return make_report(reporter.account, target.account, statuses=[status], comment="rude", category="spam")


def test_list_shows_unresolved_reports(api, mod_token, report):
    response = api.get("/api/v1/admin/reports", token=mod_token)
    assert response.status_code == 200
    [entry] = response.json()
    assert entry["id"] == str(report.id)
    assert entry["category"] == "spam" and entry["comment"] == "rude" and entry["forwarded"] is False
    assert entry["account"]["id"] == str(report.account_id)
    assert entry["account"]["account"]["username"] == "reporter"
    assert entry["target_account"]["email"] == "target@example.com"
    assert entry["assigned_account"] is None and entry["action_taken_by_account"] is None
    assert [status["content"] for status in entry["statuses"]] == ["<p>bad words</p>"]
    assert entry["rules"] == []


def test_resolved_filter_and_account_filters(api, mod_token, report, moderator):
    other = make_report(report.target_account, report.account)
    Report.objects.filter(pk=other.pk).update(action_taken_at=report.created_at, action_taken_by=moderator.account)
    ids = lambda response: [entry["id"] for entry in response.json()]  # noqa: E731
    assert ids(api.get("/api/v1/admin/reports", token=mod_token)) == [str(report.id)]
    assert ids(api.get("/api/v1/admin/reports", {"resolved": "false"}, token=mod_token)) == [str(report.id)]
    resolved = api.get("/api/v1/admin/reports", {"resolved": "true"}, token=mod_token)
    assert ids(resolved) == [str(other.id)]
    assert resolved.json()[0]["action_taken_by_account"]["id"] == str(moderator.account.id)
    assert ids(api.get("/api/v1/admin/reports", {"account_id": str(report.account_id)}, token=mod_token)) == [
        str(report.id)]
    assert ids(api.get("/api/v1/admin/reports", {"target_account_id": str(report.account_id)},
                       token=mod_token)) == []


def test_pagination_with_link_header(api, mod_token, report):
    later = make_report(report.account, report.target_account)
    response = api.get("/api/v1/admin/reports", {"limit": "1"}, token=mod_token)
    assert [entry["id"] for entry in response.json()] == [str(later.id)]
    assert f"max_id={later.id}" in response["Link"] and 'rel="next"' in response["Link"]
    response = api.get("/api/v1/admin/reports", {"limit": "1", "max_id": str(later.id)}, token=mod_token)
    assert [entry["id"] for entry in response.json()] == [str(report.id)]


def test_list_runs_a_constant_number_of_queries(api, mod_token, report, moderator,
                                                django_assert_max_num_queries):
    rule = Rule.objects.create(text="No spam")
    api.get("/api/v1/admin/reports", token=mod_token)  # warm up
    for index in range(6):
        reporter, target = make_user(f"rep{index}"), make_user(f"tgt{index}")
        make_report(reporter.account, target.account, statuses=[post(target.account, f"s{index}")],
                    assigned_account=moderator.account, category="violation", rule_ids=[rule.id])
    with django_assert_max_num_queries(40) as captured:
        small = api.get("/api/v1/admin/reports", {"limit": "1"}, token=mod_token)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = api.get("/api/v1/admin/reports", token=mod_token)
    assert small.status_code == 200 and len(response.json()) == 7
    assert response.json()[0]["rules"][0]["text"] == "No spam"
    assert response.json()[0]["assigned_account"]["id"] == str(moderator.account.id)


def test_show_one_and_not_found(api, mod_token, report):
    response = api.get(f"/api/v1/admin/reports/{report.id}", token=mod_token)
    assert response.status_code == 200 and response.json()["id"] == str(report.id)
    assert api.get("/api/v1/admin/reports/12345", token=mod_token).status_code == 404
    assert api.get("/api/v1/admin/reports/nope", token=mod_token).status_code in (400, 404)


def test_assign_unassign_resolve_reopen(api, mod_token, moderator, report):
    base = f"/api/v1/admin/reports/{report.id}"
    body = api.post(f"{base}/assign_to_self", token=mod_token).json()
    assert body["assigned_account"]["id"] == str(moderator.account.id)
    body = api.post(f"{base}/unassign", token=mod_token).json()
    assert body["assigned_account"] is None
    body = api.post(f"{base}/resolve", token=mod_token).json()
    assert body["action_taken"] is True and body["action_taken_at"] is not None
    assert body["action_taken_by_account"]["id"] == str(moderator.account.id)
    body = api.post(f"{base}/reopen", token=mod_token).json()
    assert body["action_taken"] is False and body["action_taken_at"] is None
    assert body["action_taken_by_account"] is None
    assert api.post("/api/v1/admin/reports/12345/resolve", token=mod_token).status_code == 404


def test_update_category_and_rules(api, mod_token, report):
    rule = Rule.objects.create(text="Be kind")
    base = f"/api/v1/admin/reports/{report.id}"
    response = api.put(base, {"category": "violation", "rule_ids[]": [str(rule.id)]}, token=mod_token)
    assert response.status_code == 200
    assert response.json()["category"] == "violation" and response.json()["rules"][0]["id"] == str(rule.id)
    assert api.put(base, {"category": "violation", "rule_ids[]": ["999"]}, token=mod_token).status_code == 422
    assert api.put(base, {"category": "bogus"}, token=mod_token).status_code == 422
    response = api.put(base, {"category": "other"}, token=mod_token)
    assert response.json()["category"] == "other" and response.json()["rules"] == []


def test_non_staff_and_missing_scope_are_forbidden(api, report, moderator):
    user = make_user("plain")
    user_token = make_token(user, scopes="read write admin:read admin:write")
    for method, path in (("get", "/api/v1/admin/reports"), ("get", f"/api/v1/admin/reports/{report.id}"),
                         ("post", f"/api/v1/admin/reports/{report.id}/resolve")):
        response = getattr(api, method)(path, token=user_token)
        assert response.status_code == 403 and response.json()["error"] == "This action is not allowed"
    no_admin_scope = make_token(moderator, scopes="read write")
    assert api.get("/api/v1/admin/reports", token=no_admin_scope).status_code == 403
    read_only = make_token(moderator, scopes="admin:read")
    assert api.get("/api/v1/admin/reports", token=read_only).status_code == 200
    assert api.post(f"/api/v1/admin/reports/{report.id}/resolve", token=read_only).status_code == 403
    granular = make_token(moderator, scopes="admin:read:reports")
    assert api.get("/api/v1/admin/reports", token=granular).status_code == 200
    assert api.get("/api/v2/admin/accounts", token=granular).status_code == 403
    assert api.get("/api/v1/admin/reports").status_code == 401
    assert not Report.objects.filter(action_taken_at__isnull=False).exists()
