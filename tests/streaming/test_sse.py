"""The streaming API as server-sent events (GET /api/v1/streaming/...), over real ASGI HTTP
through fedi.asgi: Mastodon's wire format, heartbeats, refusals, and a client that goes away
leaving nothing behind."""
import json

import pytest

from statuses.models import Status
from streaming import groups, publish
from tests import factories
from tests.streaming.helpers import EventStream, db, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alice():
    return factories.make_user("alice")


@pytest.fixture
def alice_token(alice):
    return factories.make_token(alice)


def post(account, text="hello", **fields):
    return Status.objects.create(account=account, text=text, content=f"<p>{text}</p>", **fields)


def test_public_stream_sends_updates_and_deletes_in_mastodons_format(alice, alice_token):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/public", token=alice_token).open()
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "private, no-store"
        assert stream.buffer == ":)\n"
        status = await db(post, alice.account)
        await db(publish.publish_status, status)
        raw = ""
        while "\n\n" not in raw:
            raw += await stream.read_chunk()
        assert raw.startswith("event: update\ndata: {")
        assert raw.endswith("}\n\n") and raw.count("\n") == 3
        assert json.loads(raw[len("event: update\ndata: "):])["id"] == str(status.id)
        stream.buffer = ""
        await db(lambda: Status.objects.filter(id=status.id).delete())
        event, data = await stream.next_event()
        assert (event, data) == ("delete", str(status.id))
        await stream.close()

    run(scenario)


def test_update_payload_is_the_status_as_the_rest_api_renders_it(api, alice, alice_token):
    bob = factories.make_user("bob")
    bob_token = factories.make_token(bob)

    async def scenario():
        stream = await EventStream("/api/v1/streaming/public/local", token=bob_token).open()
        status = await db(post, alice.account, "look")
        await db(publish.publish_status, status)
        event, data = await stream.next_event()
        assert event == "update"
        rest = await db(lambda: api.get(f"/api/v1/statuses/{status.id}", token=bob_token).json())
        assert json.loads(data) == rest
        await stream.close()

    run(scenario)


@pytest.mark.parametrize("path, query, stream_name", [
    ("/api/v1/streaming/public", "", "public"),
    ("/api/v1/streaming/public", "only_media=true", "public:media"),
    ("/api/v1/streaming/public/local", "", "public:local"),
    ("/api/v1/streaming/public/local", "only_media=1", "public:local:media"),
    ("/api/v1/streaming/public/remote", "", "public:remote"),
    ("/api/v1/streaming/public/remote", "only_media=true", "public:remote:media"),
    ("/api/v1/streaming/hashtag", "tag=Cats", "hashtag"),
    ("/api/v1/streaming/hashtag/local", "tag=cats", "hashtag:local"),
    ("/api/v1/streaming/user", "", "user"),
    ("/api/v1/streaming/user/notification", "", "user:notification"),
    ("/api/v1/streaming/direct", "", "direct"),
    ("/api/v1/streaming/user/", "", "user"),  # a trailing slash, as some clients send
])
def test_every_path_streams_its_own_group(alice, alice_token, path, query, stream_name):
    from streaming.streams import resolve, authenticate

    async def scenario():
        stream = await EventStream(path, token=alice_token, query=query).open()
        assert stream.status == 200
        params = dict(item.split("=") for item in query.split("&") if item)
        subscription = await db(resolve, await db(authenticate, alice_token), stream_name, params)
        target = subscription.groups[0]
        await db(publish.send_now, [publish.message(target, "delete", payload="12345")])
        assert await stream.next_event() == ("delete", "12345")
        await db(publish.send_now, [publish.message(groups.public(), "delete", payload="999")])
        if stream_name != "public":
            assert await stream.nothing()
        await stream.close()

    run(scenario)


def test_filters_changed_has_an_undefined_payload(alice, alice_token):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/user", token=alice_token).open()
        await db(publish.publish_filters_changed, alice.account.id)
        assert await stream.next_event() == ("filters_changed", "undefined")
        await stream.close()

    run(scenario)


def test_heartbeat_comments_keep_the_connection_alive(monkeypatch, alice_token):
    from streaming import views

    monkeypatch.setattr(views, "HEARTBEAT_SECONDS", 0.05)

    async def scenario():
        stream = await EventStream("/api/v1/streaming/public", token=alice_token).open()
        assert await stream.read_chunk() == ":thump\n"
        assert await stream.read_chunk() == ":thump\n"
        await stream.close()

    run(scenario)


@pytest.mark.parametrize("path, query, token, status, error", [
    ("/api/v1/streaming/public", "", None, 401, "Missing access token"),
    ("/api/v1/streaming/public", "", "nope", 401, "Invalid access token"),
    ("/api/v1/streaming/nonsense", "", "nope", 400, "Unknown channel requested"),
    ("/api/v1/streaming/hashtag", "", "good", 400, "Missing tag name parameter"),
    ("/api/v1/streaming/list", "", "good", 400, "Missing list name parameter"),
    ("/api/v1/streaming/list", "list=123", "good", 401, "Not authorized to stream this list"),
    ("/api/v1/streaming/user", "", "statuses-less", 401, "Access token does not have the required scopes"),
])
def test_refusals_are_json_errors_before_the_stream_starts(alice, alice_token, path, query, token, status, error):
    if token == "good":
        token = alice_token
    elif token == "statuses-less":
        token = factories.make_token(alice, scopes="read:notifications write")

    async def scenario():
        stream = await EventStream(path, token=token, query=query).open()
        assert stream.status == status
        assert stream.json() == {"error": error}

    run(scenario)


def test_the_access_token_query_parameter_works(alice, alice_token):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/user", query=f"access_token={alice_token}").open()
        assert stream.status == 200
        await stream.close()

    run(scenario)


def test_refusals_through_the_rest_client_match_the_spec(api, alice_token):
    response = api.get("/api/v1/streaming/public")
    assert response.status_code == 401
    assert response.json() == {"error": "Missing access token"}
    response = api.get("/api/v1/streaming/public", token="bad")
    assert response.status_code == 401
    response = api.get("/api/v1/streaming/whatever", token=alice_token)
    assert response.status_code == 400
    assert response.json() == {"error": "Unknown channel requested"}
    assert api.get("/api/v1/streaming/health").content == b"OK"


def test_a_client_that_goes_away_leaves_no_subscription(alice, alice_token):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/user", token=alice_token).open()
        assert await group_size(groups.user(alice.account.id)) == 1
        await stream.close()
        assert await group_size(groups.user(alice.account.id)) == 0
        # Publishing to nobody is fine.
        await db(publish.publish_filters_changed, alice.account.id)

    run(scenario)


async def group_size(group):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if hasattr(layer, "groups") and not hasattr(layer, "_group_key"):  # in memory
        return len(layer.groups.get(group, {}))
    connection = layer.connection(layer.consistent_hash(group))
    return await connection.zcard(layer._group_key(group))
