"""Pleroma's admin API: reports, statuses, invites (and signing up with one), announcements,
OAuth apps, instance documents, config, frontends, relays and the media proxy."""
import pytest

from accounts.models import Invite, User
from admin_api.models import AuditLogEntry, ClosedReport, ReportNote
from announcements.models import Announcement
from instance.models import SiteSettings
from oauth.models import Application
from reports.models import Report
from statuses.models import Status
from tests.admin_api import pleroma_schemas as schemas
from tests.admin_api.conftest import make_report, post
from tests.factories import make_app, make_token, make_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/pleroma/admin"


def test_reports_states_and_notes(api, moderator, mod_token, django_assert_max_num_queries):
    reporter, target = make_user("rep"), make_user("target")
    first = make_report(reporter.account, target.account, statuses=[post(target.account, "bad")], comment="spam")
    second = make_report(reporter.account, target.account)
    response = api.get(f"{BASE}/reports", token=mod_token)
    assert response.status_code == 200
    schemas.check(schemas.REPORTS_PAGE, response.json())
    assert response.json()["total"] == 2 and response.json()["reports"][1]["content"] == "spam"
    assert response.json()["reports"][1]["statuses"][0]["content"] == "<p>bad</p>"
    for _ in range(3):
        make_report(reporter.account, target.account, statuses=[post(target.account)])
    with django_assert_max_num_queries(40):
        assert len(api.get(f"{BASE}/reports", token=mod_token).json()["reports"]) == 5

    response = api.patch(f"{BASE}/reports", {"reports": [{"id": str(first.id), "state": "resolved"},
                                                          {"id": str(second.id), "state": "closed"}]},
                         token=mod_token, format="json")
    assert response.status_code == 204
    assert Report.objects.get(pk=first.pk).action_taken_at and ClosedReport.objects.filter(report=second).exists()
    assert [r["id"] for r in api.get(f"{BASE}/reports", {"state": "closed"}, token=mod_token).json()["reports"]] \
        == [str(second.id)]
    assert api.get(f"{BASE}/reports/{first.id}", token=mod_token).json()["state"] == "resolved"
    api.patch(f"{BASE}/reports", {"reports": [{"id": str(second.id), "state": "open"}]}, token=mod_token,
              format="json")
    assert api.get(f"{BASE}/reports/{second.id}", token=mod_token).json()["state"] == "open"
    bad = api.patch(f"{BASE}/reports", {"reports": [{"id": str(second.id), "state": "gone"}]}, token=mod_token,
                    format="json")
    assert bad.status_code == 422

    assert api.post(f"{BASE}/reports/{first.id}/notes", {"content": "looked at it"}, token=mod_token).status_code == 204
    note = ReportNote.objects.get()
    shown = api.get(f"{BASE}/reports/{first.id}", token=mod_token).json()
    schemas.check(schemas.REPORT, shown)
    assert shown["notes"][0]["content"] == "looked at it" and shown["notes"][0]["user_id"] == str(moderator.account.id)
    assert api.post(f"{BASE}/reports/{first.id}/notes", {"content": " "}, token=mod_token).status_code == 422
    assert api.delete(f"{BASE}/reports/{first.id}/notes/{note.id}", token=mod_token).status_code == 204
    assert not ReportNote.objects.exists()
    assert api.get(f"{BASE}/reports/999", token=mod_token).status_code == 404
    assert {"resolve", "reopen", "create", "destroy"} <= set(AuditLogEntry.objects.values_list("action", flat=True))
    plain = make_token(make_user("plain"), scopes="admin:read")
    assert api.get(f"{BASE}/reports", token=plain).status_code == 403


def test_statuses_list_show_change_and_delete(api, mod_token):
    author = make_user("author")
    public = post(author.account, "public one")
    private = post(author.account, "followers only", visibility="private")
    listed = api.get(f"{BASE}/statuses", token=mod_token).json()
    assert [s["id"] for s in listed] == [str(public.id)]
    godmode = api.get(f"{BASE}/statuses", {"godmode": "true"}, token=mod_token).json()
    assert {s["id"] for s in godmode} == {str(public.id), str(private.id)}
    response = api.get(f"{BASE}/users/author/statuses", token=mod_token)
    schemas.check(schemas.STATUSES_PAGE, response.json())
    assert response.json()["total"] == 1
    assert api.get(f"{BASE}/statuses/{public.id}", token=mod_token).json()["content"] == "<p>public one</p>"
    response = api.put(f"{BASE}/statuses/{public.id}", {"sensitive": "true", "visibility": "unlisted"},
                       token=mod_token)
    assert response.status_code == 200
    assert response.json()["sensitive"] is True and response.json()["visibility"] == "unlisted"
    assert api.put(f"{BASE}/statuses/{public.id}", {"visibility": "everyone"}, token=mod_token).status_code == 422
    assert api.delete(f"{BASE}/statuses/{public.id}", token=mod_token).status_code == 200
    assert not Status.objects.filter(pk=public.pk).exists()
    assert api.get(f"{BASE}/statuses/{public.id}", token=mod_token).status_code == 404
    assert AuditLogEntry.objects.filter(target_type="Status", action__in=["update", "destroy"]).count() == 2


def test_invites_and_signing_up_with_one(api, admin_token, django_capture_on_commit_callbacks, mailoutbox):
    site = SiteSettings.load()
    site.registrations_mode = "none"
    site.save()
    response = api.post(f"{BASE}/users/invite_token", {"max_use": 2, "expires_at": "2999-01-01"},
                        token=admin_token, format="json")
    assert response.status_code == 200
    invite = response.json()
    schemas.check(schemas.INVITE, invite)
    assert invite["max_use"] == 2 and invite["invite_type"] == "reusable_date_limited" and invite["used"] is False
    listed = api.get(f"{BASE}/users/invites", token=admin_token).json()
    schemas.check(schemas.INVITES, listed)
    assert [i["token"] for i in listed["invites"]] == [invite["token"]]

    app = make_app(scopes="read write")
    app_token = make_token(None, scopes="read write", app=app)

    def sign_up(name, **extra):
        data = {"username": name, "email": f"{name}@example.com", "password": "hunter2hunter2", "agreement": "true",
                **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return api.post("/api/v1/accounts", data, token=app_token)

    assert sign_up("closedout").status_code == 403
    assert sign_up("invited", invite_code=invite["token"]).status_code == 200
    assert sign_up("invited2", token=invite["token"]).status_code == 200  # Pleroma's parameter name
    assert sign_up("toomany", invite_code=invite["token"]).status_code == 422  # max_use reached
    assert User.objects.get(account__username="invited").approved is True
    assert User.objects.get(account__username="invited").invite.token == invite["token"]
    assert Invite.objects.get().uses == 2

    other = api.post(f"{BASE}/users/invite_token", {}, token=admin_token, format="json").json()
    assert other["invite_type"] == "reusable" and other["max_use"] is None
    revoked = api.post(f"{BASE}/users/revoke_invite", {"token": other["token"]}, token=admin_token).json()
    assert revoked["used"] is True
    assert sign_up("late", invite_code=other["token"]).status_code == 422
    assert api.post(f"{BASE}/users/revoke_invite", {"token": "nope"}, token=admin_token).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{BASE}/users/email_invite", {"email": "friend@example.org", "name": "Friend"},
                            token=admin_token)
    assert response.status_code == 204
    assert any("friend@example.org" in message.to for message in mailoutbox)
    assert api.post(f"{BASE}/users/email_invite", {"email": "not-an-address"}, token=admin_token).status_code == 422
    assert api.post(f"{BASE}/users/invite_token", {"max_use": 0}, token=admin_token).status_code == 400
    mod = make_token(make_user("mod", role="Moderator"), scopes="admin:write")
    assert api.post(f"{BASE}/users/invite_token", {}, token=mod).status_code == 403  # manage_invites is the Admin's


def test_announcements_crud(api, admin_token):
    response = api.post(f"{BASE}/announcements", {"content": "Maintenance tonight"}, token=admin_token)
    assert response.status_code == 200
    body = response.json()
    schemas.check(schemas.ANNOUNCEMENT, body)
    assert body["pleroma"]["raw_content"] == "Maintenance tonight"
    assert api.get("/api/v1/announcements", token=make_token(make_user("reader"))).json()[0]["id"] == body["id"]
    response = api.patch(f"{BASE}/announcements/{body['id']}", {"content": "Maintenance tomorrow"},
                         token=admin_token)
    assert response.json()["pleroma"]["raw_content"] == "Maintenance tomorrow"
    assert [a["id"] for a in api.get(f"{BASE}/announcements", token=admin_token).json()] == [body["id"]]
    assert api.get(f"{BASE}/announcements/{body['id']}", token=admin_token).status_code == 200
    assert api.post(f"{BASE}/announcements", {"content": ""}, token=admin_token).status_code == 422
    assert api.delete(f"{BASE}/announcements/{body['id']}", token=admin_token).status_code == 200
    assert not Announcement.objects.exists()
    assert api.get(f"{BASE}/announcements/{body['id']}", token=admin_token).status_code == 404


def test_oauth_apps(api, admin_token):
    response = api.post(f"{BASE}/oauth_app", {"name": "Bot", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                                              "scopes": ["read", "write"]}, token=admin_token, format="json")
    assert response.status_code == 200
    schemas.check(schemas.APP, response.json())
    app_id = response.json()["id"]
    assert Application.objects.get(pk=app_id).scopes == "read write"
    page = api.get(f"{BASE}/oauth_app", {"name": "bot"}, token=admin_token).json()
    schemas.check(schemas.APPS_PAGE, page)
    assert [app["id"] for app in page["apps"]] == [app_id]
    assert api.patch(f"{BASE}/oauth_app/{app_id}", {"name": "Robot"}, token=admin_token).json()["name"] == "Robot"
    assert api.patch(f"{BASE}/oauth_app/{app_id}", {"scopes": "bogus"}, token=admin_token).status_code == 422
    assert api.post(f"{BASE}/oauth_app", {"name": ""}, token=admin_token).status_code == 422
    assert api.delete(f"{BASE}/oauth_app/{app_id}", token=admin_token).status_code == 204
    assert api.delete(f"{BASE}/oauth_app/{app_id}", token=admin_token).status_code == 404
    mod = make_token(make_user("mod", role="Moderator"), scopes="admin:write")
    assert api.get(f"{BASE}/oauth_app", token=mod).status_code == 403


def test_instance_documents_config_and_disabled_features(api, admin_token):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    upload = SimpleUploadedFile("panel.html", b"<p>Welcome!</p>", content_type="text/html")
    response = api.client.patch(f"{BASE}/instance_document/instance-panel", encode_multipart(BOUNDARY, {"file": upload}),
                                content_type=MULTIPART_CONTENT, HTTP_AUTHORIZATION=f"Bearer {admin_token}")
    assert response.status_code == 200 and response.json()["url"].endswith("/about")
    response = api.get(f"{BASE}/instance_document/instance-panel", token=admin_token)
    assert response.status_code == 200 and response.content == b"<p>Welcome!</p>"
    assert SiteSettings.load().extended_description == "<p>Welcome!</p>"
    assert api.delete(f"{BASE}/instance_document/instance-panel", token=admin_token).status_code == 200
    assert SiteSettings.load().extended_description == ""
    assert api.get(f"{BASE}/instance_document/other", token=admin_token).status_code == 404

    config = api.get(f"{BASE}/config", token=admin_token).json()
    schemas.check(schemas.CONFIG, config)
    change = {"configs": [{"group": ":pleroma", "key": ":instance", "value": [
        {"tuple": [":name", "My Place"]}, {"tuple": [":account_approval_required", True]}]}]}
    response = api.post(f"{BASE}/config", change, token=admin_token, format="json")
    assert response.status_code == 200
    site = SiteSettings.load()
    assert site.title == "My Place" and site.registrations_mode == "approved"
    closed = {"configs": [{"group": ":pleroma", "key": ":instance", "value": [{"tuple": [":registrations_open", False]}]}]}
    api.post(f"{BASE}/config", closed, token=admin_token, format="json")
    assert SiteSettings.load().registrations_mode == "none"
    wrong = {"configs": [{"group": ":pleroma", "key": ":instance", "value": [{"tuple": [":name", 3]}]}]}
    assert api.post(f"{BASE}/config", wrong, token=admin_token, format="json").status_code == 422
    other = {"configs": [{"group": ":pleroma", "key": ":mrf", "value": []}]}
    assert api.post(f"{BASE}/config", other, token=admin_token, format="json").status_code == 422
    assert api.get(f"{BASE}/config/descriptions", token=admin_token).json()[0]["key"] == ":instance"
    assert AuditLogEntry.objects.filter(target_type="SiteSettings").count() == 4

    assert api.get(f"{BASE}/frontends", token=admin_token).json() == []
    assert api.post(f"{BASE}/frontends/install", {"name": "pleroma-fe"}, token=admin_token).status_code == 400
    assert api.get(f"{BASE}/relay", token=admin_token).json() == {"relays": []}
    response = api.post(f"{BASE}/relay", {"relay_url": "https://relay.example/actor"}, token=admin_token)
    assert response.status_code == 400 and "not enabled" in response.json()["error"]
    assert api.get(f"{BASE}/media_proxy_caches", token=admin_token).json()["count"] == 0
    response = api.post(f"{BASE}/media_proxy_caches/purge", {"urls": ["https://x.example/a.png"]}, token=admin_token)
    assert response.status_code == 400 and "not enabled" in response.json()["error"]
    log = api.get(f"{BASE}/moderation_log", token=admin_token).json()
    schemas.check(schemas.MODERATION_LOG, log)
    assert log["total"] == AuditLogEntry.objects.count()
    assert api.get(f"{BASE}/moderation_log", {"start_date": "2999-01-01T00:00:00Z"}, token=admin_token
                   ).json()["total"] == 0
    assert api.get(f"{BASE}/moderation_log", {"end_date": "2999-01-01T00:00:00Z"}, token=admin_token
                   ).json()["total"] == log["total"]
    assert set(api.get(f"{BASE}/stats", token=admin_token).json()["status_visibility"]) == {
        "public", "unlisted", "private", "direct"}
