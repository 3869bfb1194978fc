"""GET /api/v1/accounts/:id/statuses: what each viewer may see, the filters, pagination,
and a constant number of queries."""
import re
from datetime import datetime, timezone
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from statuses.models import StatusPin
from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bob")


@pytest.fixture
def carol(db):
    return factories.make_user("carol")


@pytest.fixture
def token_of(db):
    tokens = {}

    def _token(user, scopes="read write follow push"):
        key = (user.id, scopes)
        if key not in tokens:
            tokens[key] = factories.make_token(user, scopes=scopes)
        return tokens[key]

    return _token


@pytest.fixture
def post(api, token_of):
    def _post(user, text="Hello", **params):
        response = api.post("/api/v1/statuses", {"status": text, **params}, token=token_of(user))
        assert response.status_code == 200, response.content
        return response.json()

    return _post


@pytest.fixture
def statuses_of(api, token_of):
    """statuses_of(owner, viewer=None, **query) -> the response of the owner's list."""

    def _list(owner, viewer=None, **query):
        token = token_of(viewer) if viewer is not None else None
        return api.get(f"/api/v1/accounts/{owner.account.id}/statuses", query, token=token)

    return _list


def contents(response):
    assert response.status_code == 200, response.content
    return [_plain(status) for status in response.json()]


def _plain(status):
    if status["reblog"] is not None:
        return "RB:" + _plain(status["reblog"])
    content = status["content"]
    for tag in ("<p>", "</p>"):
        content = content.replace(tag, "")
    return content


@pytest.fixture
def everything(alice, bob, carol, post):
    """alice posts one status of each visibility; the direct and one private mention carol."""
    post(alice, "public")
    post(alice, "unlisted", visibility="unlisted")
    post(alice, "private", visibility="private")
    post(alice, "direct to @carol", visibility="direct")
    post(alice, "private to @carol", visibility="private")


def plain_texts(response):
    return [re.sub(r"<[^>]+>", "", text) for text in contents(response)]


def test_signed_out_sees_public_and_unlisted(everything, alice, statuses_of):
    assert plain_texts(statuses_of(alice)) == ["unlisted", "public"]


def test_stranger_sees_public_and_unlisted(everything, alice, bob, statuses_of):
    assert plain_texts(statuses_of(alice, bob)) == ["unlisted", "public"]


def test_follower_sees_private(everything, api, alice, bob, statuses_of, token_of):
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(bob))
    assert plain_texts(statuses_of(alice, bob)) == ["private to @carol", "private", "unlisted", "public"]


def test_mentioned_sees_what_mentions_them(everything, alice, carol, statuses_of):
    assert plain_texts(statuses_of(alice, carol)) == [
        "private to @carol", "direct to @carol", "unlisted", "public"]


def test_author_sees_everything(everything, alice, statuses_of):
    assert plain_texts(statuses_of(alice, alice)) == [
        "private to @carol", "direct to @carol", "private", "unlisted", "public"]


def test_blocked_viewer_sees_nothing(everything, api, alice, bob, carol, statuses_of, token_of):
    api.post(f"/api/v1/accounts/{carol.account.id}/block", token=token_of(alice))
    assert statuses_of(alice, carol).json() == []
    assert plain_texts(statuses_of(alice)) == ["unlisted", "public"]
    # blocking the author oneself does not hide their profile's statuses (as Mastodon)
    api.post(f"/api/v1/accounts/{alice.account.id}/block", token=token_of(bob))
    assert plain_texts(statuses_of(alice, bob)) == ["unlisted", "public"]


def test_suspended_and_unknown_accounts(everything, alice, statuses_of, api):
    alice.account.suspended_at = datetime.now(timezone.utc)
    alice.account.save()
    response = statuses_of(alice)
    assert response.status_code == 200 and response.json() == []
    assert "Link" not in response
    response = api.get("/api/v1/accounts/123456789/statuses")
    assert response.status_code == 404 and response.json() == {"error": "Record not found"}
    assert api.get("/api/v1/accounts/not-an-id/statuses").status_code == 404


def test_access(everything, alice, statuses_of, token_of, api):
    assert statuses_of(alice, alice).status_code == 200
    response = api.get(f"/api/v1/accounts/{alice.account.id}/statuses", token=token_of(alice, "write"))
    assert response.status_code == 403
    response = api.get(f"/api/v1/accounts/{alice.account.id}/statuses", token="not-a-token")
    assert response.status_code == 401
    app_token = factories.make_token(None, scopes="read")
    response = api.get(f"/api/v1/accounts/{alice.account.id}/statuses", token=app_token)
    assert response.status_code == 200 and len(response.json()) == 2


def test_exclude_replies_keeps_self_replies(alice, bob, post, statuses_of):
    root = post(alice, "root")
    post(alice, "self reply", in_reply_to_id=root["id"])
    other = post(bob, "bob's")
    post(alice, "reply to bob", in_reply_to_id=other["id"])
    assert plain_texts(statuses_of(alice)) == ["reply to bob", "self reply", "root"]
    assert plain_texts(statuses_of(alice, exclude_replies="true")) == ["self reply", "root"]
    assert plain_texts(statuses_of(alice, exclude_replies="1")) == ["self reply", "root"]
    assert plain_texts(statuses_of(alice, exclude_replies="false")) == ["reply to bob", "self reply", "root"]


def test_reblogs_and_exclude_reblogs(api, alice, bob, carol, post, statuses_of, token_of):
    theirs = post(bob, "bob's post")
    blocked = post(carol, "carol's post")
    post(alice, "own")
    api.post(f"/api/v1/statuses/{theirs['id']}/reblog", token=token_of(alice))
    api.post(f"/api/v1/statuses/{blocked['id']}/reblog", token=token_of(alice))
    assert plain_texts(statuses_of(alice)) == ["RB:carol's post", "RB:bob's post", "own"]
    assert plain_texts(statuses_of(alice, exclude_reblogs="true")) == ["own"]
    # reblogs of accounts the viewer blocks or mutes are left out for them
    api.post(f"/api/v1/accounts/{carol.account.id}/block", token=token_of(bob))
    assert plain_texts(statuses_of(alice, bob)) == ["RB:bob's post", "own"]
    viewer = factories.make_user("dave")
    api.post(f"/api/v1/accounts/{bob.account.id}/mute", token=token_of(viewer))
    assert plain_texts(statuses_of(alice, viewer)) == ["RB:carol's post", "own"]


def test_reblog_of_a_status_the_viewer_may_not_see(api, alice, bob, carol, post, statuses_of, token_of):
    status = post(bob, "bob's post")
    api.post(f"/api/v1/statuses/{status['id']}/reblog", token=token_of(alice))
    api.post(f"/api/v1/accounts/{carol.account.id}/block", token=token_of(bob))  # bob blocks carol
    assert plain_texts(statuses_of(alice, carol)) == []
    assert plain_texts(statuses_of(alice)) == ["RB:bob's post"]


def test_pinned(api, alice, bob, post, statuses_of, token_of):
    first = post(alice, "first")
    second = post(alice, "second")
    post(alice, "third")
    private = post(alice, "private", visibility="private")
    for status in (second, first, private):
        response = api.post(f"/api/v1/statuses/{status['id']}/pin", token=token_of(alice))
        if response.status_code != 200:  # private statuses cannot be pinned through the API
            StatusPin.objects.create(account=alice.account, status_id=status["id"])
    response = statuses_of(alice, pinned="true")
    assert plain_texts(response) == ["first", "second"]  # most recently pinned first
    own = statuses_of(alice, alice, pinned="true").json()
    assert [status["id"] for status in own] == [private["id"], first["id"], second["id"]]
    assert all(status["pinned"] is True for status in own if status["visibility"] != "private")
    assert plain_texts(statuses_of(alice, pinned="true", limit=1)) == ["first"]
    assert plain_texts(statuses_of(bob, pinned="true")) == []


def test_tagged(alice, bob, post, statuses_of):
    post(alice, "about #Cats")
    post(alice, "about #dogs")
    post(alice, "more #cats", visibility="private")
    post(bob, "bob's #cats")
    assert len(statuses_of(alice, tagged="cats").json()) == 1
    assert len(statuses_of(alice, alice, tagged="CATS").json()) == 2
    assert statuses_of(alice, tagged="birds").json() == []
    assert statuses_of(alice, tagged="not a tag!").json() == []
    assert len(statuses_of(alice, tagged="").json()) == 2  # empty: no filter


def test_only_media(api, alice, post, statuses_of, token_of, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    buffer = BytesIO()
    Image.new("RGB", (32, 24), (10, 200, 30)).save(buffer, "PNG")
    upload = SimpleUploadedFile("image.png", buffer.getvalue(), content_type="image/png")
    media = api.post("/api/v1/media", {"file": upload}, token=token_of(alice), format="multipart")
    assert media.status_code == 200, media.content
    post(alice, "no media")
    with_media = post(alice, "with media", **{"media_ids[]": [media.json()["id"]]})
    reblogged = post(alice, "reblogged")
    api.post(f"/api/v1/statuses/{reblogged['id']}/reblog", token=token_of(alice))
    response = statuses_of(alice, only_media="true")
    assert [status["id"] for status in response.json()] == [with_media["id"]]
    assert len(response.json()[0]["media_attachments"]) == 1


def test_pagination_and_link_header(alice, post, statuses_of):
    ids = [post(alice, f"status {index}")["id"] for index in range(7)]
    newest_first = list(reversed(ids))
    response = statuses_of(alice, limit=3)
    assert [status["id"] for status in response.json()] == newest_first[:3]
    link = response["Link"]
    assert f"max_id={newest_first[2]}" in link and f"min_id={newest_first[0]}" in link
    assert "limit=3" in link
    page2 = statuses_of(alice, limit=3, max_id=newest_first[2]).json()
    assert [status["id"] for status in page2] == newest_first[3:6]
    since = statuses_of(alice, since_id=ids[4]).json()
    assert [status["id"] for status in since] == newest_first[:2]
    after = statuses_of(alice, min_id=ids[1], limit=2).json()
    assert [status["id"] for status in after] == [ids[3], ids[2]]
    between = statuses_of(alice, min_id=ids[1], max_id=ids[5]).json()
    assert [status["id"] for status in between] == [ids[4], ids[3], ids[2]]
    assert len(statuses_of(alice, limit=100).json()) == 7  # clamped, not an error
    assert statuses_of(alice, limit="lots").status_code == 400
    assert statuses_of(alice, max_id="abc").status_code in (400, 404, 422)


def test_default_limit_is_20(alice, post, statuses_of):
    for index in range(22):
        post(alice, f"s{index}")
    assert len(statuses_of(alice).json()) == 20
    assert len(statuses_of(alice, limit=40).json()) == 22


def test_constant_number_of_queries(api, alice, bob, carol, post, token_of, django_assert_max_num_queries):
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(bob))
    token = token_of(bob)
    path = f"/api/v1/accounts/{alice.account.id}/statuses"

    def mixed(index):
        kind = index % 4
        if kind == 0:
            return post(alice, f"#tag{index} hello @carol")
        if kind == 1:
            return post(alice, f"private {index}", visibility="private")
        if kind == 2:
            other = post(carol, f"carol {index} #x")
            api.post(f"/api/v1/statuses/{other['id']}/reblog", token=token_of(alice))
            return other
        return post(alice, f"reply {index}", in_reply_to_id=post(carol, "root")["id"])

    first = mixed(0)
    for index in range(1, 4):  # one of each kind
        mixed(index)
    assert api.post(f"/api/v1/statuses/{first['id']}/pin", token=token_of(alice)).status_code == 200
    counts = {}
    for query in ({}, {"pinned": "true"}, {"tagged": "tag0"}, {"exclude_replies": "true"}):
        with CaptureQueriesContext(connection) as one:
            assert api.get(path, {"limit": 40, **query}, token=token).status_code == 200
        counts[tuple(query)] = len(one)
    for index in range(4, 48):
        status = mixed(index)
        if index in (4, 8):
            api.post(f"/api/v1/statuses/{status['id']}/pin", token=token_of(alice))
    with django_assert_max_num_queries(counts[()]):
        response = api.get(path, {"limit": 40}, token=token)
    assert len(response.json()) == 40
    for query in ({"pinned": "true"}, {"tagged": "tag0"}, {"exclude_replies": "true"}):
        with django_assert_max_num_queries(counts[tuple(query)]):
            api.get(path, {"limit": 40, **query}, token=token)
    with django_assert_max_num_queries(counts[()]):
        assert len(api.get(path, {"limit": 40}).json()) == 36  # signed out: no private ones
