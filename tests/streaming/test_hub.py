"""streaming.hub: an event reaches a process's connections as one message (however many of
them it is for), each connection exactly once per group it joined; the hub lives while it
has connections; the fan-out fills streaming home feeds first."""
import json

import pytest
from django.utils import timezone

from streaming import groups, hub, publish
from tests import factories
from tests.streaming.helpers import db, next_event, nothing, open_socket, run

pytestmark = pytest.mark.django_db(transaction=True)


def active_user(name):
    user = factories.make_user(name)
    type(user).objects.filter(pk=user.pk).update(current_sign_in_at=timezone.now())
    return user


def test_messages_with_the_same_body_are_packed_into_one():
    messages = [publish.message(groups.user(n), "update", "status", 7) for n in (1, 2, 3)]
    messages.append(publish.message(groups.public(), "delete", payload="7"))
    packed = hub._packed(messages)
    assert [names for names, _ in packed] == [[groups.user(1), groups.user(2), groups.user(3)],
                                              [groups.public()]]
    assert all("group" not in body for _, body in packed)


def test_the_redis_channel_is_named_after_the_prefix_and_database(settings):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if not hub._redis_layer(layer):
        pytest.skip("the in-memory layer has no pub/sub channel")
    database = layer._sync_client().connection_pool.connection_kwargs.get("db", 0)
    assert hub.channel_name(layer) == f"{layer.prefix}:{database}:hub"


def test_one_send_reaches_every_connection_once_and_the_hub_goes_with_them(monkeypatch):
    users = [active_user(f"u{n}") for n in range(5)]
    tokens = [factories.make_token(user) for user in users]
    sent = []
    original = hub.publish_sync

    def counting(layer, messages):
        sent.append(len(messages))
        return original(layer, messages)

    monkeypatch.setattr(hub, "publish_sync", counting)

    async def scenario():
        from channels.layers import get_channel_layer

        sockets = [await open_socket("stream=user", token=token) for token in tokens]
        hubs = [item for item in hub._hubs if item.layer is get_channel_layer()]
        assert len(hubs) == 1  # one per event loop, shared by its connections
        payload = json.dumps({"n": 1})
        await db(publish.send_now, [publish.message(groups.user(user.account.id), "notification.test",
                                                    payload=payload) for user in users[:4]])
        for socket in sockets[:4]:
            frame = await next_event(socket)
            assert frame == {"stream": ["user"], "event": "notification.test", "payload": payload}
        for socket in sockets:
            assert await nothing(socket, 0.1)
        for socket in sockets:
            await socket.disconnect()
        assert hubs[0] not in hub._hubs and hubs[0].listener is None and not hubs[0].members

    run(scenario)
    assert sent == [4]  # one hub message for four connections


def test_home_updates_reach_followers_through_the_hub(api):
    author = active_user("author")
    followers = [active_user(f"f{n}") for n in range(3)]
    tokens = [factories.make_token(user) for user in followers]
    author_token = factories.make_token(author)
    for user, token in zip(followers, tokens):
        assert api.request("POST", f"/api/v1/accounts/{author.account.id}/follow", token=token).status_code == 200

    async def scenario():
        sockets = [await open_socket("stream=user", token=token) for token in tokens]
        response = await db(api.request, "POST", "/api/v1/statuses", {"status": "hello"}, token=author_token)
        posted = response.json()
        for socket in sockets:
            frame = await next_event(socket)
            assert frame["event"] == "update" and frame["data"]["id"] == posted["id"]
            assert await nothing(socket, 0.2)  # once
        for socket in sockets:
            await socket.disconnect()

    run(scenario)


def test_streaming_accounts_are_those_with_an_open_user_stream():
    users = [active_user(f"s{n}") for n in range(3)]
    token = factories.make_token(users[0])
    ids = [user.account.id for user in users]

    async def scenario():
        socket = await open_socket("stream=user", token=token)
        found = await db(publish.streaming_accounts, ids)
        await socket.disconnect()
        return found

    assert run(scenario) == {ids[0]}
    assert publish.streaming_accounts(ids) == set()


def test_the_fan_out_fills_streaming_home_feeds_first(monkeypatch):
    from feeds import fanout, signals

    inline, queued = [], []

    class Task:
        @staticmethod
        def apply_async(args, priority=None):
            queued.append(list(args[1]))

    def provider(sender, account_ids, **kwargs):
        return {account_id for account_id in account_ids if account_id % 2 == 0}

    monkeypatch.setattr(fanout, "INLINE_LIMIT", 3)
    signals.streaming_home_feeds.connect(provider, dispatch_uid="tests.provider")
    try:
        fanout._hand_out(Task, lambda status_id, receivers: inline.append(list(receivers)), 1, list(range(10)),
                         streaming_first=True)
    finally:
        signals.streaming_home_feeds.disconnect(dispatch_uid="tests.provider")
    assert inline == [[0, 2, 4, 6, 8]]
    assert queued == [[1, 3, 5, 7, 9]]
