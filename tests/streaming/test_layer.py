"""streaming.layers: the Redis channel layer survives receivers cancelled while waiting
for channels_redis's cleanup lock (a connection closing just after an event), in later
event loops too (each async_to_sync call and each test runs its own)."""
import asyncio
import uuid

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis channel layer (REDIS_URL)")


def fresh_layer():
    from streaming.layers import RedisChannelLayer

    return RedisChannelLayer(hosts=[settings.REDIS_URL], prefix=f"fedi:test-layer-{uuid.uuid4().hex[:8]}:")


def test_settings_use_the_cancel_safe_layer():
    from channels.layers import get_channel_layer
    from channels_redis.core import RedisChannelLayer as Base

    from streaming.layers import RedisChannelLayer

    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer) and isinstance(layer, Base)


def test_a_receiver_cancelled_waiting_for_the_cleanup_lock_leaves_nothing_behind():
    layer = fresh_layer()
    locks = layer.receive_clean_locks

    async def cancelled_waiter():
        channel = await layer.new_channel()
        key = layer.prefix + layer.non_local_name(channel)
        await locks.acquire(key)  # as a receive does, until its cleaner has run
        waiter = asyncio.ensure_future(locks.acquire(key))  # the next receive of the process
        await asyncio.sleep(0.05)
        waiter.cancel()  # its connection closes
        with pytest.raises(asyncio.CancelledError):
            await waiter
        locks.release(key)

    asyncio.run(cancelled_waiter())
    assert not locks.locks and not locks.wait_counts

    async def concurrent_receivers():
        """Three connections receiving at once, in another event loop: every receive
        overlaps the previous message's cleaner."""
        channels = [await layer.new_channel() for _ in range(3)]
        received = {channel: [] for channel in channels}

        async def pump(channel):
            for _ in range(3):
                received[channel].append((await asyncio.wait_for(layer.receive(channel), 5))["n"])

        pumps = [asyncio.ensure_future(pump(channel)) for channel in channels]
        await asyncio.sleep(0.1)
        for n in range(3):
            for channel in channels:
                await layer.send(channel, {"type": "test.message", "n": n})
        await asyncio.gather(*pumps)
        await layer.flush()
        return received

    for _ in range(2):
        assert all(numbers == [0, 1, 2] for numbers in asyncio.run(concurrent_receivers()).values())
    assert not locks.locks and not locks.wait_counts


def test_groups_with_members_names_the_groups_someone_listens_on():
    layer = fresh_layer()

    async def scenario():
        channel = await layer.new_channel()
        await layer.group_add("timeline.user.1", channel)
        found = await asyncio.to_thread(layer.groups_with_members, ["timeline.user.1", "timeline.user.2"])
        await layer.group_discard("timeline.user.1", channel)
        gone = await asyncio.to_thread(layer.groups_with_members, ["timeline.user.1"])
        return found, gone

    found, gone = asyncio.run(scenario())
    assert found == {"timeline.user.1"} and gone == set()


def test_a_burst_past_the_pool_size_waits_for_connections_instead_of_failing():
    """redis-py's default pool raises "Too many connections" past its size; a burst of
    WebSocket disconnects (each a group_discard) reaches it at once."""
    from streaming.layers import RedisChannelLayer

    layer = RedisChannelLayer(hosts=[{"address": settings.REDIS_URL, "max_connections": 5}],
                              prefix=f"fedi:test-layer-{uuid.uuid4().hex[:8]}:")

    async def burst():
        channel = await layer.new_channel()
        await asyncio.gather(*[layer.group_add(f"g{n}", channel) for n in range(60)])
        await asyncio.gather(*[layer.group_discard(f"g{n}", channel) for n in range(60)])
        return await asyncio.to_thread(layer.groups_with_members, [f"g{n}" for n in range(60)])

    assert asyncio.run(burst()) == set()


def test_a_receive_left_pending_in_a_stopped_loop_does_not_stop_other_loops():
    """channels_redis refuses a receive from a second event loop while one is counted in
    another ("Two event loops are trying to receive()"); a receive left pending in a loop
    that stopped (a server thread, a test) is counted forever. Each loop receives through
    a receiver of its own."""
    layer = fresh_layer()
    abandoned = asyncio.new_event_loop()

    async def start_receiving_and_walk_away():
        channel = await layer.new_channel()
        asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0.1)  # the receive now waits on Redis

    abandoned.run_until_complete(start_receiving_and_walk_away())  # the loop stops; the receive stays

    async def receive_in_a_new_loop():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "test.message", "text": "still here"})
        return await asyncio.wait_for(layer.receive(channel), 5)

    try:
        assert asyncio.run(receive_in_a_new_loop()) == {"type": "test.message", "text": "still here"}
    finally:  # now let the abandoned receive end quietly
        pending = asyncio.all_tasks(abandoned)
        for task in pending:
            task.cancel()
        abandoned.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        abandoned.close()


def test_a_channel_made_in_one_loop_is_received_in_another():
    """async_to_sync runs every call in a new event loop: the channel of one call is read
    by the next."""
    from asgiref.sync import async_to_sync

    layer = fresh_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.send)(channel, {"type": "test.message"})
    assert async_to_sync(layer.receive)(channel) == {"type": "test.message"}
