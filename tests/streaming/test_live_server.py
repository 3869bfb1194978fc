"""The streaming handshake through a real server (uvicorn, as `make run` serves fedi.asgi):
what browsers and clients see on the wire — the token echoed as the accepted subprotocol,
a refused token as HTTP 401 with Mastodon's JSON error, and server-sent events over a
chunked HTTP response."""
import http.client
import json
import socket
import threading
import time

import pytest
import uvicorn
from asgiref.sync import SyncToAsync
from django.db import connections
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    from fedi.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield port
    live.should_exit = True
    thread.join(10)
    # The consumers' database work ran in asgiref's shared sync thread: close its connection.
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


def test_the_token_as_subprotocol_is_echoed_back(server):
    token = factories.make_token(factories.make_user("alice"))
    with connect(f"ws://127.0.0.1:{server}/api/v1/streaming", subprotocols=[token]) as ws:
        assert ws.subprotocol == token
        ws.send(json.dumps({"type": "subscribe", "stream": "nonsense"}))
        assert json.loads(ws.recv(timeout=5)) == {"error": "Unknown stream type", "status": 400}


def test_bearer_header_and_query_parameter_work(server):
    token = factories.make_token(factories.make_user("alice"))
    with connect(f"ws://127.0.0.1:{server}/api/v1/streaming?stream=user",
                 additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        assert ws.subprotocol is None
    with connect(f"ws://127.0.0.1:{server}/api/v1/streaming?access_token={token}&stream=public") as ws:
        ws.send(json.dumps({"type": "subscribe", "stream": "hashtag"}))
        assert json.loads(ws.recv(timeout=5)) == {"error": "Missing tag name parameter", "status": 400}


def test_a_bad_token_gets_http_401_with_mastodons_error(server):
    for headers, query in (({"Authorization": "Bearer nope"}, ""), ({}, "?access_token=nope"), ({}, "")):
        with pytest.raises(InvalidStatus) as refused:
            connect(f"ws://127.0.0.1:{server}/api/v1/streaming{query}", additional_headers=headers)
        assert refused.value.response.status_code == 401
        error = "Missing access token" if not headers and not query else "Invalid access token"
        assert json.loads(refused.value.response.body) == {"error": error}


def test_server_sent_events_stream_with_heartbeats(server, monkeypatch):
    from streaming import views

    monkeypatch.setattr(views, "HEARTBEAT_SECONDS", 0.1)
    token = factories.make_token(factories.make_user("alice"))
    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    connection.request("GET", "/api/v1/streaming/public/local", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/event-stream")
    received = b""
    while received.count(b":thump\n") < 2:
        chunk = response.read1(64)
        assert chunk, f"the stream ended after {received!r}"
        received += chunk
    assert received.startswith(b":)\n:thump\n")
    connection.close()

    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    connection.request("GET", "/api/v1/streaming/user", headers={"Origin": "https://app.example"})
    response = connection.getresponse()
    assert response.status == 401
    assert json.loads(response.read()) == {"error": "Missing access token"}
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    connection.close()


def test_a_post_reaches_a_live_socket_through_the_redis_layer(server, api):
    """Production: the posting request and the socket may be in different processes; the
    Redis channel layer carries the event between them."""
    from channels.layers import get_channel_layer

    from channels_redis.core import RedisChannelLayer

    if not isinstance(get_channel_layer(), RedisChannelLayer):
        pytest.skip("the embedded default's in-memory layer serves one process")
    token = factories.make_token(factories.make_user("alice"))
    with connect(f"ws://127.0.0.1:{server}/api/v1/streaming?stream=public:local",
                 additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        posted = api.post("/api/v1/statuses", {"status": "over redis"}, token=token).json()
        frame = json.loads(ws.recv(timeout=5))
        assert frame["stream"] == ["public:local"] and frame["event"] == "update"
        assert json.loads(frame["payload"])["id"] == posted["id"]
