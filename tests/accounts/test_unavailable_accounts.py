"""Suspended and deleted accounts render unavailable wherever an account is rendered (one
serializer); unconfirmed or unapproved sign-ups are found nowhere (one shared lookup)."""
import pytest
from django.core.files.base import ContentFile

from accounts.models import Account
from accounts.serializers import MISSING_AVATAR, MISSING_HEADER, AccountSerializer
from accounts.services.users import suspend_account
from tests import factories
from tests.accounts.profile_helpers import image_bytes, media_root  # noqa: F401 - fixture

PROFILE = {"display_name": "Alice Wonder", "note": "My secret bio", "fields_attributes[0][name]": "Site",
           "fields_attributes[0][value]": "https://alice.example"}


@pytest.fixture
def alice(api, db, media_root):  # noqa: F811
    user = factories.make_user("alice")
    token = factories.make_token(user)
    assert api.patch("/api/v1/accounts/update_credentials", PROFILE, token=token).status_code == 200
    account = Account.objects.get(pk=user.account_id)  # as the update left it
    account.avatar.save("a.png", ContentFile(image_bytes()), save=False)
    account.header.save("h.png", ContentFile(image_bytes()), save=False)
    account.avatar_description = "my face"
    account.save()
    api.post("/api/v1/statuses", {"status": "hello"}, token=token)
    follower = factories.make_user("bob")
    api.post(f"/api/v1/accounts/{account.id}/follow", token=factories.make_token(follower))
    user.refresh_from_db()
    return user


def assert_unavailable(body):
    assert body["display_name"] == "" and body["note"] == "" and body["fields"] == []
    assert body["avatar"].endswith(MISSING_AVATAR) and body["avatar_static"].endswith(MISSING_AVATAR)
    assert body["header"].endswith(MISSING_HEADER) and body["header_static"].endswith(MISSING_HEADER)
    assert body["avatar_description"] == "" and body["header_description"] == ""
    assert body["statuses_count"] == body["followers_count"] == body["following_count"] == 0
    assert body["suspended"] is True and body["emojis"] == [] and body["moved"] is None
    assert body["username"] == "alice" and body["acct"] == "alice"


def test_a_live_account_shows_its_profile(api, alice):
    body = api.get(f"/api/v1/accounts/{alice.account_id}").json()
    assert body["display_name"] == "Alice Wonder" and "secret bio" in body["note"] and body["fields"]
    assert not body["avatar"].endswith(MISSING_AVATAR)
    assert body["statuses_count"] == 1 and body["followers_count"] == 1
    assert body["suspended"] is False


@pytest.mark.parametrize("how", ["suspended", "deleted"])
def test_an_unavailable_account_shows_nothing_of_its_profile(api, alice, how):
    if how == "suspended":
        suspend_account(alice.account)
    else:  # the owner deletes it (Pleroma's delete_account: disabled and suspended)
        token = factories.make_token(alice)
        assert api.post("/api/pleroma/delete_account", {"password": factories.PASSWORD},
                        token=token).status_code == 200
    account_id = alice.account_id
    bob_token = factories.make_token(Account.objects.get(username="bob").user)
    for token in (None, bob_token):
        assert_unavailable(api.get(f"/api/v1/accounts/{account_id}", token=token).json())
        assert_unavailable(api.get("/api/v1/accounts/lookup", {"acct": "alice"}, token=token).json())
        assert_unavailable(api.get("/api/v1/accounts", {"id[]": [account_id]}, token=token).json()[0])
    # Every other rendering goes through the same serializer (statuses, notifications,
    # admin entities, streaming payloads...).
    assert_unavailable(AccountSerializer.render(Account.objects.get(pk=account_id)))


@pytest.mark.parametrize("state", ["unconfirmed", "unapproved"])
def test_an_unusable_sign_up_is_found_nowhere(api, db, state):
    user = factories.make_user("newbie", confirmed=state != "unconfirmed", approved=state != "unapproved")
    viewer = factories.make_token(factories.make_user("viewer"))
    account_id = user.account_id
    for token in (None, viewer):
        assert api.get(f"/api/v1/accounts/{account_id}", token=token).status_code == 404
        assert api.get("/api/v1/accounts/newbie", token=token).status_code == 404  # by handle
        assert api.get("/api/v1/accounts/lookup", {"acct": "newbie"}, token=token).status_code == 404
        assert api.get("/api/v1/accounts", {"id[]": [account_id]}, token=token).json() == []
        assert api.get(f"/api/v1/accounts/{account_id}/statuses", token=token).status_code == 404
    assert api.post(f"/api/v1/accounts/{account_id}/follow", token=viewer).status_code == 404
    assert api.get("/.well-known/webfinger", {"resource": "acct:newbie@" + _domain()}).status_code == 404
    # A mention of them links nobody.
    status = api.post("/api/v1/statuses", {"status": "hi @newbie"}, token=viewer).json()
    assert status["mentions"] == []


def _domain():
    from django.conf import settings

    return settings.LOCAL_DOMAIN


def test_a_usable_sign_up_is_found(api, db):
    user = factories.make_user("newbie")
    assert api.get(f"/api/v1/accounts/{user.account_id}").status_code == 200
    assert api.get("/api/v1/accounts/lookup", {"acct": "newbie"}).status_code == 200
    assert api.get("/.well-known/webfinger", {"resource": "acct:newbie@" + _domain()}).status_code == 200
