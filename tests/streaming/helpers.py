"""Real streaming connections against the ASGI application (fedi.asgi): WebSockets through
Channels' WebsocketCommunicator, server-sent events through an ApplicationCommunicator
speaking ASGI HTTP, both driven from sync tests with asgiref's async_to_sync (which also
runs the consumers' database calls in the test's thread)."""
import asyncio
import json

from urllib.parse import unquote, urlparse

from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async

from fedi.asgi import application

TIMEOUT = 3


class WebsocketCommunicator(ApplicationCommunicator):
    """Channels' WebsocketCommunicator, minus the import of daphne that
    `channels.testing` makes (daphne is not a dependency here)."""

    def __init__(self, application, path, headers=None, subprotocols=None, extensions=None):
        parsed = urlparse(path)
        self.scope = {"type": "websocket", "path": unquote(parsed.path), "query_string": parsed.query.encode(),
                      "headers": headers or [], "subprotocols": subprotocols or []}
        if extensions is not None:
            self.scope["extensions"] = extensions
        super().__init__(application, self.scope)

    async def connect(self, timeout=TIMEOUT):
        """(True, subprotocol) when accepted, (False, close code) when refused. A refused
        connection is ended here as a client ends it (its disconnect), so that its consumer
        finishes inside the test, not cancelled with the test's event loop: a channel-layer
        receive cancelled at loop shutdown has hung a clean-clone run twice."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            code = response.get("code", 1000)
            await self.end(code)
            return False, code
        assert response["type"] == "websocket.accept", response
        return True, response.get("subprotocol")

    async def send_to(self, text_data=None, bytes_data=None):
        if text_data is not None:
            await self.send_input({"type": "websocket.receive", "text": text_data})
        else:
            await self.send_input({"type": "websocket.receive", "bytes": bytes_data})

    async def send_json_to(self, data):
        await self.send_to(text_data=json.dumps(data))

    async def receive_from(self, timeout=TIMEOUT):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response.get("text") if response.get("text") is not None else response.get("bytes")

    async def disconnect(self, code=1000, timeout=TIMEOUT):
        await self.end(code, timeout)

    async def end(self, code=1000, timeout=TIMEOUT):
        """The client's disconnect, once; then the consumer's end."""
        if not self.future.done() and not getattr(self, "ended", False):
            self.ended = True
            await self.input_queue.put({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


_open = []  # communicators of the running scenario


def run(scenario):
    """Run an async scenario from a sync test; whatever socket it left open is ended as a
    client would end it before the scenario's event loop closes (see connect)."""
    async def scenario_then_cleanup():
        try:
            return await scenario()
        finally:
            while _open:
                communicator = _open.pop()
                if not communicator.future.done():
                    try:
                        await communicator.end(timeout=1)
                    except BaseException:  # noqa: BLE001 - the scenario's own error matters more
                        pass

    return async_to_sync(scenario_then_cleanup)()


def db(function, *args, **kwargs):
    """Run sync code (database, publishing, HTTP test client) from a scenario."""
    return database_sync_to_async(function)(*args, **kwargs)


def websocket(query="", *, token=None, how="header", path="/api/v1/streaming", subprotocols=None,
              headers=None, extensions=None):
    """A WebsocketCommunicator; the token sent as `how`: header, query or protocol."""
    headers = list(headers or [])
    subprotocols = list(subprotocols or [])
    params = query
    if token is not None:
        if how == "header":
            headers.append((b"authorization", f"Bearer {token}".encode()))
        elif how == "query":
            params = f"access_token={token}" + (f"&{query}" if query else "")
        elif how == "protocol":
            subprotocols.insert(0, token)
    communicator = WebsocketCommunicator(application, f"{path}?{params}" if params else path,
                                         headers=headers, subprotocols=subprotocols, extensions=extensions)
    _open.append(communicator)
    return communicator


async def open_socket(query="", **kwargs):
    communicator = websocket(query, **kwargs)
    connected, detail = await communicator.connect(timeout=TIMEOUT)
    assert connected, f"refused: {detail}"
    return communicator


async def next_event(communicator, timeout=TIMEOUT):
    """The next event, its payload decoded when it is JSON."""
    frame = json.loads(await communicator.receive_from(timeout))
    if "payload" in frame and frame.get("event") in ("update", "status.update", "notification", "conversation",
                                                     "announcement", "announcement.reaction"):
        frame["data"] = json.loads(frame["payload"])
    return frame


async def nothing(communicator, timeout=0.3):
    assert await communicator.receive_nothing(timeout), "unexpected frame"
    return True


async def settle():
    """Let the consumer finish subscribing (messages are handled in order)."""
    await asyncio.sleep(0.2)


class EventStream:
    """GET /api/v1/streaming/... over ASGI HTTP, read as server-sent events."""

    def __init__(self, path, *, token=None, query="", headers=None):
        headers = [(b"host", b"testserver")] + list(headers or [])
        if token is not None:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        self.scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
            "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        }
        self.communicator = ApplicationCommunicator(application, self.scope)
        self.status = None
        self.headers = {}
        self.buffer = ""
        self.body = b""

    async def open(self):
        await self.communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await self.communicator.receive_output(TIMEOUT)
        assert start["type"] == "http.response.start"
        self.status = start["status"]
        self.headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
        if self.status != 200:
            while True:
                message = await self.communicator.receive_output(TIMEOUT)
                self.body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            await self.communicator.wait(TIMEOUT)
        else:
            await self.read_chunk()  # ":)\n": the subscription is live
        return self

    def json(self):
        return json.loads(self.body)

    async def read_chunk(self, timeout=TIMEOUT):
        message = await self.communicator.receive_output(timeout)
        assert message["type"] == "http.response.body"
        chunk = message.get("body", b"").decode()
        self.buffer += chunk
        return chunk

    async def next_event(self, timeout=TIMEOUT):
        """(event, data) of the next event, skipping comments."""
        while True:
            while "\n\n" in self.buffer:
                block, self.buffer = self.buffer.split("\n\n", 1)
                lines = [line for line in block.split("\n") if line and not line.startswith(":")]
                if not lines:
                    continue
                fields = {}
                for line in lines:
                    name, _, value = line.partition(": ")
                    fields.setdefault(name, []).append(value)
                return fields["event"][0], "\n".join(fields.get("data", []))
            await self.read_chunk(timeout)

    async def nothing(self, timeout=0.3):
        """No event arrives within timeout (a timed-out receive would cancel the app)."""
        assert "event:" not in self.buffer, self.buffer
        assert await self.communicator.receive_nothing(timeout), "unexpected output"
        return True

    async def close(self):
        await self.communicator.send_input({"type": "http.disconnect"})
        try:
            await self.communicator.wait(TIMEOUT)
        except asyncio.TimeoutError:
            pass
