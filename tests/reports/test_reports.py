"""POST /api/v1/reports."""
import pytest

from instance.models import Rule
from notifications.models import Notification
from reports.models import Report
from tests.factories import make_token, make_user
from tests.reports.conftest import post

pytestmark = pytest.mark.django_db


def file(api, token, capture, **data):
    with capture(execute=True):
        return api.post("/api/v1/reports", data, token=token)


def test_files_a_report_with_statuses(api, reporter, reporter_token, target, django_capture_on_commit_callbacks):
    status = post(target.account, "buy now")
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    **{"status_ids[]": [str(status.id)]}, comment="Spam account", category="spam", forward="true")
    assert response.status_code == 200, response.content
    body = response.json()
    report = Report.objects.get()
    assert body["id"] == str(report.id)
    assert body["category"] == "spam" and body["comment"] == "Spam account"
    assert body["forwarded"] is True and body["action_taken"] is False and body["action_taken_at"] is None
    assert body["status_ids"] == [str(status.id)] and body["rule_ids"] is None and body["collection_ids"] == []
    assert body["target_account"]["id"] == str(target.account.id)
    assert report.account_id == reporter.account.id


def test_defaults_to_other(api, reporter_token, target, django_capture_on_commit_callbacks):
    body = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id)).json()
    assert body["category"] == "other" and body["comment"] == "" and body["status_ids"] == []


def test_rule_ids_make_it_a_violation(api, reporter_token, target, django_capture_on_commit_callbacks):
    rule = Rule.objects.create(text="Be kind")
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    category="spam", **{"rule_ids[]": [str(rule.id)]})
    assert response.status_code == 200
    assert response.json()["category"] == "violation" and response.json()["rule_ids"] == [str(rule.id)]


def test_violation_needs_valid_rules(api, reporter_token, target, django_capture_on_commit_callbacks):
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    category="violation")
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Rule ids does not reference valid rules"
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    **{"rule_ids[]": ["12345"]})
    assert response.status_code == 422
    assert not Report.objects.exists()


def test_comment_too_long_and_bad_category(api, reporter_token, target, django_capture_on_commit_callbacks):
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    comment="x" * 1001)
    assert response.status_code == 422
    assert response.json()["details"]["comment"][0]["error"] == "ERR_TOO_LONG"
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    category="rude")
    assert response.status_code == 422
    assert not Report.objects.exists()


def test_unknown_account_and_missing_account(api, reporter_token, django_capture_on_commit_callbacks):
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id="999999")
    assert response.status_code == 404 and response.json()["error"] == "Record not found"
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id="abc")
    assert response.status_code == 400
    response = file(api, reporter_token, django_capture_on_commit_callbacks)
    assert response.status_code == 400


def test_statuses_must_be_the_targets_and_visible(api, reporter, reporter_token, target,
                                                   django_capture_on_commit_callbacks):
    other = make_user("other")
    theirs = post(other.account, "not the target's")
    private = post(target.account, "followers only", visibility="private")
    for status in (theirs, private):
        response = file(api, reporter_token, django_capture_on_commit_callbacks,
                        account_id=str(target.account.id), **{"status_ids[]": [str(status.id)]})
        assert response.status_code == 404
    assert not Report.objects.exists()


def test_requires_user_token_with_write_reports(api, target, reporter, django_capture_on_commit_callbacks):
    response = file(api, make_token(reporter, scopes="read"), django_capture_on_commit_callbacks,
                    account_id=str(target.account.id))
    assert response.status_code == 403
    response = file(api, make_token(reporter, scopes="write:reports"), django_capture_on_commit_callbacks,
                    account_id=str(target.account.id))
    assert response.status_code == 200
    response = api.post("/api/v1/reports", {"account_id": str(target.account.id)})
    assert response.status_code == 401
    response = api.post("/api/v1/reports", {"account_id": str(target.account.id)},
                        token=make_token(None, scopes="write"))
    assert response.status_code == 422


def test_staff_with_manage_reports_are_notified(api, reporter, reporter_token, target,
                                                 django_capture_on_commit_callbacks):
    moderator = make_user("mod", role="Moderator")
    admin = make_user("boss", role="Admin")
    make_user("bystander")
    response = file(api, reporter_token, django_capture_on_commit_callbacks, account_id=str(target.account.id),
                    comment="look")
    assert response.status_code == 200
    notified = Notification.objects.filter(type="admin.report")
    assert set(notified.values_list("recipient_id", flat=True)) == {moderator.account.id, admin.account.id}
    assert all(n.from_account_id == reporter.account.id for n in notified)

    listing = api.get("/api/v1/notifications", token=make_token(moderator, scopes="read"))
    assert listing.status_code == 200
    entry = listing.json()[0]
    assert entry["type"] == "admin.report"
    assert entry["report"]["id"] == response.json()["id"]
    assert entry["report"]["target_account"]["id"] == str(target.account.id)
