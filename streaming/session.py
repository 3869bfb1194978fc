"""The state of one streaming connection, shared by the WebSocket consumer and the
server-sent events view: its viewer, its subscriptions, and which subscriptions each
channel-layer group feeds."""
import asyncio
import logging
import weakref

from channels.db import database_sync_to_async
from redis.exceptions import RedisError

from streaming import groups
from streaming.hub import hub_for
from streaming.render import render_event, render_status_many
from streaming.streams import resolve


logger = logging.getLogger("streaming")

# What a failing channel layer raises (Redis down or restarting): the stream is refused
# with 503 or ended, so the client retries, instead of an internal error.
LAYER_ERRORS = (RedisError, OSError)
UNAVAILABLE = "Streaming is unavailable right now; try again shortly"


class Session:
    """deliver(message): how the connection takes an event its process's hub hands it
    (streaming.hub; without one, only what comes through its channel reaches it)."""

    def __init__(self, viewer, layer, channel_name, deliver=None):
        self.viewer = viewer
        self.layer = layer
        self.channel_name = channel_name
        self.deliver = deliver
        self.hub = None  # the hub of its event loop, from its first join
        self.subscriptions = {}  # key (its groups) -> Subscription
        self.joined = set()

    async def start(self):
        """Listen for this token's revocation, and for its user being disabled or suspended."""
        await self._join(groups.token(self.viewer.token_id))
        await self._join(groups.account_system(self.viewer.account.id))

    async def subscribe(self, stream, params):
        """Subscribe (a no-op when already subscribed); StreamError when refused."""
        subscription = await database_sync_to_async(resolve)(self.viewer, stream, params)
        if subscription.key in self.subscriptions:
            return subscription
        self.subscriptions[subscription.key] = subscription
        for group in subscription.groups:
            await self._join(group)
        return subscription

    async def unsubscribe(self, stream, params):
        subscription = await database_sync_to_async(resolve)(self.viewer, stream, params)
        if self.subscriptions.pop(subscription.key, None) is None:
            return
        still_needed = {group for other in self.subscriptions.values() for group in other.groups}
        for group in subscription.groups:
            if group not in still_needed:
                await self._leave(group)

    async def close(self):
        for group in list(self.joined):
            await self._leave(group)
        self.subscriptions.clear()

    async def close_quietly(self):
        """close(), when the layer may be down: its memberships then expire by themselves
        (channels_redis's group_expiry) and the messages to them are dropped unread."""
        try:
            await self.close()
        except LAYER_ERRORS as error:
            if self.hub is not None:
                for group in list(self.joined):
                    await self.hub.leave(group, self)
            self.joined.clear()
            logger.info("streaming: leaving the groups failed (%s); they expire", error)

    async def _join(self, group):
        if group not in self.joined and self.layer is not None:
            self.joined.add(group)
            await self.layer.group_add(group, self.channel_name)
            if self.deliver is not None:
                # The hub stays listed while it has members: the first join picks it (with
                # no await between finding it and joining, so concurrent connections of a
                # loop find the same one), the later ones join it too.
                if self.hub is None:
                    self.hub = hub_for(self.layer)
                await self.hub.join(group, self)

    async def _leave(self, group):
        if group in self.joined:
            self.joined.discard(group)
            if self.hub is not None:
                await self.hub.leave(group, self)
            if self.layer is not None:
                await self.layer.group_discard(group, self.channel_name)

    def hub_event(self, message):
        """An event of a group this connection joined, from its process's hub."""
        if self.deliver is not None and message.get("group") in self.joined:
            self.deliver(message)

    async def deliveries(self, message):
        """[(stream, event, payload)] a published message yields for this connection."""
        group = message.get("group")
        targets = [subscription for subscription in self.subscriptions.values() if group in subscription.groups]
        if not targets:
            return []
        contexts = list(dict.fromkeys(subscription.filter_context for subscription in targets))
        if message.get("kind") == "status" and message.get("snapshot") and self.viewer is not None:
            rendered = {context: await status_batches().render(self.viewer, message, context) for context in contexts}
        else:
            rendered = await database_sync_to_async(_render_all)(self.viewer, message, contexts)
        result = []
        for subscription in targets:
            event = rendered.get(subscription.filter_context)
            if event is not None:
                result.append((subscription.stream, event[0], event[1]))
        return result


def _render_all(viewer, message, contexts):
    return {context: render_event(viewer, message, context) for context in contexts}


# --- Statuses: one rendering for every connection of the process -------------------------

# A published status reaches every connection subscribed to it, in this process within a
# few milliseconds of each other (the channel layer hands them over in one burst). Rendered
# one connection at a time, each viewer costs several queries on the process's one database
# thread, and the last of a thousand connections hears of it seconds later; collected for
# BATCH_WINDOW, they are rendered together (streaming.render.render_status_many: a fixed
# number of queries for all of them).
BATCH_WINDOW = 0.02
# The hub hands an event to all of its process's connections at once (streaming.hub): they
# all ask for it within the same turn of the event loop, or nearly.
HUB_BATCH_WINDOW = 0.002


class StatusBatches:
    def __init__(self):
        self.pending = {}  # (snapshot, status id, event, filter context) -> [(viewer, future)]

    async def render(self, viewer, message, context):
        key = (message.get("snapshot"), message.get("id"), message.get("event"), context)
        loop = asyncio.get_running_loop()
        waiting = self.pending.get(key)
        if waiting is None:
            waiting = self.pending[key] = []
            window = HUB_BATCH_WINDOW if message.get("hub") else BATCH_WINDOW
            loop.call_later(window, lambda: _keep(loop.create_task(self._flush(key, message))))
        future = loop.create_future()
        waiting.append((viewer, future))
        return await future

    async def _flush(self, key, message):
        waiting = self.pending.pop(key, [])
        try:
            payloads = await database_sync_to_async(render_status_many)(
                [viewer for viewer, _ in waiting], message.get("id"), key[3], snapshot=key[0])
        except Exception:  # one bad row must not kill the connections
            logger.exception("streaming: rendering status %s failed", message.get("id"))
            payloads = {}
        for viewer, future in waiting:
            if not future.done():
                payload = payloads.get(viewer.account.id)
                future.set_result(None if payload is None else (message.get("event"), payload))


_batches = weakref.WeakKeyDictionary()  # event loop -> its StatusBatches
_flushing = set()  # the loop holds only weak references to its tasks


def _keep(task):
    _flushing.add(task)
    task.add_done_callback(_flushing.discard)


def status_batches():
    loop = asyncio.get_running_loop()
    batches = _batches.get(loop)
    if batches is None:
        batches = _batches[loop] = StatusBatches()
    return batches
