"""The `pleroma` objects of the entities (megalodon's Pleroma mode reads them) and
update_credentials' Pleroma parameters."""
import pytest

from statuses.models import EmojiReaction, StatusPin
from tests import factories
from tests.pleroma_api.schemas import (ACCOUNT_PLEROMA, CREDENTIAL_ACCOUNT_PLEROMA, INSTANCE_PLEROMA,
                                       SOURCE_PLEROMA, STATUS_PLEROMA, check)


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
    response = api.post("/api/v1/statuses", data, token=user.token)
    assert response.status_code == 200, response.content
    return response.json()


def test_status_pleroma_object(api, alice, bob):
    parent = post(api, alice, status="Hello <world> & you")
    reply = post(api, bob, status="@alice hi", in_reply_to_id=parent["id"])
    StatusPin.objects.create(account_id=alice.account.id, status_id=int(parent["id"]))
    EmojiReaction.objects.create(account_id=bob.account.id, status_id=int(parent["id"]), name="👍")
    listed = api.get(f"/api/v1/accounts/{alice.account.id}/statuses", token=bob.token).json()
    check(STATUS_PLEROMA, listed[0]["pleroma"])
    assert listed[0]["pleroma"]["content"] == {"text/plain": "Hello <world> & you"}
    assert listed[0]["pleroma"]["pinned_at"] is not None
    assert listed[0]["pleroma"]["emoji_reactions"] == [
        {"name": "👍", "count": 1, "me": True, "account_ids": [str(bob.account.id)]}]
    shown = api.get(f"/api/v1/statuses/{reply['id']}").json()  # anonymous
    check(STATUS_PLEROMA, shown["pleroma"])
    assert shown["pleroma"]["in_reply_to_account_acct"] == "alice"
    assert shown["pleroma"]["parent_visible"] is True and shown["pleroma"]["local"] is True
    assert shown["pleroma"]["conversation_id"] == listed[0]["pleroma"]["conversation_id"]
    check(ACCOUNT_PLEROMA, shown["account"]["pleroma"])


def test_parent_not_visible(api, alice, bob):
    parent = post(api, alice, status="for followers", visibility="private")
    reply = post(api, alice, status="follow-up", in_reply_to_id=parent["id"])
    listed = api.get(f"/api/v1/accounts/{alice.account.id}/statuses", token=bob.token).json()
    assert [status["id"] for status in listed] == [reply["id"]]
    assert listed[0]["pleroma"]["parent_visible"] is False


def test_update_credentials_pleroma_parameters(api, alice, bob):
    response = api.patch("/api/v1/accounts/update_credentials", {
        "hide_followers": "true", "hide_favorites": "false", "accepts_chat_messages": "false",
        "actor_type": "Service", "no_rich_text": "true", "birthday": "2000-02-29", "show_birthday": "true",
        "pleroma_settings_store": '{"pleroma-fe": {"theme": "dark"}}'}, token=alice.token)
    assert response.status_code == 200, response.content
    me = response.json()
    check(CREDENTIAL_ACCOUNT_PLEROMA, me["pleroma"])
    check(SOURCE_PLEROMA, me["source"]["pleroma"])
    assert me["bot"] is True and me["source"]["pleroma"] == {
        "actor_type": "Service", "discoverable": False, "show_role": True, "no_rich_text": True}
    assert me["pleroma"]["hide_followers"] is True and me["pleroma"]["hide_favorites"] is False
    assert me["pleroma"]["accepts_chat_messages"] is False and me["pleroma"]["birthday"] == "2000-02-29"
    assert me["pleroma"]["settings_store"] == {"pleroma-fe": {"theme": "dark"}}
    api.patch("/api/v1/accounts/update_credentials",
              {"pleroma_settings_store": '{"akkoma-fe": {"a": 1}}'}, token=alice.token)
    me = api.get("/api/v1/accounts/verify_credentials", token=alice.token).json()
    assert set(me["pleroma"]["settings_store"]) == {"pleroma-fe", "akkoma-fe"}
    seen = api.get(f"/api/v1/accounts/{alice.account.id}", token=bob.token).json()
    assert "settings_store" not in seen["pleroma"]  # the owner's only


@pytest.mark.parametrize("data", [{"actor_type": "Robot"}, {"birthday": "yesterday"},
                                  {"pleroma_settings_store": "[1]"}, {"pleroma_settings_store": "{"}])
def test_update_credentials_refuses_bad_pleroma_values(api, alice, data):
    response = api.patch("/api/v1/accounts/update_credentials", data, token=alice.token)
    assert response.status_code == 422 and "error" in response.json()


def test_v1_instance_pleroma_fields(api):
    body = api.get("/api/v1/instance").json()
    check(INSTANCE_PLEROMA, body)
    assert body["pleroma"]["metadata"]["federation"]["enabled"] is False
    assert "pleroma_emoji_reactions" in body["pleroma"]["metadata"]["features"]
