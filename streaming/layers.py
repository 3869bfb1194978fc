"""The Redis channel layer (production, and the PostgreSQL + Redis test run), with
channels_redis's per-channel cleanup lock made safe to cancel and per event loop.

channels_redis (4.3) holds, per process, one `ChannelLock` for the key its process-local
channels share ("<prefix>specific.<client>!"): a receive takes it before BZPOPMIN and a
background "cleaner" task releases it once the message is dropped from the backup queue.
Its bookkeeping counts waiters in `wait_counts` and forgets the asyncio.Lock when the count
reaches zero, but a waiter that is cancelled inside `acquire()` (a connection closing while
the previous message's cleaner still runs: an SSE client going away, a WebSocket
disconnecting) never gives its count back. The lock then lives forever, bound to the event
loop it was waited on in. Every later contention from another event loop (each
`async_to_sync` call, each test, a second server thread) raises "is bound to a different
event loop" inside `receive()`, which kills that connection's receiver: its events are lost
(a WebSocket consumer dies, an SSE stream silently stops delivering). Here a cancelled or
failed acquire gives its count back, and each event loop has its own locks.

InMemoryChannelLayer (the embedded default) is channels' in-memory layer made safe to send
to from another thread's event loop: the periodic jobs' thread and any `async_to_sync`
outside a request publish from loops of their own, and asyncio.Queue is not thread-safe
(a put from a foreign thread may wake the receiving loop late, or corrupt its ready queue).
A send to a channel whose receiver waits in another loop is handed to that loop.
"""
import asyncio
import collections
import weakref

import redis
from channels.layers import InMemoryChannelLayer as BaseInMemoryChannelLayer
from channels_redis.core import RedisChannelLayer as BaseRedisChannelLayer
from django.conf import settings
from redis.asyncio import BlockingConnectionPool


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class ChannelLock:
    """channels_redis.core.ChannelLock's interface: per-channel locks, forgotten once no
    one holds or waits for them, kept apart per event loop."""

    def __init__(self):
        self.locks = collections.defaultdict(asyncio.Lock)
        self.wait_counts = collections.defaultdict(int)

    def _key(self, channel):
        return _running_loop(), channel

    async def acquire(self, channel):
        key = self._key(channel)
        self.wait_counts[key] += 1
        try:
            return await self.locks[key].acquire()
        except BaseException:  # cancelled while waiting: not holding it, not waiting any more
            self._forget(key)
            raise

    def locked(self, channel):
        key = self._key(channel)
        return key in self.locks and self.locks[key].locked()

    def release(self, channel):
        key = self._key(channel)
        self.locks[key].release()
        self._forget(key)

    def _forget(self, key):
        self.wait_counts[key] -= 1
        if self.wait_counts[key] < 1:
            self.locks.pop(key, None)
            self.wait_counts.pop(key, None)


class RedisChannelLayer(BaseRedisChannelLayer):
    """Receiving is per event loop: channels_redis keeps one "receive section" per layer
    (a count of receivers, a lock and the event loop they run in) and refuses a receive from
    a second loop while the count is above zero ("Two event loops are trying to receive()
    on one channel layer at once!"). A receive left pending in a loop that stopped (a server
    thread, an `async_to_sync` call) never gives its count back, and from then on every
    stream opened in another loop dies at once. So each event loop gets a receiver of its
    own (a layer with the same configuration and its own client prefix) for the channels
    it creates; a channel is received through the receiver that created it. Sending and
    groups go through Redis and work from any loop and any instance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.receive_clean_locks = ChannelLock()
        self._config = (args, kwargs)
        self._receiver_of_loop = weakref.WeakKeyDictionary()  # event loop -> its receiver
        self._receiver_of_prefix = {}  # client prefix -> receiver
        self._is_receiver = False
        self._loop = None

    def _loop_receiver(self) -> "RedisChannelLayer":
        loop = asyncio.get_running_loop()
        receiver = self._receiver_of_loop.get(loop)
        if receiver is None:
            args, kwargs = self._config
            receiver = type(self)(*args, **kwargs)
            receiver._is_receiver = True
            receiver._loop = weakref.ref(loop)
            self._forget_receivers_of_closed_loops()
            self._receiver_of_loop[loop] = receiver
            self._receiver_of_prefix[receiver.client_prefix] = receiver
        return receiver

    def _forget_receivers_of_closed_loops(self) -> None:
        """A receiver outlives its loop while a receive may still come for its channels
        (from another loop: `async_to_sync` runs each call in a new one); one whose loop is
        gone and which nobody is receiving from is dropped when the next one is made."""
        for client_prefix, receiver in list(self._receiver_of_prefix.items()):
            loop = receiver._loop()
            if (loop is None or loop.is_closed()) and receiver.receive_count == 0:
                del self._receiver_of_prefix[client_prefix]

    async def new_channel(self, prefix="specific"):
        if self._is_receiver:
            return await super().new_channel(prefix)
        return await self._loop_receiver().new_channel(prefix)

    async def receive(self, channel):
        if self._is_receiver or "!" not in channel:
            return await super().receive(channel)
        client_prefix = self.non_local_name(channel)[:-1].rsplit(".", 1)[-1]
        receiver = self._receiver_of_prefix.get(client_prefix)
        if receiver is None:  # a channel of this instance's own prefix (or of none alive)
            return await super().receive(channel)
        return await receiver.receive(channel)

    def create_pool(self, index):
        """A pool that makes a command wait for a free connection when all are busy:
        redis-py's default pool raises "Too many connections" past 100, which a burst of
        WebSocket connects or disconnects (each a group_add/group_discard) reaches at
        once, leaving connections refused and group memberships behind."""
        host = dict(self.hosts[index])
        address = host.pop("address", None)
        if address is None:
            return super().create_pool(index)

        host.setdefault("max_connections", getattr(settings, "CHANNEL_LAYER_MAX_CONNECTIONS", 100))
        host.setdefault("timeout", 30)
        return BlockingConnectionPool.from_url(address, **host)

    # --- Which groups have members (publishers skip the others) ------------------------

    def groups_with_members(self, groups):
        """The names among `groups` that some connection listens on, in one round trip
        (synchronous: for publishers outside an event loop, such as the fan-out tasks,
        which would otherwise pay two round trips per empty group). None when it cannot
        tell (several Redis hosts)."""
        if len(self.hosts) != 1:
            return None
        client = self._sync_client()
        pipe = client.pipeline(transaction=False)
        for group in groups:
            pipe.exists(self._group_key(group))
        return {group for group, exists in zip(groups, pipe.execute()) if exists}

    def _sync_client(self):
        client = getattr(self, "_sync_redis", None)
        if client is None:
            host = dict(self.hosts[0])
            address = host.pop("address", None)
            client = redis.Redis.from_url(address, **host) if address else redis.Redis(**host)
            self._sync_redis = client
        return client


HANDOVER_TIMEOUT = 10.0


class InMemoryChannelLayer(BaseInMemoryChannelLayer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.receiving_loops = {}  # channel -> the event loop its receiver waits in

    async def receive(self, channel):
        self.receiving_loops[channel] = asyncio.get_running_loop()
        try:
            return await super().receive(channel)
        finally:
            if channel not in self.channels:  # nothing queued: no one to wake until the next receive
                self.receiving_loops.pop(channel, None)

    async def send(self, channel, message):
        loop = self.receiving_loops.get(channel)
        if loop is not None and loop is not asyncio.get_running_loop() and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._send_here(channel, message), loop)
            try:  # a loop that stops before running it (its receiver gone) must not hang the sender
                await asyncio.wait_for(asyncio.wrap_future(future), HANDOVER_TIMEOUT)
            except asyncio.TimeoutError:
                future.cancel()
            return
        await super().send(channel, message)

    async def _send_here(self, channel, message):
        await super().send(channel, message)
