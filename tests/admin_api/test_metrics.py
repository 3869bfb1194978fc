"""POST /api/v1/admin/measures, dimensions and retention: computed from the database."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from reports.models import Report
from statuses.models import Favourite
from tags.models import Tag
from tests.admin_api.conftest import make_report, post, remote_account
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


def period(days=6):
    today = timezone.now().date()
    return {"start_at": (today - timedelta(days=days)).isoformat(), "end_at": today.isoformat()}


def by_key(response):
    assert response.status_code == 200, response.content
    return {entry["key"]: entry for entry in response.json()}


def test_measures_from_real_data(api, admin, admin_token):
    author = make_user("author")
    fan = make_user("fan")
    status = post(author.account, "hello #cats")
    Favourite.objects.create(account=fan.account, status=status)
    post(fan.account, "re", visibility="public")
    far = remote_account()
    report = make_report(fan.account, far)
    Report.objects.filter(pk=report.pk).update(action_taken_at=timezone.now())
    tag = Tag.objects.get(normalized="cats")
    keys = ["active_users", "new_users", "interactions", "opened_reports", "resolved_reports", "tag_accounts",
            "tag_uses", "tag_servers", "instance_accounts", "instance_media_attachments", "instance_reports",
            "instance_statuses", "instance_follows", "instance_followers", "unknown_key"]
    data = {"keys[]": keys, **period(), "tag_accounts[id]": tag.id, "tag_uses[id]": tag.id,
            "tag_servers[id]": tag.id}
    for key in keys:
        if key.startswith("instance_"):
            data[f"{key}[domain]"] = "remote.example"
    measures = by_key(api.post("/api/v1/admin/measures", data, token=admin_token))
    assert "unknown_key" not in measures and len(measures) == 14
    assert measures["new_users"]["total"] == str(User.objects.count())
    assert measures["interactions"]["total"] == "1"
    assert measures["opened_reports"]["total"] == "1" and measures["resolved_reports"]["total"] == "1"
    assert measures["tag_uses"]["total"] == "1" and measures["tag_accounts"]["total"] == "1"
    assert measures["tag_servers"]["total"] == "0"
    assert measures["instance_accounts"]["total"] == "1" and measures["instance_reports"]["total"] == "1"
    assert measures["instance_media_attachments"]["unit"] == "bytes"
    assert int(measures["active_users"]["total"]) >= 2
    new_users = measures["new_users"]
    assert len(new_users["data"]) == 7 and new_users["data"][-1]["value"] == new_users["total"]
    assert new_users["previous_total"] == "0"


def test_measure_parameters_are_checked(api, admin_token):
    assert api.post("/api/v1/admin/measures", {"keys[]": ["tag_uses"], **period()},
                    token=admin_token).status_code == 400
    assert api.post("/api/v1/admin/measures", {"keys[]": ["new_users"]}, token=admin_token).status_code == 400
    backwards = {"start_at": "2024-02-01", "end_at": "2024-01-01"}
    assert api.post("/api/v1/admin/measures", {"keys[]": ["new_users"], **backwards},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/measures", {"keys[]": ["new_users"], "start_at": "nope", "end_at": "x"},
                    token=admin_token).status_code == 422


def test_dimensions(api, admin_token):
    author = make_user("author")
    post(author.account, "hello #cats")
    far = remote_account()
    far.followers_count = 3
    far.save()
    tag = Tag.objects.get(normalized="cats")
    keys = ["languages", "sources", "servers", "space_usage", "software_versions", "tag_servers", "tag_languages",
            "instance_accounts", "instance_languages"]
    data = {"keys[]": keys, **period(), "tag_servers[id]": tag.id, "tag_languages[id]": tag.id,
            "instance_accounts[domain]": "remote.example", "instance_languages[domain]": "remote.example",
            "limit": "5"}
    # Mastodon's dimensions send `unit` and `human_value` only where they apply (space usage).
    dimensions = by_key(api.post("/api/v1/admin/dimensions", data, token=admin_token,
                                 allow_missing=(".unit", ".human_value")))
    assert set(dimensions) == set(keys)
    assert dimensions["instance_accounts"]["data"][0]["value"] == "3"
    assert {entry["key"] for entry in dimensions["software_versions"]["data"]} >= {"mastodon", "python", "django"}


def test_retention(api, admin_token):
    make_user("newcomer")  # signed in today: active in its own cohort
    cohorts = api.post("/api/v1/admin/retention", {**period(2), "frequency": "day"}, token=admin_token)
    assert cohorts.status_code == 200
    body = cohorts.json()
    assert len(body) == 3 and body[-1]["frequency"] == "day"
    today = body[-1]["data"][0]
    assert int(today["value"]) >= 1 and today["rate"] == 1.0
    monthly = api.post("/api/v1/admin/retention", {**period(2), "frequency": "month"}, token=admin_token).json()
    assert monthly[-1]["frequency"] == "month"


@pytest.mark.parametrize("name", ["measures", "dimensions", "retention"])
def test_metrics_need_view_dashboard_and_admin_read(api, mod_token, name):
    data = {"keys[]": ["new_users" if name == "measures" else "servers"], **period()}
    assert api.post(f"/api/v1/admin/{name}", data, token=mod_token).status_code == 200  # Moderator: view_dashboard
    nobody = make_token(make_user("nobody"), scopes="read admin:read")
    assert api.post(f"/api/v1/admin/{name}", data, token=nobody).status_code == 403
    moderator_without_scope = make_token(User.objects.get(account__username="moddy"), scopes="read write")
    assert api.post(f"/api/v1/admin/{name}", data, token=moderator_without_scope).status_code == 403
    assert api.post(f"/api/v1/admin/{name}", data).status_code == 401
