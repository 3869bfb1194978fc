"""GET /api/v1/pleroma/healthcheck: real figures (database connections, the pool, memory,
the Celery queue and the jobs processed), 503 when unhealthy."""
import pytest
from django.conf import settings as django_settings
from django.db import connection

from pleroma_api import services_health
from tests import factories
from tests.pleroma_api.schemas import HEALTHCHECK, check


@pytest.fixture(autouse=True)
def fresh_counters():
    """The counters live in the cache (Redis on PostgreSQL runs): only theirs are cleared."""
    from django.core.cache import cache

    cache.delete_many([services_health.KEY.format(queue="celery", task=name, outcome=outcome)
                       for name in services_health._task_names() for outcome in services_health.OUTCOMES])


def test_figures(api, django_capture_on_commit_callbacks):
    health = api.get("/api/v1/pleroma/healthcheck").json()
    check(HEALTHCHECK, health)
    assert health["healthy"] is True and health["memory_used"] > 1
    if connection.vendor == "postgresql":
        assert health["active"] >= 1  # this very query
        pool = django_settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
        assert health["pool_size"] == (pool["max_size"] if isinstance(pool, dict) else 0)
    else:
        assert (health["active"], health["idle"], health["pool_size"]) == (0, 0, 0)
    assert health["job_queue_stats"]["processed_jobs"] == 0

    user = factories.make_user("alice")
    with django_capture_on_commit_callbacks(execute=True):  # the distribution task runs (eagerly)
        api.post("/api/v1/statuses", {"status": "hello"}, token=factories.make_token(user))
    jobs = api.get("/api/v1/pleroma/healthcheck").json()["job_queue_stats"]
    check(HEALTHCHECK["properties"]["job_queue_stats"], jobs)
    assert jobs["processed_jobs"] >= 1
    [queue] = jobs["queues"].values()
    assert queue["success"] == jobs["processed_jobs"] and queue["failure"] == 0
    assert sum(counts["processed_jobs"] for worker in jobs["workers"].values() for counts in worker.values()) == \
        jobs["processed_jobs"]


def test_failed_jobs_are_counted():
    services_health.count_job("statuses.delete_expired", None, False)
    services_health.count_job("statuses.delete_expired", None, True)
    stats, broker_ok = services_health.job_queue_stats()
    assert broker_ok
    assert stats["workers"]["statuses.delete_expired"]["celery"] == {"processed_jobs": 2, "success": 1, "failure": 1}


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="a broker needs REDIS_URL")
def test_waiting_jobs_are_read_from_the_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    stats, broker_ok = services_health.job_queue_stats()
    assert broker_ok and stats["queues"]["celery"]["waiting"] >= 0


def test_unhealthy_answers_503(api, monkeypatch):
    monkeypatch.setattr(services_health, "database_info",
                        lambda: {"ok": False, "active": 0, "idle": 0, "pool_size": 0})
    response = api.get("/api/v1/pleroma/healthcheck")
    assert response.status_code == 503 and response.json()["healthy"] is False
    monkeypatch.setattr(services_health, "database_info",
                        lambda: {"ok": True, "active": 12, "idle": 0, "pool_size": 12})  # the pool is exhausted
    assert api.get("/api/v1/pleroma/healthcheck").status_code == 503
