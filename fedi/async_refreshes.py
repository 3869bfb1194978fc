"""Mastodon's async refreshes (GET /api/v1_alpha/async_refreshes/:id): a background job a
response started tells the client about (`Mastodon-Async-Refresh: id="…", retry=N`), and
the client polls its state: `running` or `finished`, with an optional result count.

The state lives in the cache (Redis in production, shared by every process) for an hour;
the id is signed, so that clients cannot make up ids of other jobs.
"""
from django.core import signing
from django.core.cache import cache

TTL_SECONDS = 3600
RETRY_SECONDS = 3
_SALT = "fedi.async_refresh"


def _cache_key(name: str) -> str:
    return f"async_refresh:{name}"


def refresh_id(name: str) -> str:
    return signing.dumps(name, salt=_SALT, compress=True)


def start(name: str) -> str:
    """Mark the job `name` (e.g. "annual_report:<account>:<year>") running; its public id."""
    cache.set(_cache_key(name), {"status": "running", "result_count": None}, TTL_SECONDS)
    return refresh_id(name)


def finish(name: str, result_count: int | None = None) -> None:
    cache.set(_cache_key(name), {"status": "finished", "result_count": result_count}, TTL_SECONDS)


def header(public_id: str) -> str:
    return f'id="{public_id}", retry={RETRY_SECONDS}'


def find(public_id: str) -> dict | None:
    """The AsyncRefresh entity for a public id, or None (unknown, forged or expired)."""
    try:
        name = signing.loads(public_id, salt=_SALT)
    except signing.BadSignature:
        return None
    state = cache.get(_cache_key(name))
    if state is None:
        return None
    return {"id": public_id, "status": state["status"], "result_count": state["result_count"]}
