"""Pleroma's emoji reactions over HTTP: react, list, take back, the notification, custom
emoji, bad emoji, and statuses the caller may not see."""
from urllib.parse import quote

import pytest

from notifications.models import Notification
from tests import factories
from tests.pleroma_api.schemas import EMOJI_REACTION, NOTIFICATION_PLEROMA, STATUS_PLEROMA, check

REACTIONS_LIST = {"type": "array", "items": {**EMOJI_REACTION, "required": EMOJI_REACTION["required"] + [
    "accounts", "account_ids"]}}


@pytest.fixture
def alice(db):
    user = factories.make_user("alice")
    user.token = factories.make_token(user)
    return user


@pytest.fixture
def bob(db):
    user = factories.make_user("bob")
    user.token = factories.make_token(user)
    return user


def post(api, user, **data):
    return api.post("/api/v1/statuses", data, token=user.token).json()


def url(status, emoji=None):
    base = f"/api/v1/pleroma/statuses/{status['id']}/reactions"
    return base if emoji is None else f"{base}/{quote(emoji)}"


def test_react_list_unreact(api, alice, bob, django_capture_on_commit_callbacks):
    status = post(api, alice, status="react to me")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.put(url(status, "👍"), token=bob.token)
    assert response.status_code == 200, response.content
    check(STATUS_PLEROMA, response.json()["pleroma"])
    assert response.json()["pleroma"]["emoji_reactions"] == [
        {"name": "👍", "count": 1, "me": True, "account_ids": [str(bob.account.id)]}]
    assert api.put(url(status, "👍"), token=bob.token).status_code == 200  # once only
    api.put(url(status, "🎉"), token=alice.token)
    listed = api.get(url(status), token=alice.token).json()
    check(REACTIONS_LIST, listed)
    assert [(group["name"], group["count"], group["me"]) for group in listed] == [("👍", 1, False), ("🎉", 1, True)]
    assert listed[0]["accounts"][0]["id"] == str(bob.account.id)
    one = api.get(url(status, "👍")).json()
    check(REACTIONS_LIST, one)
    assert [group["name"] for group in one] == ["👍"]
    notification = Notification.objects.get(type="pleroma:emoji_reaction")
    assert notification.recipient_id == alice.account.id and notification.from_account_id == bob.account.id
    # A Pleroma type, outside the Mastodon spec's enum: checked with the Pleroma schema.
    [rendered] = api.get("/api/v1/notifications", token=alice.token, validate=False).json()
    check(NOTIFICATION_PLEROMA, rendered["pleroma"])
    assert rendered["type"] == "pleroma:emoji_reaction" and rendered["emoji"] == "👍"
    assert rendered["status"]["id"] == status["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(url(status, "👍"), token=bob.token)
    assert response.status_code == 200
    assert [group["name"] for group in response.json()["pleroma"]["emoji_reactions"]] == ["🎉"]
    assert not Notification.objects.filter(type="pleroma:emoji_reaction").exists()


@pytest.mark.parametrize("emoji", ["abc", "👍👍", ":nope:"])
def test_not_an_emoji(api, alice, bob, emoji):
    status = post(api, alice, status="react to me")
    response = api.put(url(status, emoji), token=bob.token)
    assert response.status_code == 422 and "error" in response.json()


def test_custom_emoji(api, alice, bob):
    from django.core.files.base import ContentFile

    from instance.models import CustomEmoji

    custom = CustomEmoji(shortcode="blobcat")
    custom.image.save("blobcat.png", ContentFile(b"\x89PNG fake"), save=True)
    status = post(api, alice, status="react to me")
    body = api.put(url(status, ":blobcat:"), token=bob.token).json()
    [group] = body["pleroma"]["emoji_reactions"]
    assert group["name"] == "blobcat" and group["url"].endswith(".png")


def test_hidden_status_is_404(api, alice, bob):
    status = post(api, alice, status="secret", visibility="private")
    assert api.put(url(status, "👍"), token=bob.token).status_code == 404
    assert api.get(url(status), token=bob.token).status_code == 404
    assert api.get(url(status)).status_code == 404


def test_scopes(api, alice, bob):
    status = post(api, alice, status="react to me")
    assert api.put(url(status, "👍")).status_code == 401
    read_only = factories.make_token(bob, scopes="read")
    assert api.put(url(status, "👍"), token=read_only).status_code == 403
