"""Every Redis connection outlives its own blocking calls (redis-py 8 defaults to a 5 s
socket_timeout, django/channels_redis#422), and the embedded default's in-memory layer takes
sends from other threads' event loops (the periodic jobs)."""
import asyncio
import threading
import time
import uuid

import pytest
from django.conf import settings

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="Redis connections (REDIS_URL)")


@needs_redis
def test_every_redis_client_reads_longer_than_the_blocking_pops():
    from channels_redis.core import RedisChannelLayer
    from django.core.cache import cache

    from feeds.store import RedisFeedStore

    blocking = RedisChannelLayer.brpop_timeout
    pools = {
        "cache": cache._cache._pools[0] if cache._cache._pools else cache._cache._get_connection_pool(True),
        "feeds": RedisFeedStore().redis.connection_pool,
    }
    for name, pool in pools.items():
        kwargs = pool.connection_kwargs
        assert kwargs["socket_timeout"] > blocking, name
        assert kwargs["socket_connect_timeout"] and kwargs["health_check_interval"], name
    host = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]
    assert host["socket_timeout"] > blocking and host["health_check_interval"]
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"] > blocking


@needs_redis
def test_a_channel_layer_receive_waits_past_five_seconds():
    from streaming.layers import RedisChannelLayer

    config = dict(settings.CHANNEL_LAYERS["default"]["CONFIG"], prefix=f"fedi:test-conn-{uuid.uuid4().hex[:8]}:")
    layer = RedisChannelLayer(**config)

    async def idle_then_message():
        channel = await layer.new_channel()
        receiving = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(6.5)  # longer than redis-py's default socket_timeout
        assert not receiving.done(), receiving.exception() if receiving.done() else None
        await layer.send(channel, {"type": "hello"})
        message = await asyncio.wait_for(receiving, 5)
        await layer.flush()
        return message

    assert asyncio.run(idle_then_message()) == {"type": "hello"}


def test_in_memory_layer_takes_sends_from_another_threads_loop():
    from streaming.layers import InMemoryChannelLayer

    layer = InMemoryChannelLayer()
    received = {}
    ready = threading.Event()

    async def receiver():
        channel = await layer.new_channel()
        await layer.group_add("g", channel)
        received["channel"] = channel
        ready.set()
        message = await asyncio.wait_for(layer.receive(channel), 5)
        received["at"] = time.monotonic()
        return message

    def run_receiver():
        received["message"] = asyncio.run(receiver())

    thread = threading.Thread(target=run_receiver)
    thread.start()
    assert ready.wait(5)
    time.sleep(0.2)  # the receiver waits in its loop
    sent_at = time.monotonic()
    asyncio.run(layer.group_send("g", {"type": "stream.event"}))  # another thread's loop: the periodic jobs'
    thread.join(10)
    assert received["message"] == {"type": "stream.event"}
    assert received["at"] - sent_at < 1
