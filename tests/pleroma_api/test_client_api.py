"""Pleroma's own client endpoints (pleroma_api) over HTTP, with their shapes checked."""
import io

import pytest
from PIL import Image

from accounts.models import User
from notifications.models import Notification
from relationships.models import Follow
from statuses.models import Favourite
from tests import factories
from tests.pleroma_api.schemas import check

RELATIONSHIP = {"type": "object", "required": ["id", "following", "notifying"]}
MASCOT = {"type": "object", "required": ["id", "url", "type", "pleroma"],
          "properties": {"url": {"type": "string"}, "type": {"const": "image"},
                         "pleroma": {"type": "object", "required": ["mime_type"]}}}
SCROBBLE = {"type": "object", "required": ["id", "account", "title", "album", "artist", "length", "created_at"]}


class Person:
    def __init__(self, api, name, scopes="read write follow push"):
        self.api = api
        self.user = factories.make_user(name)
        self.account = self.user.account
        self.id = str(self.account.id)
        self.token = factories.make_token(self.user, scopes=scopes)

    def call(self, method, path, data=None, status=200, **kwargs):
        response = self.api.request(method, path, data, token=self.token, **kwargs)
        assert response.status_code == status, response.content
        return response.json() if response.content else None


@pytest.fixture
def alice(api):
    return Person(api, "alice")


@pytest.fixture
def bob(api):
    return Person(api, "bob")


def test_subscribe_and_unsubscribe(alice, bob):
    alice.call("POST", f"/api/v1/pleroma/accounts/{bob.id}/subscribe", status=422)  # not following
    alice.call("POST", f"/api/v1/accounts/{bob.id}/follow")
    relationship = alice.call("POST", f"/api/v1/pleroma/accounts/{bob.id}/subscribe")
    check(RELATIONSHIP, relationship)
    assert relationship["notifying"] is True and relationship["subscribing"] is True
    assert Follow.objects.get(account=alice.account).notify is True
    assert alice.call("POST", f"/api/v1/pleroma/accounts/{bob.id}/unsubscribe")["notifying"] is False
    alice.call("POST", "/api/v1/pleroma/accounts/123456/subscribe", status=404)


def test_account_favourites_respect_hide_favorites(alice, bob, api):
    status = bob.call("POST", "/api/v1/statuses", {"status": "fav me"})
    secret = bob.call("POST", "/api/v1/statuses", {"status": "only followers", "visibility": "private"})
    Favourite.objects.create(account=alice.account, status_id=int(status["id"]))
    Favourite.objects.create(account=alice.account, status_id=int(secret["id"]))
    path = f"/api/v1/pleroma/accounts/{alice.id}/favourites"
    assert "error" in bob.call("GET", path, status=403)  # hidden by default, as Pleroma
    assert [s["id"] for s in alice.call("GET", path)] == [status["id"]]  # alice no longer sees bob's private
    alice.account.hide_favorites = False
    alice.account.save(update_fields=["hide_favorites"])
    assert [s["id"] for s in api.get(path).json()] == [status["id"]]  # anonymous: the public one only
    bob_sees = bob.call("GET", path)
    assert {s["id"] for s in bob_sees} == {status["id"], secret["id"]}


def test_endorsements_birthdays_and_scrobbles(alice, bob, api):
    assert alice.call("GET", f"/api/v1/pleroma/accounts/{bob.id}/endorsements") == []
    bob.account.birthday, bob.account.show_birthday = "1990-03-14", True
    bob.account.save(update_fields=["birthday", "show_birthday"])
    assert alice.call("GET", "/api/v1/pleroma/birthdays", {"day": 14, "month": 3}) == []  # not followed
    alice.call("POST", f"/api/v1/accounts/{bob.id}/follow")
    assert [a["id"] for a in alice.call("GET", "/api/v1/pleroma/birthdays", {"day": 14, "month": 3})] == [bob.id]
    assert alice.call("GET", "/api/v1/pleroma/birthdays", {"day": 15, "month": 3}) == []
    alice.call("GET", "/api/v1/pleroma/birthdays", {"day": 31, "month": 2}, status=400)
    alice.call("GET", "/api/v1/pleroma/birthdays", {"day": "x", "month": 2}, status=400)

    played = bob.call("POST", "/api/v1/pleroma/scrobble", {"title": "Song", "artist": "Band", "length": 180000})
    check(SCROBBLE, played)
    bob.call("POST", "/api/v1/pleroma/scrobble", {"title": "Hidden", "visibility": "private"})
    bob.call("POST", "/api/v1/pleroma/scrobble", {"title": ""}, status=422)
    assert [s["title"] for s in api.get(f"/api/v1/pleroma/accounts/{bob.id}/scrobbles").json()] == ["Song"]
    assert [s["title"] for s in alice.call("GET", f"/api/v1/pleroma/accounts/{bob.id}/scrobbles")] == [
        "Hidden", "Song"]  # a follower sees the followers-only one


def test_aliases(alice, bob):
    assert alice.call("GET", "/api/pleroma/aliases") == {"aliases": []}
    assert alice.call("PUT", "/api/pleroma/aliases", {"alias": "bob"}) == {"status": "success"}
    [alias] = alice.call("GET", "/api/pleroma/aliases")["aliases"]
    assert alias.endswith("/users/bob")
    assert alice.call("GET", f"/api/v1/accounts/{alice.id}")["pleroma"]["also_known_as"] == [alias]
    alice.call("PUT", "/api/pleroma/aliases", {"alias": "nobody"}, status=404)
    alice.call("DELETE", "/api/pleroma/aliases", {"alias": "bob"})
    assert alice.call("GET", "/api/pleroma/aliases") == {"aliases": []}
    assert alice.call("DELETE", "/api/pleroma/aliases", {"alias": "bob"}, status=404)["error"]


def test_disable_account(alice, api):
    alice.call("POST", "/api/pleroma/disable_account", {"password": "wrong"}, status=403)
    assert alice.call("POST", "/api/pleroma/disable_account", {"password": factories.PASSWORD}) == {
        "status": "success"}
    assert User.objects.get(pk=alice.user.pk).disabled is True
    assert api.get("/api/v1/accounts/verify_credentials", token=alice.token).status_code in (401, 403)


def test_confirmation_resend(api, mailoutbox, django_capture_on_commit_callbacks):
    user = factories.make_user("newbie", confirmed=False)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/pleroma/accounts/confirmation_resend", {"email": user.email})
    assert response.status_code == 204
    assert len(mailoutbox) == 1
    assert api.post("/api/v1/pleroma/accounts/confirmation_resend", {"email": "nobody@example.com"}).status_code == 204
    assert len(mailoutbox) == 1
    assert api.post("/api/v1/pleroma/accounts/confirmation_resend").status_code == 400


def test_mascot(alice, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    check(MASCOT, alice.call("GET", "/api/v1/pleroma/mascot"))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "mascot.png"
    set_to = put_file(alice, "/api/v1/pleroma/mascot", buffer)
    check(MASCOT, set_to)
    assert set_to["pleroma"]["mime_type"] == "image/png"
    assert alice.call("GET", "/api/v1/pleroma/mascot")["id"] == set_to["id"]
    text = io.BytesIO(b"not an image")
    text.name = "x.txt"
    assert put_file(alice, "/api/v1/pleroma/mascot", text, status=415)["error"]


def put_file(person, path, upload, status=200):
    """PUT multipart (Django's test client encodes multipart for POST only)."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    response = person.api.client.put(path, encode_multipart(BOUNDARY, {"file": upload}),
                                     content_type=MULTIPART_CONTENT, HTTP_AUTHORIZATION=f"Bearer {person.token}")
    assert response.status_code == status, response.content
    return response.json()


def test_notification_settings_are_honoured(alice, bob, api, django_capture_on_commit_callbacks):
    assert alice.call("PUT", "/api/pleroma/notification_settings", {"block_from_strangers": "true",
                                                                    "hide_notification_contents": "1"}) == {
        "status": "success"}
    me = alice.call("GET", "/api/v1/accounts/verify_credentials")
    assert me["pleroma"]["notification_settings"] == {"block_from_strangers": True, "hide_notification_contents": True}
    with django_capture_on_commit_callbacks(execute=True):
        bob.call("POST", "/api/v1/statuses", {"status": "@alice hello stranger"})
    assert not Notification.objects.filter(recipient=alice.account).exists()
    alice.call("POST", f"/api/v1/accounts/{bob.id}/follow")
    with django_capture_on_commit_callbacks(execute=True):
        bob.call("POST", "/api/v1/statuses", {"status": "@alice hello friend"})
    notification = Notification.objects.get(recipient=alice.account, type="mention")

    from notifications.models import PushSubscription
    from notifications.push import payload_for

    from oauth2_provider.models import get_access_token_model

    subscription = PushSubscription(user=User.objects.get(pk=alice.user.pk),
                                    access_token=get_access_token_model().objects.get(token=alice.token))
    payload = payload_for(subscription, notification)
    assert payload["title"] == "New notification" and payload["body"] == ""


def test_destroy_multiple_and_frontend_settings(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = bob.call("POST", "/api/v1/statuses", {"status": "@alice one"})
        bob.call("POST", "/api/v1/statuses", {"status": "@alice two"})
        bob.call("POST", f"/api/v1/statuses/{first['id']}/favourite")
    mine = list(Notification.objects.filter(recipient=alice.account).values_list("id", flat=True))
    assert len(mine) == 2
    others = Notification.objects.filter(recipient=bob.account).values_list("id", flat=True)
    alice.call("DELETE", "/api/v1/notifications/destroy_multiple",
               {"ids[]": [str(mine[0])] + [str(i) for i in others]}, format="query")
    assert list(Notification.objects.filter(recipient=alice.account).values_list("id", flat=True)) == mine[1:]
    alice.call("DELETE", "/api/v1/notifications/destroy_multiple", status=400)

    assert alice.call("GET", "/api/v1/pleroma/settings/pleroma-fe") == {}
    assert alice.call("PATCH", "/api/v1/pleroma/settings/pleroma-fe", {"theme": "dark", "n": 3},
                      format="json") == {"theme": "dark", "n": 3}
    assert alice.call("PATCH", "/api/v1/pleroma/settings/pleroma-fe", {"n": None},
                      format="json") == {"theme": "dark"}
    assert alice.call("GET", "/api/v1/pleroma/settings/pleroma-fe") == {"theme": "dark"}
    assert bob.call("GET", "/api/v1/pleroma/settings/pleroma-fe") == {}
    alice.call("GET", "/api/v1/pleroma/settings/bad%20name", status=404)


def test_instance_endpoints(api):
    from instance.models import CustomEmoji

    CustomEmoji.objects.create(shortcode="blobcat", image="custom_emojis/blobcat.png")
    assert api.get("/api/pleroma/frontend_configurations").json() == {"pleroma_fe": {}, "masto_fe": {}}
    health = api.get("/api/v1/pleroma/healthcheck").json()
    assert health["healthy"] is True
    assert api.get("/api/v1/pleroma/federation_status").json() == {"unreachable_since": {}}
    emoji = api.get("/api/v1/pleroma/emoji").json()
    assert set(emoji) == {"blobcat"} and emoji["blobcat"]["image_url"].endswith("blobcat.png")
    packs = api.get("/api/v1/pleroma/emoji/packs").json()
    assert packs["count"] == 1 and "blobcat" in packs["packs"]["local"]["files"]
    assert api.get("/api/v1/pleroma/emoji/pack", {"name": "local"}).json()["files_count"] == 1
    assert api.get("/api/v1/pleroma/emoji/pack", {"name": "other"}).status_code == 404
    assert api.get("/api/v1/pleroma/emoji/pack").status_code == 400
    assert api.get("/api/pleroma/captcha").json() == {"type": "none"}


def test_the_users_apps(alice, bob, api):
    created = alice.call("POST", "/api/v1/apps", {"client_name": "Mine", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"})
    api.post("/api/v1/apps", {"client_name": "Anonymous", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}, token="")
    listed = alice.call("GET", "/api/v1/apps")
    assert [app["name"] for app in listed] == ["Mine"] and listed[0]["client_id"] == created["client_id"]
    assert "client_secret" not in listed[0]
    assert bob.call("GET", "/api/v1/apps") == []
    assert api.get("/api/v1/apps", token="").status_code == 401
    # A made-up token never stops anyone registering an app.
    assert api.post("/api/v1/apps", {"client_name": "X", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
                    token="not-a-token").status_code == 200


def test_move_account(alice, bob, api, django_capture_on_commit_callbacks):
    carol = Person(api, "carol")
    new = Person(api, "alice2")
    carol.call("POST", f"/api/v1/accounts/{alice.id}/follow")
    alice.call("POST", "/api/pleroma/move_account", {"password": "wrong", "target_account": "alice2"}, status=403)
    # The new account must name the old one as an alias first.
    alice.call("POST", "/api/pleroma/move_account", {"password": factories.PASSWORD, "target_account": "alice2"},
               status=400)
    new.call("PUT", "/api/pleroma/aliases", {"alias": "alice"})
    alice.call("POST", "/api/pleroma/move_account", {"password": factories.PASSWORD, "target_account": "nobody"},
               status=404)
    with django_capture_on_commit_callbacks(execute=True):
        assert alice.call("POST", "/api/pleroma/move_account",
                          {"password": factories.PASSWORD, "target_account": "alice2"}) == {"status": "success"}
    assert Follow.objects.filter(account=carol.account, target_account=new.account).exists()
    assert not Follow.objects.filter(account=carol.account, target_account=alice.account).exists()
    assert alice.call("GET", f"/api/v1/accounts/{alice.id}")["moved"]["id"] == new.id
    # Opt-in by type, as chat mentions: Mastodon clients never meet it in a list.
    assert all(n["type"] != "move" for n in carol.call("GET", "/api/v1/notifications"))
    [moved] = carol.call("GET", "/api/v1/notifications", {"types[]": "move"}, validate=False)
    assert moved["account"]["id"] == alice.id and moved["target"]["id"] == new.id
