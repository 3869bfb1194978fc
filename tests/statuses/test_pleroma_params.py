"""Pleroma's parameters of POST /api/v1/statuses: expires_in (deleted on time by the periodic
job), content_type (plain, Markdown, HTML — sanitized), preview (nothing kept) and to[]."""
from datetime import timedelta

import pytest
from django.utils import timezone

from statuses.models import Mention, Status
from statuses.services.removal import delete_expired
from tests import factories
from tests.pleroma_api.schemas import STATUS_PLEROMA, check


@pytest.fixture
def alice(db):
    user = factories.make_user("alice")
    user.token = factories.make_token(user)
    return user


def post(api, user, code=200, **data):
    response = api.post("/api/v1/statuses", data, token=user.token)
    assert response.status_code == code, response.content
    return response.json()


def test_expires_in(api, alice):
    posted = post(api, alice, status="soon gone", expires_in=7200)
    check(STATUS_PLEROMA, posted["pleroma"])
    assert posted["pleroma"]["expires_at"] is not None
    assert "expires_in" in post(api, alice, 422, status="too soon", expires_in=60)["details"]
    post(api, alice, 400, status="bad", expires_in="soon")
    assert delete_expired() == 0
    assert delete_expired(now=timezone.now() + timedelta(hours=3)) == 1
    assert not Status.objects.filter(pk=int(posted["id"])).exists()
    assert api.get(f"/api/v1/statuses/{posted['id']}").status_code == 404


def test_the_periodic_task_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["statuses.delete_expired"]["task"] == "statuses.delete_expired"


def test_content_types(api, alice):
    markdown = post(api, alice, status="**bold** and [a link](https://example.com) <script>x</script>",
                    content_type="text/markdown")
    assert "<strong>bold</strong>" in markdown["content"]
    assert 'href="https://example.com"' in markdown["content"] and "<script" not in markdown["content"]
    html = post(api, alice, status='<p>hi <em>there</em><img src=x onerror="alert(1)"></p>', content_type="text/html")
    assert "<em>there</em>" in html["content"] and "onerror" not in html["content"] and "<img" not in html["content"]
    plain = post(api, alice, status="<b>not bold</b>", content_type="text/plain")
    assert "&lt;b&gt;" in plain["content"]
    post(api, alice, 422, status="x", content_type="application/pdf")


def test_preview_keeps_nothing(api, alice):
    before = Status.objects.count()
    shown = post(api, alice, status="just looking #tag", preview="true")
    assert shown["content"].startswith("<p>just looking") and shown["visibility"] == "public"
    assert Status.objects.count() == before
    assert api.get(f"/api/v1/accounts/{alice.account.id}/statuses").json() == []
    post(api, alice, 422, status="", preview="true")


def test_to_addresses_only_the_accounts_named(api, alice):
    bob, carol = factories.make_user("bob"), factories.make_user("carol")
    posted = post(api, alice, status="hello @carol", visibility="direct", **{"to[]": ["bob", "nobody"]})
    assert [m["acct"] for m in posted["mentions"]] == ["bob"]
    assert list(Mention.objects.filter(status_id=int(posted["id"])).values_list("account_id", flat=True)) == [
        bob.account.id]
    bob_token = factories.make_token(bob)
    carol_token = factories.make_token(carol)
    assert api.get(f"/api/v1/statuses/{posted['id']}", token=bob_token).status_code == 200
    assert api.get(f"/api/v1/statuses/{posted['id']}", token=carol_token).status_code == 404
