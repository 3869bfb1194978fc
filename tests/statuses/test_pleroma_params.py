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


def test_markdown_links_mentions_and_hashtags_as_plain_text_does(api, alice):
    from statuses.models import Status

    bob = factories.make_user("bob")
    plain = post(api, alice, status="hi @bob see #Cats and https://example.com/x")
    markdown = post(api, alice, status="hi @bob see #Cats and https://example.com/x", content_type="text/markdown")
    assert markdown["content"] == plain["content"]
    assert [m["id"] for m in markdown["mentions"]] == [str(bob.account.id)]
    assert [t["name"].lower() for t in markdown["tags"]] == ["cats"] and markdown["tags"] == plain["tags"]
    assert list(Mention.objects.filter(status_id=int(markdown["id"])).values_list("account_id", flat=True)) == [
        bob.account.id]
    assert list(Status.objects.get(pk=int(markdown["id"])).tags.values_list("name", flat=True)) == ["Cats"]

    styled = post(api, alice, status="**@bob** _#Cats_ [not @bob](https://example.com) `@bob #Cats` @nobody",
                  content_type="text/markdown")["content"]
    assert '<strong><span class="h-card" translate="no"><a href="' in styled
    assert 'class="mention hashtag" rel="tag">#<span>Cats</span></a></em>' in styled
    assert '<a href="https://example.com" rel="nofollow noopener">not @bob</a>' in styled  # a link's text stays
    assert "<code>@bob #Cats</code>" in styled and "@nobody" in styled
    unsafe = post(api, alice, status="[x](javascript:alert(1)) <img src=x onerror=alert(1)> ![i](https://e.x/i.png)",
                  content_type="text/markdown")["content"]
    assert "javascript:" not in unsafe.replace("[x](javascript:", "") and "<img" not in unsafe


def test_editing_with_a_content_type(api, alice):
    posted = post(api, alice, status="plain *first*")
    edited = api.put(f"/api/v1/statuses/{posted['id']}", {"status": "now **bold** #tagged", "content_type": "text/markdown"},
                     token=alice.token)
    assert edited.status_code == 200, edited.content
    assert "<strong>bold</strong>" in edited.json()["content"] and 'rel="tag"' in edited.json()["content"]
    plain = api.put(f"/api/v1/statuses/{posted['id']}", {"status": "back to **plain**", "content_type": "text/plain"},
                    token=alice.token).json()
    assert "**plain**" in plain["content"]
    assert api.put(f"/api/v1/statuses/{posted['id']}", {"status": "x", "content_type": "image/png"},
                   token=alice.token).status_code == 422


def source(api, user, status_id):
    response = api.get(f"/api/v1/statuses/{status_id}/source", token=user.token)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("content_type, rendered", [("text/markdown", "<strong>bold</strong>"),
                                                    ("text/html", "<b>bold</b>"),
                                                    ("text/plain", "**bold** &lt;b&gt;")])
def test_the_content_type_is_kept_for_edits_and_the_source(api, alice, content_type, rendered):
    text = "**bold** <b>bold</b>"
    posted = post(api, alice, status=text, content_type=content_type)
    assert rendered in posted["content"]
    assert source(api, alice, posted["id"]) == {"id": posted["id"], "text": text, "spoiler_text": "",
                                               "content_type": content_type}
    # An edit that names no content type renders the new text as the status was.
    edited = api.put(f"/api/v1/statuses/{posted['id']}", {"status": f"{text} again"}, token=alice.token)
    assert edited.status_code == 200, edited.content
    assert rendered in edited.json()["content"]
    check(STATUS_PLEROMA, edited.json()["pleroma"])
    assert set(edited.json()["pleroma"]["content"]) == {"text/plain"}
    assert source(api, alice, posted["id"])["content_type"] == content_type
    # One that names another keeps that one from then on.
    other = "text/plain" if content_type != "text/plain" else "text/markdown"
    api.put(f"/api/v1/statuses/{posted['id']}", {"status": text, "content_type": other}, token=alice.token)
    assert source(api, alice, posted["id"])["content_type"] == other
    assert Status.objects.get(pk=int(posted["id"])).content_type == other


def test_a_status_posted_without_a_content_type_is_plain_text(api, alice):
    posted = post(api, alice, status="*not emphasised*")
    assert source(api, alice, posted["id"])["content_type"] == "text/plain"
    edited = api.put(f"/api/v1/statuses/{posted['id']}", {"status": "**still** plain"}, token=alice.token).json()
    assert "**still**" in edited["content"]
