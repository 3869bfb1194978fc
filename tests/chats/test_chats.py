"""Pleroma's chats over HTTP: shapes (tests/pleroma_api/schemas.py), who may chat with whom,
read state, deletion, the pleroma:chat_mention notification, scopes and privacy."""
import pytest

from chats.models import ChatMessage
from relationships.models import Block, Mute
from tests import factories
from tests.pleroma_api.schemas import CHAT, CHAT_MESSAGE, check


class Person:
    committed = None  # django_capture_on_commit_callbacks: after-commit work runs as in production

    def __init__(self, api, name, scopes="read write follow push"):
        self.api = api
        self.user = factories.make_user(name)
        self.account = self.user.account
        self.id = str(self.account.id)
        self.token = factories.make_token(self.user, scopes=scopes)

    def call(self, method, path, data=None, status=200, **kwargs):
        with Person.committed(execute=True):
            response = self.api.request(method, path, data, token=self.token, **kwargs)
        assert response.status_code == status, response.content
        return response.json()

    def chat_with(self, other):
        chat = self.call("POST", f"/api/v1/pleroma/chats/by-account-id/{other.id}")
        check(CHAT, chat)
        return chat

    def send(self, chat, content, status=200, **kwargs):
        return self.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"content": content},
                         status=status, **kwargs)


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    Person.committed = django_capture_on_commit_callbacks


@pytest.fixture
def alice(api):
    return Person(api, "alice")


@pytest.fixture
def bob(api):
    return Person(api, "bob")


def test_a_chat_is_made_once_and_messages_reach_the_other_side(alice, bob, django_assert_max_num_queries):
    chat = alice.chat_with(bob)
    assert chat["account"]["id"] == bob.id and chat["unread"] == 0 and chat["last_message"] is None
    assert alice.chat_with(bob)["id"] == chat["id"]
    sent = alice.send(chat, "Hi <b>bob</b> :blobcat: https://example.com\nline two", format="json")
    check(CHAT_MESSAGE, sent)
    assert sent["chat_id"] == chat["id"] and sent["account_id"] == alice.id and sent["unread"] is False
    assert "&lt;b&gt;" in sent["content"] and "<br/>" in sent["content"] and 'href="https://example.com"' in sent["content"]

    chats = bob.call("GET", "/api/v2/pleroma/chats")
    assert len(chats) == 1
    check(CHAT, chats[0])
    theirs = chats[0]
    assert theirs["id"] != chat["id"] and theirs["account"]["id"] == alice.id and theirs["unread"] == 1
    assert theirs["last_message"]["id"] == sent["id"] and theirs["last_message"]["chat_id"] == theirs["id"]
    assert theirs["last_message"]["unread"] is True
    assert bob.call("GET", "/api/v1/pleroma/chats")[0]["id"] == theirs["id"]  # the deprecated list
    messages = bob.call("GET", f"/api/v1/pleroma/chats/{theirs['id']}/messages")
    assert [message["id"] for message in messages] == [sent["id"]]
    for message in messages:
        check(CHAT_MESSAGE, message)

    reply = bob.send(theirs, "hello alice")
    listed = alice.call("GET", f"/api/v1/pleroma/chats/{chat['id']}/messages")
    assert [message["id"] for message in listed] == [reply["id"], sent["id"]]
    assert alice.call("GET", f"/api/v1/pleroma/chats/{chat['id']}")["unread"] == 1

    # A page of chats and a page of messages: a fixed number of queries.
    for index in range(3):
        other = Person(alice.api, f"friend{index}")
        other.send(other.chat_with(alice), f"hi {index}")
    with django_assert_max_num_queries(12):
        assert len(alice.call("GET", "/api/v2/pleroma/chats")) == 4


def test_the_notification_carries_the_message(alice, bob):
    chat = alice.chat_with(bob)
    sent = alice.send(chat, "ping")
    assert bob.call("GET", "/api/v1/notifications") == []  # Mastodon clients never meet them
    notifications = bob.call("GET", "/api/v1/notifications", {"include_types[]": "pleroma:chat_mention"},
                             validate=False)  # the spec knows no Pleroma type
    assert notifications[0]["type"] == "pleroma:chat_mention"
    assert notifications[0]["account"]["id"] == alice.id
    check(CHAT_MESSAGE, notifications[0]["chat_message"])
    assert notifications[0]["chat_message"]["id"] == sent["id"]
    # The sender deleting the message deletes it for both, with its notification.
    deleted = alice.call("DELETE", f"/api/v1/pleroma/chats/{chat['id']}/messages/{sent['id']}")
    assert deleted["id"] == sent["id"]
    assert not ChatMessage.objects.exists()
    assert bob.call("GET", "/api/v1/notifications", {"types[]": "pleroma:chat_mention"}, validate=False) == []


def test_read_marks(alice, bob):
    chat = alice.chat_with(bob)
    first, second, third = (alice.send(chat, text) for text in ("one", "two", "three"))
    theirs = bob.call("GET", "/api/v2/pleroma/chats")[0]
    assert theirs["unread"] == 3
    read = bob.call("POST", f"/api/v1/pleroma/chats/{theirs['id']}/messages/{first['id']}/read")
    check(CHAT_MESSAGE, read)
    assert read["unread"] is False
    marked = bob.call("POST", f"/api/v1/pleroma/chats/{theirs['id']}/read", {"last_read_id": second["id"]})
    check(CHAT, marked)
    assert marked["unread"] == 1
    assert bob.call("POST", f"/api/v1/pleroma/chats/{theirs['id']}/read", {"last_read_id": third["id"]})["unread"] == 0
    # Reading your own message changes nothing for the other side.
    alice.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/read", {"last_read_id": third["id"]})


def test_the_recipient_deleting_hides_it_only_for_them(alice, bob):
    chat = alice.chat_with(bob)
    sent = alice.send(chat, "keep this")
    theirs = bob.call("GET", "/api/v2/pleroma/chats")[0]
    bob.call("DELETE", f"/api/v1/pleroma/chats/{theirs['id']}/messages/{sent['id']}")
    assert bob.call("GET", f"/api/v1/pleroma/chats/{theirs['id']}/messages") == []
    assert bob.call("GET", f"/api/v1/pleroma/chats/{theirs['id']}")["unread"] == 0
    assert [m["id"] for m in alice.call("GET", f"/api/v1/pleroma/chats/{chat['id']}/messages")] == [sent["id"]]


def test_idempotency_key_and_media(alice, bob, api):
    chat = alice.chat_with(bob)
    headers = {"Idempotency-Key": "abc-123"}
    first = alice.send(chat, "once", headers=headers)
    assert first["idempotency_key"] == "abc-123"
    assert alice.send(chat, "once", headers=headers)["id"] == first["id"]
    assert ChatMessage.objects.count() == 1
    from media_attachments.models import MediaAttachment

    media = MediaAttachment.objects.create(account=alice.account, type="image", state="ready")
    with_media = alice.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"media_id": str(media.id)})
    check(CHAT_MESSAGE, with_media)
    assert with_media["attachment"]["id"] == str(media.id) and with_media["content"] is None
    # The same upload twice, someone else's upload, nothing at all: 422.
    alice.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"media_id": str(media.id)}, status=422)
    bob_chat = bob.call("GET", "/api/v2/pleroma/chats")[0]
    bob.call("POST", f"/api/v1/pleroma/chats/{bob_chat['id']}/messages", {"media_id": str(media.id)}, status=422)
    alice.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"content": "  "}, status=422)
    alice.send(chat, "x" * 5001, status=422)


def test_accepts_chat_messages_and_blocks_either_way(alice, bob):
    chat = alice.chat_with(bob)
    bob.account.accepts_chat_messages = False
    bob.account.save(update_fields=["accepts_chat_messages"])
    assert "does not accept" in alice.send(chat, "hi", status=422)["error"]
    bob.account.accepts_chat_messages = True
    bob.account.save(update_fields=["accepts_chat_messages"])
    alice.send(chat, "hi")
    theirs = bob.call("GET", "/api/v2/pleroma/chats")[0]

    Block.objects.create(account=bob.account, target_account=alice.account)
    alice.send(chat, "still there?", status=422)
    bob.send(theirs, "go away", status=422)
    # A blocked account's chat leaves the list, both ways.
    assert alice.call("GET", "/api/v2/pleroma/chats") == []
    assert bob.call("GET", "/api/v2/pleroma/chats") == []


def test_with_muted(alice, bob):
    alice.send(alice.chat_with(bob), "hi")
    Mute.objects.create(account=bob.account, target_account=alice.account, hide_notifications=True)
    assert bob.call("GET", "/api/v2/pleroma/chats") == []
    assert len(bob.call("GET", "/api/v2/pleroma/chats", {"with_muted": "true"})) == 1
    alice.send(alice.chat_with(bob), "again")  # a mute hiding notifications: no chat mention
    mentions = bob.call("GET", "/api/v1/notifications", {"types[]": "pleroma:chat_mention"}, validate=False)
    assert [n["chat_message"]["content"] for n in mentions] == ["hi"]


def test_privacy_and_scopes(alice, bob, api):
    chat = alice.chat_with(bob)
    sent = alice.send(chat, "secret")
    eve = Person(api, "eve")
    # Someone else's chat or message: 404.
    eve.call("GET", f"/api/v1/pleroma/chats/{chat['id']}", status=404)
    eve.call("GET", f"/api/v1/pleroma/chats/{chat['id']}/messages", status=404)
    eve.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"content": "x"}, status=404)
    eve.call("DELETE", f"/api/v1/pleroma/chats/{chat['id']}/messages/{sent['id']}", status=404)
    eve.call("POST", f"/api/v1/pleroma/chats/{chat['id']}/read", status=404)
    eve.call("GET", "/api/v1/pleroma/chats/not-a-number", status=404)
    eve.call("POST", "/api/v1/pleroma/chats/by-account-id/999999", status=404)
    assert eve.call("GET", "/api/v2/pleroma/chats") == []
    # No token: 401; outside the scopes: 403; the granular scopes work.
    assert api.get("/api/v2/pleroma/chats", token="").status_code == 401
    reader = Person(api, "reader", scopes="read:statuses")
    reader.call("GET", "/api/v2/pleroma/chats", status=403)
    chatter = Person(api, "chatter", scopes="read:chats write:chats")
    chatter.send(chatter.chat_with(alice), "granular")
    assert len(chatter.call("GET", "/api/v2/pleroma/chats")) == 1


def test_pagination(alice, bob, api):
    chat = alice.chat_with(bob)
    sent = [alice.send(chat, f"m{index}") for index in range(5)]
    page = api.get(f"/api/v1/pleroma/chats/{chat['id']}/messages", {"limit": 2}, token=alice.token)
    assert [m["id"] for m in page.json()] == [sent[4]["id"], sent[3]["id"]]
    assert 'rel="next"' in page["Link"]
    older = alice.call("GET", f"/api/v1/pleroma/chats/{chat['id']}/messages", {"max_id": sent[3]["id"], "limit": 2})
    assert [m["id"] for m in older] == [sent[2]["id"], sent[1]["id"]]
    for index in range(3):
        Person(api, f"p{index}").chat_with(alice)
        alice.chat_with(Person(api, f"q{index}"))
    assert len(alice.call("GET", "/api/v2/pleroma/chats", {"limit": 2})) == 2
    assert len(alice.call("GET", "/api/v2/pleroma/chats", {"limit": 2, "offset": 3})) == 1
    alice.call("GET", "/api/v2/pleroma/chats", {"limit": "abc"}, status=400)
