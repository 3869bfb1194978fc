"""A channel layer that cannot reach Redis (a real connection to a port nobody listens on):
streams are refused with 503 or end, never an internal error, and nothing hangs."""
import json
import socket

import pytest
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from tests import factories
from tests.streaming.helpers import EventStream, run, websocket

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 10


@pytest.fixture
def unreachable_layer(settings):
    with socket.socket() as sock:  # a free port, closed again: connecting is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "streaming.layers.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": f"redis://127.0.0.1:{port}/0", "socket_connect_timeout": 1,
                   # No retries: the test need not wait for redis-py's backoff.
                   "retry": Retry(NoBackoff(), 0)}]},
    }}


@pytest.fixture
def token():
    return factories.make_token(factories.make_user("alice"))


def test_a_websocket_is_refused_with_503(unreachable_layer, token):
    async def scenario():
        socket_ = websocket("stream=public", token=token, extensions={"websocket.http.response": {}})
        await socket_.send_input({"type": "websocket.connect"})
        start = await socket_.receive_output(TIMEOUT)
        assert start["type"] == "websocket.http.response.start"
        assert start["status"] == 503
        body = await socket_.receive_output(TIMEOUT)
        assert json.loads(body["body"]) == {"error": "Streaming is unavailable right now; try again shortly"}
        await socket_.send_input({"type": "websocket.disconnect", "code": 1006})
        await socket_.wait(TIMEOUT)

    run(scenario)


def test_a_websocket_without_the_denial_extension_is_closed(unreachable_layer, token):
    async def scenario():
        socket_ = websocket("stream=public", token=token)
        await socket_.send_input({"type": "websocket.connect"})
        response = await socket_.receive_output(TIMEOUT)
        assert response == {"type": "websocket.close", "code": 4503, "reason": ""} or (
            response["type"] == "websocket.close" and response["code"] == 4503)
        await socket_.send_input({"type": "websocket.disconnect", "code": 4503})
        await socket_.wait(TIMEOUT)

    run(scenario)


def test_server_sent_events_end_instead_of_failing(unreachable_layer, token):
    async def scenario():
        stream = EventStream("/api/v1/streaming/public", token=token)
        await stream.communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await stream.communicator.receive_output(TIMEOUT)
        assert start["type"] == "http.response.start" and start["status"] == 200
        body = b""
        while True:  # the body ends (the client reconnects) rather than the server erroring
            message = await stream.communicator.receive_output(TIMEOUT)
            assert message["type"] == "http.response.body"
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        assert body == b""
        await stream.communicator.wait(TIMEOUT)

    run(scenario)
