"""The Django admin: every model has a page, statuses and reports are moderated through the
services (same effects, same audit log), and each page follows the role's permissions."""
import pytest
from django.contrib import admin

from admin_api.models import AuditLogEntry
from reports.models import Report
from statuses.models import Status
from tests.accounts.test_admin import admin_login
from tests.admin_api.conftest import make_report, post
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(db):
    make_user("boss", email="boss@example.com", role="Owner")
    client, response = admin_login("boss")
    assert response.status_code == 302
    return client


def test_every_model_of_ours_has_a_working_page(owner_client):
    author = make_user("author")
    post(author.account, "something")
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in ("auth", "oauth2_provider", "django_celery_beat"):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = owner_client.get(url, follow=True)  # the one settings row redirects to its page
        assert response.status_code == 200, url
        if model_admin.search_fields:
            assert owner_client.get(url, {"q": "author"}).status_code == 200, url


def test_statuses_deleted_through_the_services(owner_client):
    author = make_user("author")
    status = post(author.account, "bad post")
    reblogger = make_user("reblogger")
    from statuses.services.interactions import reblog

    reblog(reblogger.account, status)
    page = owner_client.get("/admin/statuses/status/", {"q": "bad post"})
    assert page.status_code == 200
    response = owner_client.post("/admin/statuses/status/", {"action": "delete_through_services",
                                                             "_selected_action": [status.pk]})
    assert response.status_code == 302
    assert not Status.objects.filter(pk=status.pk).exists()
    assert not Status.objects.filter(reblog_of_id=status.pk).exists()  # its reblogs went with it
    assert AuditLogEntry.objects.filter(action="destroy", target_type="Status").exists()
    author.account.refresh_from_db()
    assert author.account.statuses_count == 0


def test_reports_resolved_through_the_services(owner_client):
    report = make_report(make_user("rep").account, make_user("target").account)
    assert owner_client.get("/admin/reports/report/", {"state": "open"}).status_code == 200
    owner_client.post("/admin/reports/report/", {"action": "resolve", "_selected_action": [report.pk]})
    assert Report.objects.get(pk=report.pk).action_taken_at is not None
    assert AuditLogEntry.objects.filter(action="resolve", target_type="Report").exists()
    owner_client.post("/admin/reports/report/", {"action": "reopen", "_selected_action": [report.pk]})
    assert Report.objects.get(pk=report.pk).action_taken_at is None


def test_pages_follow_the_role():
    make_user("mod", email="mod@example.com", role="Moderator")
    client, _ = admin_login("mod")
    assert client.get("/admin/statuses/status/").status_code == 200  # manage_reports
    assert client.get("/admin/reports/report/").status_code == 200
    assert client.get("/admin/notifications/notification/").status_code == 403  # administrators only
    assert client.get("/admin/admin_api/appeal/").status_code == 403  # manage_appeals: Admin
    assert client.get("/admin/accounts/invite/").status_code == 403  # manage_invites: Admin
