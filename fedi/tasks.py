"""Tasks of the shared plumbing."""
from celery import shared_task
from django.core.cache import cache


@shared_task(name="fedi.ping")
def ping(key, value="pong", timeout=60):
    """Leaves a value in the cache: proves a worker picked up a task (health checks, tests)."""
    cache.set(key, value, timeout)
    return value
