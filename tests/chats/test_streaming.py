"""`pleroma:chat_update` on real WebSocket connections: the `user:pleroma_chat` stream and
the `user` stream (with a token that may read chats), the Chat as its owner sees it, and
only for the two sides of the chat."""
import json

import pytest

from tests import factories
from tests.pleroma_api.schemas import CHAT, check
from tests.streaming.helpers import db, next_event, nothing, open_socket, run, settle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_updates_both_sides_streams(api):
    alice, bob, eve = (factories.make_user(name) for name in ("alice", "bob", "eve"))
    tokens = {name: factories.make_token(user) for name, user in (("alice", alice), ("bob", bob), ("eve", eve))}
    narrow = factories.make_token(bob, scopes="read:statuses")

    def call(method, path, token, data=None):
        response = api.request(method, path, data, token=token)
        assert response.status_code == 200, response.content
        return response.json()

    async def scenario():
        bob_chat_stream = await open_socket("stream=user:pleroma_chat", token=tokens["bob"])
        bob_user = await open_socket("stream=user", token=tokens["bob"])
        bob_narrow = await open_socket("stream=user", token=narrow)
        eve_stream = await open_socket("stream=user:pleroma_chat", token=tokens["eve"])
        alice_stream = await open_socket("stream=user:pleroma_chat", token=tokens["alice"])
        await settle()
        chat = await db(call, "POST", f"/api/v1/pleroma/chats/by-account-id/{bob.account.id}", tokens["alice"])
        sent = await db(call, "POST", f"/api/v1/pleroma/chats/{chat['id']}/messages", tokens["alice"],
                        {"content": "hello bob"})
        for socket in (bob_chat_stream, bob_user):
            event = await next_event(socket)
            while event["event"] == "notification":  # the user stream also gets the chat mention
                event = await next_event(socket)
            assert event["event"] == "pleroma:chat_update"
            payload = json.loads(event["payload"])
            check(CHAT, payload)
            assert payload["account"]["id"] == str(alice.account.id) and payload["unread"] == 1
            assert payload["last_message"]["id"] == sent["id"]
        own = json.loads((await next_event(alice_stream))["payload"])
        assert own["id"] == chat["id"] and own["account"]["id"] == str(bob.account.id) and own["unread"] == 0
        assert await nothing(eve_stream)
        assert await nothing(bob_narrow)  # a token without read:chats hears no chat
        for socket in (bob_chat_stream, bob_user, bob_narrow, eve_stream, alice_stream):
            await socket.disconnect()

    run(scenario)


def test_the_chat_stream_needs_a_chat_scope(api):
    user = factories.make_user("carol")
    token = factories.make_token(user, scopes="read:statuses")

    async def scenario():
        socket = await open_socket("", token=token)
        await socket.send_json_to({"type": "subscribe", "stream": "user:pleroma_chat"})
        frame = json.loads(await socket.receive_from())
        assert "error" in frame
        await socket.disconnect()

    run(scenario)
