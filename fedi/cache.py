"""Django's Redis cache, with one redis-py client per connection pool instead of one per
cache call: RedisCacheClient.get_client builds a `redis.Redis` (its response callbacks
and all) for every get/set, which cost about as much as the round trip. A client only
borrows connections from its pool, so one serves every thread."""
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
