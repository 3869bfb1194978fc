"""GET /api/v1/streaming: the multiplexed WebSocket of Mastodon's streaming API.

- The token comes from `Authorization: Bearer`, the `access_token` query parameter, or
  `Sec-WebSocket-Protocol`. The handshake is accepted with the first offered subprotocol
  echoed back (browsers drop the socket otherwise), and refused with 401 when the token is
  missing or invalid (an HTTP answer with Mastodon's JSON error where the server supports
  the WebSocket denial response, a close before accepting otherwise).
- `?stream=...` (with `tag`, `list`) subscribes at once; any time later, the client sends
  {"type": "subscribe"|"unsubscribe", "stream": ..., "tag": ..., "list": ...}.
- Each event: {"stream": [...], "event": "...", "payload": "<JSON-encoded string>"}
  (no payload for filters_changed); a refused subscription: {"error": ..., "status": ...}.
- Binary frames close the connection (1003), as Mastodon's server does; invalid JSON and
  unknown message types are ignored.
- If the channel layer fails (Redis restarting), the socket is closed with a close frame
  (1011) so the client reconnects, rather than dropped or left open without events.
- Idle sockets are kept open by the ASGI server's WebSocket pings (uvicorn sends one every
  20 s by default), as Mastodon's streaming server pings every 30 s.
"""
import asyncio
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from streaming.session import LAYER_ERRORS, UNAVAILABLE, Session
from streaming.streams import StreamError, authenticate, first, query_params, scope_token

DENIAL_EXTENSION = "websocket.http.response"
INTERNAL_ERROR = 1011

logger = logging.getLogger("streaming")

_handling = set()  # tasks handing the hub's events to connections

# An event's frame, written once for the connections that receive the same one (the
# viewers of a status with the same state share its rendering: streaming.render).
_FRAMES: dict = {}
_FRAMES_KEPT = 256


def frame_text(stream, event, payload):
    key = (tuple(stream), event, payload)
    text = _FRAMES.get(key)
    if text is None:
        frame = {"stream": stream, "event": event}
        if payload is not None:
            frame["payload"] = payload
        text = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        _FRAMES[key] = text
    return text


class StreamingConsumer(AsyncWebsocketConsumer):
    session = None
    accepted = False
    closed = False
    hub_order = None  # the hub's events go out one after another, in the order they came

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        except Exception:
            # A failed receive from the channel layer (Redis gone) or a failing handler.
            logger.exception("streaming: WebSocket failed; closing it so the client reconnects")
            if self.accepted and not self.closed:
                try:
                    await send({"type": "websocket.close", "code": INTERNAL_ERROR})
                except Exception:  # noqa: BLE001 - the client is gone already
                    pass
            if self.session is not None:
                await self.session.close_quietly()
                self.session = None

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol=subprotocol, headers=headers)
        self.accepted = True

    async def close(self, code=None, reason=None):
        self.closed = True
        await super().close(code=code, reason=reason)

    async def connect(self):
        try:
            viewer = await database_sync_to_async(authenticate)(scope_token(self.scope))
        except StreamError as error:
            await self.refuse(error)
            return
        self.session = Session(viewer, self.channel_layer, self.channel_name, deliver=self.hub_event)
        # The stream named in the query is live by the time the client sees the handshake;
        # a refusal is sent once the socket is open.
        query = query_params(self.scope)
        refusal = None
        try:
            await self.session.start()
            if first(query.get("stream")):
                try:
                    await self.session.subscribe(query.get("stream"), query)
                except StreamError as error:
                    refusal = error
        except LAYER_ERRORS:
            # Redis down: refused with 503 (the client retries), not an internal error.
            logger.exception("streaming: the channel layer is unavailable; refusing the WebSocket")
            await self.session.close_quietly()
            self.session = None
            await self.refuse(StreamError(UNAVAILABLE, 503))
            return
        offered = self.scope.get("subprotocols") or []
        await self.accept(subprotocol=offered[0] if offered else None)
        if refusal is not None:
            await self.send_error(refusal)

    async def refuse(self, error):
        body = json.dumps({"error": error.message}).encode("utf-8")
        if DENIAL_EXTENSION in (self.scope.get("extensions") or {}):
            await self.base_send({"type": "websocket.http.response.start", "status": error.status,
                                  "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                              (b"content-length", str(len(body)).encode())]})
            await self.base_send({"type": "websocket.http.response.body", "body": body})
        else:
            await self.close(code=4000 + error.status)

    async def subscribe(self, stream, params):
        try:
            await self.session.subscribe(stream, params)
        except StreamError as error:
            await self.send_error(error)

    async def unsubscribe(self, stream, params):
        try:
            await self.session.unsubscribe(stream, params)
        except StreamError as error:
            await self.send_error(error)

    async def send_error(self, error):
        await self.send(text_data=json.dumps({"error": error.message, "status": error.status}))

    async def receive(self, text_data=None, bytes_data=None):
        if self.session is None:
            return
        if text_data is None:
            await self.close(code=1003)
            return
        try:
            data = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        params = {key: value for key, value in data.items() if key not in ("type", "stream")}
        if data.get("type") == "subscribe":
            await self.subscribe(data.get("stream"), params)
        elif data.get("type") == "unsubscribe":
            await self.unsubscribe(data.get("stream"), params)

    async def stream_event(self, message):
        if self.session is None:
            return
        for stream, event, payload in await self.session.deliveries(message):
            await self.send(text_data=frame_text(stream, event, payload))

    def hub_event(self, message):
        """An event from the process's hub (streaming.hub): handled as one from the channel."""
        if self.hub_order is None:
            self.hub_order = asyncio.Lock()
        task = asyncio.get_running_loop().create_task(self._hub_event(message))
        _handling.add(task)  # the loop keeps only a weak reference to its tasks
        task.add_done_callback(_handling.discard)

    async def _hub_event(self, message):
        async with self.hub_order:
            if self.closed or self.session is None:
                return
            try:
                await self.stream_event(message)
            except Exception:  # noqa: BLE001 - the socket went away meanwhile
                logger.info("streaming: sending an event failed; the connection is closing", exc_info=True)

    async def stream_kill(self, message):
        await self.close(code=1000)

    async def disconnect(self, code):
        if self.session is not None:
            await self.session.close()
            self.session = None
