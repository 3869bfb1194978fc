"""The streaming API over HTTP: health, and every stream as server-sent events.

GET /api/v1/streaming/user, /user/notification, /public, /public/local, /public/remote
(only_media=true for the media variants), /hashtag?tag=, /hashtag/local?tag=, /list?list=,
/direct. The body starts with `:)`, carries `event: <name>\\ndata: <payload>\\n\\n` per
event and a `:thump` comment every 15 seconds (as Mastodon's streaming server). These are
async views: they stream only when served over ASGI (uvicorn, fedi.asgi).
"""
import asyncio
import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import connections
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from fedi.auth import bearer_token
from streaming.session import LAYER_ERRORS, UNAVAILABLE, Session
from streaming.streams import StreamError, authenticate, resolve, stream_from_path

logger = logging.getLogger("streaming")

HEARTBEAT_SECONDS = 15.0


def health(request):
    """GET /api/v1/streaming/health: the streaming server is up."""
    return HttpResponse("OK", content_type="text/plain")


def _error(error):
    return JsonResponse({"error": error.message}, status=error.status)


def _open(raw_token, stream, params):
    try:
        viewer = authenticate(raw_token)
        resolve(viewer, stream, params)  # refuses before the response starts
        return viewer
    finally:
        close_connections()


def close_connections():
    """Close this thread's database connections. Each async request runs its sync code in
    a thread of its own, which ends with the request: a persistent connection left there
    would stay open (and idle) long after the stream is gone. (Never inside a transaction:
    the synchronous test client runs this view in the test's own thread.)"""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


async def stream(request, path):
    """GET /api/v1/streaming/<path>: one stream as server-sent events."""
    if request.method != "GET":
        return JsonResponse({"error": "Method not allowed"}, status=405)
    query = parse_qs(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    name = stream_from_path(path, query)
    if name is None:
        return _error(StreamError("Unknown channel requested", 400))
    try:
        viewer = await database_sync_to_async(_open)(bearer_token(request), name, query)
    except StreamError as error:
        return _error(error)
    except LAYER_ERRORS:  # Redis down (the cache): 503, which clients retry
        logger.exception("streaming: Redis is unavailable; refusing the stream")
        return _error(StreamError(UNAVAILABLE, 503))
    response = StreamingHttpResponse(events(viewer, name, query), content_type="text/event-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Accel-Buffering"] = "no"  # proxies (nginx) must not buffer the stream
    return response


def sse_frame(event, payload):
    """One event as Mastodon writes it (filters_changed has no payload: `undefined`)."""
    data = "undefined" if payload is None else payload.replace("\n", "\ndata: ")
    return f"event: {event}\ndata: {data}\n\n".encode("utf-8")


async def events(viewer, name, query, heartbeat=None):
    layer = get_channel_layer()
    channel = await layer.new_channel() if layer is not None else None
    inbox = asyncio.Queue()
    session = Session(viewer, layer, channel, deliver=inbox.put_nowait)
    pump = None
    try:
        await session.start()
        await session.subscribe(name, query)
        if layer is not None:
            pump = asyncio.ensure_future(_pump(layer, channel, inbox))
        yield b":)\n"
        while True:
            try:
                message = await asyncio.wait_for(inbox.get(), heartbeat or HEARTBEAT_SECONDS)
            except asyncio.TimeoutError:
                yield b":thump\n"
                continue
            if message.get("type") == "stream.kill":
                return
            for _stream, event, payload in await session.deliveries(message):
                yield sse_frame(event, payload)
    except StreamError as error:  # the subscription went away (a deleted list...)
        logger.info("streaming: %s", error.message)
    except LAYER_ERRORS as error:  # subscribing failed (Redis down): end it, the client reconnects
        logger.warning("streaming: the channel layer failed (%s); ending the stream", error)
    finally:
        if pump is not None:
            pump.cancel()
            try:
                await pump
            except BaseException:  # noqa: BLE001 - the pump ends by being cancelled
                pass
        await session.close_quietly()
        await database_sync_to_async(close_connections)()


async def _pump(layer, channel, inbox):
    """Move this connection's messages from the channel layer into its queue (a layer's
    receive() must not be cancelled mid-way, so the heartbeat waits on the queue). If the
    layer fails, the stream ends (the client reconnects) rather than live on without events."""
    try:
        while True:
            await inbox.put(await layer.receive(channel))
    except Exception:
        logger.exception("streaming: receiving from the channel layer failed; closing the stream")
        await inbox.put({"type": "stream.kill"})
