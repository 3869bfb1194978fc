"""Account warnings (strikes) with presets and e-mail, and appeals reviewed by staff."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Account
from admin_api import services
from admin_api.models import AccountWarning, AccountWarningPreset, Appeal, AuditLogEntry
from fedi.errors import Forbidden, NotFound, ValidationFailed
from tests.accounts.test_admin import admin_login
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


def act(api, token, target, **data):
    return api.post(f"/api/v1/admin/accounts/{target.account.id}/action", data, token=token)


def test_preset_text_and_email_notification(api, admin_token, mailoutbox, django_capture_on_commit_callbacks):
    preset = AccountWarningPreset.objects.create(title="Spam", text="Your posts look like spam.")
    target = make_user("warned")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(api, admin_token, target, type="none", warning_preset_id=str(preset.id), text="Last chance.")
    assert response.status_code == 200
    warning = AccountWarning.objects.get()
    assert warning.text == "Your posts look like spam.\n\nLast chance."
    notification = api.get("/api/v1/notifications", token=make_token(target)).json()[0]
    assert notification["type"] == "moderation_warning"
    assert notification["moderation_warning"]["appeal"] is None
    assert notification["moderation_warning"]["status_ids"] == []
    assert [message.to for message in mailoutbox] == [["warned@example.com"]]
    assert "Last chance." in mailoutbox[0].body
    assert act(api, admin_token, target, type="none", warning_preset_id="424242").status_code == 404


def test_no_notification_when_asked_not_to(api, admin_token, mailoutbox, django_capture_on_commit_callbacks):
    target = make_user("quiet")
    with django_capture_on_commit_callbacks(execute=True):
        act(api, admin_token, target, type="silence", text="shh", send_email_notification="false")
    assert AccountWarning.objects.filter(action="silence").exists()
    assert api.get("/api/v1/notifications", token=make_token(target)).json() == []
    assert mailoutbox == []


def test_appeal_rules_and_approval_undoes_the_action(admin, moderator):
    target = make_user("appealer")
    services.take_action(admin.account, target.account, "suspend", text="bye")
    warning = AccountWarning.objects.get()
    other = make_user("other")
    with pytest.raises(NotFound):
        services.create_appeal(other.account, warning, "not mine")
    with pytest.raises(ValidationFailed):
        services.create_appeal(target.account, warning, "   ")
    appeal = services.create_appeal(target.account, warning, "I did nothing wrong")
    assert appeal.state == "pending"
    with pytest.raises(ValidationFailed):
        services.create_appeal(target.account, warning, "again")
    assert services.warning_json(AccountWarning.objects.get())["appeal"] == {
        "text": "I did nothing wrong", "state": "pending"}
    with pytest.raises(Forbidden):  # manage_appeals is the Admin's, not the Moderator's
        services.approve_appeal(moderator.account, appeal)
    services.approve_appeal(admin.account, appeal)
    assert Appeal.objects.get().state == "approved"
    assert not Account.objects.get(pk=target.account.pk).is_suspended
    assert {"approve", "unsuspend"} <= set(AuditLogEntry.objects.values_list("action", flat=True))
    with pytest.raises(ValidationFailed):
        services.reject_appeal(admin.account, appeal)


def test_old_strikes_cannot_be_appealed_and_rejection(admin):
    target = make_user("late")
    services.take_action(admin.account, target.account, "silence", text="hush")
    warning = AccountWarning.objects.get()
    AccountWarning.objects.filter(pk=warning.pk).update(created_at=timezone.now() - timedelta(days=21))
    warning.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.create_appeal(target.account, warning, "please")
    AccountWarning.objects.filter(pk=warning.pk).update(created_at=timezone.now())
    warning.refresh_from_db()
    appeal = services.create_appeal(target.account, warning, "please")
    services.reject_appeal(admin.account, appeal)
    assert Appeal.objects.get().state == "rejected"
    assert Account.objects.get(pk=target.account.pk).silenced_at is not None


def test_appeals_reviewed_in_the_django_admin(admin):
    make_user("boss", email="boss@example.com", role="Owner")
    client, _ = admin_login("boss")
    target = make_user("sensitive")
    services.take_action(admin.account, target.account, "sensitive")
    appeal = services.create_appeal(target.account, AccountWarning.objects.get(), "my art is fine")
    page = client.get("/admin/admin_api/appeal/")
    assert page.status_code == 200 and b"my art is fine" in page.content
    response = client.post("/admin/admin_api/appeal/", {"action": "approve", "_selected_action": [appeal.pk]})
    assert response.status_code == 302
    assert Appeal.objects.get().state == "approved"
    assert not hasattr(Account.objects.get(pk=target.account.pk), "sensitization") or \
        not Account.objects.filter(pk=target.account.pk, sensitization__isnull=False).exists()
    assert client.get("/admin/admin_api/appeal/add/").status_code == 403
    for page in ("accountwarningpreset", "reportnote", "accounttag", "suggestedaccount", "accountwarning"):
        assert client.get(f"/admin/admin_api/{page}/").status_code == 200, page
    assert client.get("/admin/accounts/invite/").status_code == 200


def test_the_user_sees_their_strikes_and_appeals_over_the_api(api, admin, admin_token, moderator, mailoutbox,
                                                              django_assert_max_num_queries,
                                                              django_capture_on_commit_callbacks):
    from statuses.services.posting import create_status
    from tests.admin_api.conftest import make_report

    target = make_user("striker")
    token = make_token(target)
    status = create_status(target.account, text="bad post", spoiler_text="", visibility="public", sensitive=False,
                           language=None)
    report = make_report(make_user("reporter").account, target.account, statuses=[status])
    services.take_action(admin.account, target.account, "sensitive", text="mark your media", report_id=report.id)
    services.take_action(admin.account, target.account, "none", text="be nice")
    with django_assert_max_num_queries(8):
        listed = api.get("/api/v1/disputes/strikes", token=token)
    assert listed.status_code == 200
    assert [(item["action"], item["text"]) for item in listed.json()] == [("none", "be nice"),
                                                                          ("sensitive", "mark your media")]
    assert listed.json()[1]["status_ids"] == [str(status.id)]
    strike = listed.json()[1]
    assert api.get(f"/api/v1/disputes/strikes/{strike['id']}", token=token).json() == strike
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appealed = api.post(f"/api/v1/disputes/strikes/{strike['id']}/appeal", {"text": "it is art"}, token=token)
    assert appealed.status_code == 200
    # the staff who may review appeals (the Admin, not the Moderator) hear of it
    assert [message.to for message in mailoutbox] == [["adminy@example.com"]] and "it is art" in mailoutbox[0].body
    assert appealed.json()["appeal"] == {"text": "it is art", "state": "pending"}
    assert api.post(f"/api/v1/disputes/strikes/{strike['id']}/appeal", {"text": "again"},
                    token=token).status_code == 422
    assert api.post(f"/api/v1/disputes/strikes/{listed.json()[0]['id']}/appeal", {"text": ""},
                    token=token).status_code == 422
    # somebody else's strikes are not there for them
    other = make_token(make_user("nosy"))
    assert api.get("/api/v1/disputes/strikes", token=other).json() == []
    assert api.get(f"/api/v1/disputes/strikes/{strike['id']}", token=other).status_code == 404
    assert api.post(f"/api/v1/disputes/strikes/{strike['id']}/appeal", {"text": "x"}, token=other).status_code == 404
    assert api.get("/api/v1/disputes/strikes").status_code == 401
    assert api.get("/api/v1/disputes/strikes", token=make_token(target, scopes="write")).status_code == 403
    # approving the appeal undoes the action
    services.approve_appeal(admin.account, Appeal.objects.get())
    assert api.get(f"/api/v1/disputes/strikes/{strike['id']}", token=token).json()["appeal"]["state"] == "approved"
