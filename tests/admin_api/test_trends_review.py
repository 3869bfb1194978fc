"""/api/v1/admin/trends/tags|statuses|links with approve/reject (Mastodon's Admin::Trends)."""
import pytest

from admin_api.models import AuditLogEntry
from cards.models import PreviewCard
from tags.models import Tag
from tests.admin_api.conftest import post
from tests.factories import make_token, make_user
from trends.models import LinkTrend, StatusTrend, TagTrend

pytestmark = pytest.mark.django_db


@pytest.fixture
def trending():
    tag = Tag.objects.create(name="caturday", normalized="caturday")
    TagTrend.objects.create(tag=tag, score=5, allowed=False)
    author = make_user("author")
    status = post(author.account, "a cat")
    StatusTrend.objects.create(status=status, account=author.account, score=3)
    return tag, status


def test_review_tags(api, moderator, mod_token, trending):
    tag, _ = trending
    response = api.get("/api/v1/admin/trends/tags", token=mod_token)
    assert response.status_code == 200
    body = response.json()
    assert [t["name"] for t in body] == ["caturday"]
    assert body[0]["requires_review"] is True and body[0]["trendable"] is False and body[0]["usable"] is True
    approved = api.post(f"/api/v1/admin/trends/tags/{tag.id}/approve", token=mod_token).json()
    assert approved["trendable"] is True and approved["requires_review"] is False
    assert TagTrend.objects.get(tag=tag).allowed is True
    assert api.get("/api/v1/trends/tags").json()[0]["name"] == "caturday"
    api.post(f"/api/v1/admin/trends/tags/{tag.id}/reject", token=mod_token)
    assert Tag.objects.get(pk=tag.pk).trendable is False and TagTrend.objects.get(tag=tag).allowed is False
    assert api.post("/api/v1/admin/trends/tags/424242/approve", token=mod_token).status_code == 404
    assert list(AuditLogEntry.objects.values_list("action", "target_type")) == [("reject", "Tag"), ("approve", "Tag")]


def test_review_statuses_and_links(api, mod_token, trending):
    _, status = trending
    listed = api.get("/api/v1/admin/trends/statuses", token=mod_token).json()
    assert [s["id"] for s in listed] == [str(status.id)]
    response = api.post(f"/api/v1/admin/trends/statuses/{status.id}/approve", token=mod_token)
    assert response.status_code == 200 and response.json()["id"] == str(status.id)
    trend = StatusTrend.objects.get(status=status)
    assert trend.reviewed and trend.trendable and trend.allowed
    api.post(f"/api/v1/admin/trends/statuses/{status.id}/reject", token=mod_token)
    assert StatusTrend.objects.get(status=status).allowed is False
    assert api.get("/api/v1/admin/trends/links", token=mod_token).json() == []
    assert api.post("/api/v1/admin/trends/links/1/approve", token=mod_token).status_code == 404


def test_review_links(api, mod_token):
    card = PreviewCard.objects.create(url="https://news.example/cats", title="Cats", type="link")
    LinkTrend.objects.create(card=card, score=4, max_score=4)
    listed = api.get("/api/v1/admin/trends/links", token=mod_token).json()
    assert [(link["id"], link["url"], link["requires_review"], link["trendable"]) for link in listed] == [
        (str(card.id), "https://news.example/cats", True, False)]
    assert len(listed[0]["history"]) == 7 and listed[0]["title"] == "Cats"
    assert api.get("/api/v1/trends/links").json() == []  # not reviewed: not trending
    approved = api.post(f"/api/v1/admin/trends/links/{card.id}/approve", token=mod_token).json()
    assert approved["trendable"] is True and approved["requires_review"] is False
    assert [link["url"] for link in api.get("/api/v1/trends/links").json()] == ["https://news.example/cats"]
    rejected = api.post(f"/api/v1/admin/trends/links/{card.id}/reject", token=mod_token).json()
    assert rejected["trendable"] is False and rejected["requires_review"] is False
    assert api.get("/api/v1/trends/links").json() == []
    assert list(AuditLogEntry.objects.values_list("action", "target_type")) == [
        ("reject", "PreviewCard"), ("approve", "PreviewCard")]


def test_permission_and_scope(api, trending):
    plain = make_user("plain")
    assert api.get("/api/v1/admin/trends/tags", token=make_token(plain, scopes="admin:read")).status_code == 403
    mod = make_user("mod2", role="Moderator")
    assert api.get("/api/v1/admin/trends/tags", token=make_token(mod, scopes="read")).status_code == 403
    assert api.get("/api/v1/admin/trends/tags").status_code == 401
