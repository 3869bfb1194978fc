"""Real-time delivery over real sockets: the `user` stream over WebSocket and SSE after a
long quiet spell, and the public, hashtag, list and direct streams, on both set-ups."""
import secrets
import time

import pytest

from tests.system.clients import SSEStream, WebSocketStream, notification_of, status_with
from tests.system.conftest import record

IDLE_SECONDS = 20
DELIVERY_SECONDS = 2
PING_SECONDS = 24  # Mastodon's streaming server pings every 30 s; ours (uvicorn's default) every 20 s


def marker():
    return "m" + secrets.token_hex(4)


@pytest.fixture(scope="module")
def idle_streams(embedded, production):
    """On both set-ups at once (the quiet spells overlap): a fresh password-grant user who
    follows another opens the `user` stream over WebSocket and over SSE (Mastodon.py)."""
    scenarios = {}
    try:
        for deployment in (embedded, production):
            reader, author = deployment.users(2)
            reader.account_follow(author.account_verify_credentials()["id"])
            scenarios[deployment.name] = {
                "reader": reader, "author": author,
                "ws": WebSocketStream(deployment, reader.access_token, [("user", {})], reconnect=True),
                "sse": SSEStream(reader, "stream_user", reconnect=True),
                "opened": time.monotonic(),
            }
        yield scenarios
    finally:
        for scenario in scenarios.values():
            scenario["ws"].close()
            scenario["sse"].close()


def test_user_stream_after_idle(idle_streams, deployment):
    scenario = idle_streams[deployment.name]
    ws, sse, author, reader = scenario["ws"], scenario["sse"], scenario["author"], scenario["reader"]
    time.sleep(max(0.0, scenario["opened"] + IDLE_SECONDS - time.monotonic()))
    idle = time.monotonic() - scenario["opened"]

    text = marker()
    posted_at = time.monotonic()
    author.status_post(f"hello {text}")
    returned_at = time.monotonic()
    for name, stream in (("WebSocket", ws), ("SSE", sse)):
        hit = stream.wait_for(status_with(text), returned_at + DELIVERY_SECONDS - time.monotonic(), since=posted_at)
        assert hit is not None, f"{name}: no update within {DELIVERY_SECONDS}s of the POST after {idle:.0f}s idle; " \
                                f"events: {stream.names()}, closes: {getattr(stream, 'closes', None)}"
        record(deployment.name, f"user stream {name}: update latency after POST (idle {idle:.0f}s)",
               hit[0] - posted_at, "s")

    text = marker()
    posted_at = time.monotonic()
    author.status_post(f"@{reader.username} ping {text}")
    returned_at = time.monotonic()
    for name, stream in (("WebSocket", ws), ("SSE", sse)):
        hit = stream.wait_for(notification_of("mention", text), returned_at + DELIVERY_SECONDS - time.monotonic(),
                              since=posted_at)
        assert hit is not None, f"{name}: no mention notification; events: {stream.names()}"
        record(deployment.name, f"user stream {name}: mention notification latency", hit[0] - posted_at, "s")

    # The server's heartbeat (uvicorn pings every 20 s) kept the WebSocket alive; SSE sends ":thump".
    time.sleep(max(0.0, scenario["opened"] + PING_SECONDS - time.monotonic()))
    assert ws.pings >= 1, "no WebSocket ping from the server"
    record(deployment.name, f"user stream WebSocket: server pings in {time.monotonic() - scenario['opened']:.0f}s",
           ws.pings)
    # Stayed the same connection all along: no reconnect, no close.
    assert ws.connects == 1 and ws.closes == [], ws.closes
    assert sse.connects == 1
    assert sse.listener.heartbeats >= 2  # ":)" and a ":thump" every 15 s
    record(deployment.name, "user stream: reconnects during the idle test (WebSocket, SSE)",
           f"{ws.connects - 1}, {sse.connects - 1}")


def test_public_hashtag_list_and_direct_streams(deployment):
    reader, author = deployment.users(2)
    author_id = author.account_verify_credentials()["id"]
    reader.account_follow(author_id)
    tag = "tag" + secrets.token_hex(3)
    timeline_list = reader.list_create("friends")
    reader.list_accounts_add(timeline_list["id"], [author_id])

    streams = [("public", {}), ("hashtag", {"tag": tag}), ("list", {"list": str(timeline_list["id"])}),
               ("direct", {})]
    ws = WebSocketStream(deployment, reader.access_token, streams)
    sse = {
        "public": SSEStream(reader, "stream_public"),
        "hashtag": SSEStream(reader, "stream_hashtag", tag),
        "list": SSEStream(reader, "stream_list", timeline_list["id"]),
        "direct": SSEStream(reader, "stream_direct"),
    }
    try:
        text = marker()
        posted_at = time.monotonic()
        author.status_post(f"public #{tag} {text}")
        for name in ("public", "hashtag", "list"):  # the list last: it needs the reader active
            hit = ws.wait_for(lambda event, payload, stream: status_with(text)(event, payload, stream)
                              and stream and stream[0] == name, 5, since=posted_at)
            assert hit is not None, f"WebSocket {name}: no update; events: {ws.events}"
            record(deployment.name, f"{name} stream WebSocket: update latency", hit[0] - posted_at, "s")
            hit = sse[name].wait_for(status_with(text), 5, since=posted_at)
            assert hit is not None, f"SSE {name}: no update; events: {sse[name].names()}"
            record(deployment.name, f"{name} stream SSE: update latency", hit[0] - posted_at, "s")

        text = marker()
        posted_at = time.monotonic()
        author.status_post(f"@{reader.username} secret {text}", visibility="direct")

        def conversation(event, payload, stream):
            return event == "conversation" and text in (payload.get("last_status") or {}).get("content", "")

        hit = ws.wait_for(conversation, 5, since=posted_at)
        assert hit is not None, f"WebSocket direct: no conversation; events: {ws.names()}"
        record(deployment.name, "direct stream WebSocket: conversation latency", hit[0] - posted_at, "s")
        hit = sse["direct"].wait_for(conversation, 5, since=posted_at)
        assert hit is not None, f"SSE direct: no conversation; events: {sse['direct'].names()}"
        record(deployment.name, "direct stream SSE: conversation latency", hit[0] - posted_at, "s")
    finally:
        ws.close()
        for stream in sse.values():
            stream.close()


def test_followed_hashtag_reaches_home(deployment):
    reader, author = deployment.users(2)
    tag = "follow" + secrets.token_hex(3)
    reader.tag_follow(tag)
    ws = WebSocketStream(deployment, reader.access_token, [("user", {})])
    try:
        text = marker()
        posted_at = time.monotonic()
        status = author.status_post(f"about #{tag} {text}")
        hit = ws.wait_for(status_with(text), 5, since=posted_at)
        assert hit is not None, f"no update on the user stream; events: {ws.names()}"
        record(deployment.name, "followed hashtag: user stream latency", hit[0] - posted_at, "s")
        assert str(status["id"]) in [str(item["id"]) for item in reader.timeline_home(limit=10)]
    finally:
        ws.close()
