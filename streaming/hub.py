"""Events to this process's connections: one message per event and web process, however
many connections it reaches.

Through the channel layer, an event for a thousand home feeds was a thousand group sends
(a few Redis round trips each, from the fan-out task), then a thousand messages popped one
at a time from the process's channel queue, each connection rendering as its turn came: the
last follower heard of a post seconds after the first. Here the publisher sends one
message naming every group it is for (streaming.publish.send_now), and each event loop
serving connections (one per web process in production) hands it to those of its
connections that joined one of the groups, at once, so they render it together
(streaming.session.StatusBatches).

    Redis channel layer (production)   one Redis pub/sub channel, named after the layer's
                                       prefix and database; each event loop with
                                       connections subscribes while it has any
    any other layer (the embedded      the process's event loops are all there is: the
    default's in-memory one)           message is handed to each loop's hub directly

A connection still joins its groups on the channel layer: the kill messages (a revoked
token, a disabled account) and anything sent to a group directly keep coming that way.
Joining a hub's group waits until the hub hears the publishers (its subscription is
confirmed), so an event published after the handshake is not missed; if Redis cannot be
reached, that raises (the stream is refused with 503, as when the layer fails).
"""
import asyncio
import json
import logging
import threading

import redis.asyncio

logger = logging.getLogger("streaming")

HEALTH_CHECK_SECONDS = 15.0  # an idle subscription pings Redis this often (a dead one is noticed)
RETRY_SECONDS = 1.0          # a lost subscription is made again after this long

_hubs: list = []  # every Hub with members, in any event loop of the process
_hubs_lock = threading.Lock()


def _redis_layer(layer):
    return hasattr(layer, "hosts") and hasattr(layer, "_sync_client") and len(getattr(layer, "hosts", ())) == 1


def _redis_options(layer):
    host = dict(layer.hosts[0])
    address = host.pop("address", None)
    return address, host


def channel_name(layer):
    """The pub/sub channel of a Redis layer. Pub/sub channels are global to a Redis server
    (not per database): the name carries the database number as well as the prefix, so
    installations sharing a server never hear each other's events."""
    client = layer._sync_client()
    database = client.connection_pool.connection_kwargs.get("db", 0)
    return f"{layer.prefix}:{database}:hub"


# --- Publishing --------------------------------------------------------------------------

def _packed(messages):
    """[(groups, body)]: the messages with the same body (all but the group) as one."""
    packed = {}
    for group, body in messages:
        rest = {key: value for key, value in body.items() if key != "group"}
        key = json.dumps(rest, sort_keys=True)
        if key not in packed:
            packed[key] = ([], rest)
        packed[key][0].append(group)
    return list(packed.values())


def publish_sync(layer, messages):
    """Send [(group, message)] to every process's connections in those groups (from code
    that is not in an event loop, or in one: nothing here waits on it)."""
    for groups_, body in _packed(messages):
        data = {"groups": groups_, "body": body}
        if _redis_layer(layer):
            layer._sync_client().publish(channel_name(layer), json.dumps(data, separators=(",", ":")))
        else:
            _hand_to_local_hubs(layer, data)


async def publish(layer, messages):
    """publish_sync from async code (Redis is written to from a thread: a slow or gone
    Redis must not stall the event loop)."""
    if _redis_layer(layer):
        await asyncio.to_thread(publish_sync, layer, messages)
    else:
        publish_sync(layer, messages)


def _hand_to_local_hubs(layer, data):
    with _hubs_lock:
        hubs = [hub for hub in _hubs if hub.layer is layer]
    for hub in hubs:
        if hub.loop.is_closed():
            continue
        try:
            hub.loop.call_soon_threadsafe(hub.deliver, data)
        except RuntimeError:  # the loop closed meanwhile
            pass


# --- Receiving ---------------------------------------------------------------------------

class Hub:
    """The connections of one event loop, by the groups they joined."""

    def __init__(self, layer, loop):
        self.layer = layer
        self.loop = loop
        self.members: dict = {}  # group -> {session: None} (in joining order)
        self.listener = None
        self.ready = None

    async def join(self, group, session):
        self.members.setdefault(group, {})[session] = None
        with _hubs_lock:
            if self not in _hubs:
                _hubs.append(self)
        if _redis_layer(self.layer):
            await self._listening()

    async def leave(self, group, session):
        sessions = self.members.get(group)
        if sessions is not None:
            sessions.pop(session, None)
            if not sessions:
                del self.members[group]
        if not self.members:
            with _hubs_lock:
                if self in _hubs:
                    _hubs.remove(self)
            await self._stop()

    def deliver(self, data):
        """Hand a published message to the members of its groups (in the hub's loop)."""
        body = data.get("body") or {}
        for group in data.get("groups") or ():
            for session in list(self.members.get(group, ())):
                try:
                    session.hub_event(dict(body, group=group, hub=True))
                except Exception:  # one connection must not keep the others from it
                    logger.exception("streaming: handing an event to a connection failed")

    # Redis: one subscription while there are members.

    async def _listening(self):
        if self.listener is None or self.listener.done():
            self.ready = self.loop.create_future()
            self.listener = self.loop.create_task(self._listen(self.ready))
        await asyncio.shield(self.ready)

    async def _stop(self):
        listener, self.listener = self.listener, None
        if listener is not None and not listener.done():
            listener.cancel()
            try:
                await listener
            except BaseException:  # noqa: BLE001 - it ends by being cancelled
                pass

    async def _listen(self, ready):
        address, options = _redis_options(self.layer)
        # Reads wait for messages as long as there are none (the health check notices a dead
        # connection); redis-py's socket timeout would end an idle subscription.
        options.pop("socket_timeout", None)
        options.pop("retry_on_timeout", None)
        client = redis.asyncio.Redis.from_url(address, **options) if address else redis.asyncio.Redis(**options)
        channel = channel_name(self.layer)
        try:
            while True:
                pubsub = client.pubsub()
                try:
                    await pubsub.subscribe(channel)
                    while True:
                        item = await pubsub.get_message(timeout=HEALTH_CHECK_SECONDS)
                        if item is None:
                            await pubsub.ping()
                        elif item["type"] == "subscribe":
                            if not ready.done():
                                ready.set_result(None)
                        elif item["type"] == "message":
                            try:
                                data = json.loads(item["data"])
                            except ValueError:
                                logger.warning("streaming: a hub message that is not JSON")
                                continue
                            self.deliver(data)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    if not ready.done():
                        ready.set_exception(error)
                        return
                    logger.warning("streaming: the hub's Redis subscription failed (%s); subscribing again",
                                   error)
                    await asyncio.sleep(RETRY_SECONDS)
                finally:
                    try:
                        await pubsub.aclose()
                    except Exception:  # noqa: BLE001 - the connection is gone already
                        pass
        finally:
            if not ready.done():
                ready.cancel()
            try:
                await client.aclose()
            except Exception:  # noqa: BLE001
                pass


def hub_for(layer):
    """The hub of the running event loop for this layer (a new one is listed by its first
    join(), which the caller makes at once: before anything else runs in the loop)."""
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        for hub in _hubs:
            if hub.loop is loop and hub.layer is layer:
                return hub
    return Hub(layer, loop)
