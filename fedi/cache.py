"""Django's Redis cache, with one redis-py client per connection pool instead of one per
cache call: RedisCacheClient.get_client builds a `redis.Redis` (its response callbacks
and all) for every get/set, which cost about as much as the round trip. A client only
borrows connections from its pool, so one serves every thread."""
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        # Django's private helpers (not in its type stubs).
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = self._client(  # type: ignore[attr-defined]
                connection_pool=self._get_connection_pool(write))  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient

    def incr_window(self, key: str, timeout: int) -> int:
        """One more count on a fixed-window counter that expires `timeout` seconds after its
        first count: one round trip (a script doing INCR, and EXPIRE on the first), where
        Django's add + incr take three (SET NX, EXISTS, INCRBY)."""
        key = self.make_and_validate_key(key)
        client: Any = self._cache.get_client(key, write=True)  # redis-py types replies as maybe-awaitable
        return int(client.eval(_INCR_WINDOW, 1, key, str(timeout)))


_INCR_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def incr_window(cache, key: str, timeout: int) -> int:
    """incr_window on any Django cache: the script on ours (Redis), add + incr elsewhere
    (the embedded default's local memory)."""
    if isinstance(cache, RedisCache):
        return cache.incr_window(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1
