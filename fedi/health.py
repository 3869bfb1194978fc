"""GET /health: the load balancer's check (Mastodon's HealthController answers a plain
`OK`). With `?check=1` (or `deep=1`) it also checks the database and the cache (Redis in
production) and answers 503 naming what is down, so a balancer takes the node out."""
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

TRUTHY = {"1", "true", "yes", "on", "t"}


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "down"
        logger.exception("Health check: the database is down")
        return False


def _cache_ok() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok
    except Exception:  # noqa: BLE001
        logger.exception("Health check: the cache is down")
        return False


def health(request):
    deep = any(request.GET.get(name, "").strip().lower() in TRUTHY for name in ("check", "deep"))
    if not deep:
        return HttpResponse("OK", content_type="text/plain")
    failures = [name for name, ok in (("database", _database_ok()), ("cache", _cache_ok())) if not ok]
    if failures:
        return HttpResponse("DOWN: " + ", ".join(failures), status=503, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
