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

from channels.layers import InMemoryChannelLayer as BaseInMemoryChannelLayer
from channels_redis.core import RedisChannelLayer as BaseRedisChannelLayer


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.receive_clean_locks = ChannelLock()

    def create_pool(self, index):
        """A pool that makes a command wait for a free connection when all are busy:
        redis-py's default pool raises "Too many connections" past 100, which a burst of
        WebSocket connects or disconnects (each a group_add/group_discard) reaches at
        once, leaving connections refused and group memberships behind."""
        host = dict(self.hosts[index])
        address = host.pop("address", None)
        if address is None:
            return super().create_pool(index)
        from django.conf import settings
        from redis.asyncio import BlockingConnectionPool

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
            import redis

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
