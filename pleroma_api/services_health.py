"""Pleroma's healthcheck figures (Pleroma.Healthcheck), from what this server has:

- memory_used: this process's resident memory, in MiB (Pleroma: the BEAM's allocated memory);
- active / idle: the database connections to this database by state (PostgreSQL's
  pg_stat_activity, as Pleroma), pool_size: the connection pool of each process (0 without
  one, and on SQLite, which has no connections to count);
- job_queue_stats: the Celery queue: jobs waiting in the broker per queue, and the jobs
  processed (succeeded / failed) per queue and per task, counted in the cache by the Celery
  signals connected in pleroma_api.apps (since the cache was last cleared; Pleroma counts
  since the node started).

healthy: the database answers, the broker answers (when there is one) and the pool is not
exhausted (Pleroma: unhealthy when active >= pool_size).
"""
import logging
import resource

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from fedi.celery import app

logger = logging.getLogger(__name__)

OUTCOMES = ("success", "failure")
KEY = "pleroma:jobs:{queue}:{task}:{outcome}"


def memory_used_mib() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 2)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 2)  # peak, in KiB on Linux


def database_info() -> dict:
    """{"ok", "active", "idle", "pool_size"}."""
    info = {"ok": False, "active": 0, "idle": 0, "pool_size": 0}
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT state, count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "GROUP BY state")
                for state, count in cursor.fetchall():
                    info["active" if state == "active" else "idle"] += int(count)
                pool = (settings.DATABASES["default"].get("OPTIONS") or {}).get("pool")
                info["pool_size"] = int(pool.get("max_size", 0)) if isinstance(pool, dict) else 0
            else:
                cursor.execute("SELECT 1")
        info["ok"] = True
    except Exception:  # noqa: BLE001 - any failure means "down"
        logger.exception("Pleroma healthcheck: the database is down")
    return info


def _task_names() -> list[str]:
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _default_queue() -> str:
    return app.conf.task_default_queue or "celery"


def count_job(task_name: str, queue: str | None, succeeded: bool) -> None:
    """A task ended (a Celery signal): one more in its queue's and task's counters."""
    key = KEY.format(queue=queue or _default_queue(), task=task_name, outcome=OUTCOMES[0 if succeeded else 1])
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:  # noqa: BLE001 - counting must never fail a task
        logger.warning("Pleroma healthcheck: could not count a job", exc_info=True)


def _waiting(queue: str) -> int | None:
    """Jobs waiting in the broker's queue (every priority); None when the broker does not answer.
    Not a passive declare: Redis has no key for an empty queue, which a passive one refuses."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0  # tasks run in-process: nothing ever waits
    try:
        with app.connection_for_read() as broker:
            broker.ensure_connection(max_retries=1)
            return int(broker.default_channel.queue_declare(queue=queue).message_count)
    except Exception:  # noqa: BLE001
        logger.warning("Pleroma healthcheck: the broker does not answer", exc_info=True)
        return None


def job_queue_stats() -> tuple[dict, bool]:
    """(Pleroma's job_queue_stats, whether the broker answered)."""
    queue = _default_queue()
    names = _task_names()
    keys = {(name, outcome): KEY.format(queue=queue, task=name, outcome=outcome)
            for name in names for outcome in OUTCOMES}
    try:
        counts = cache.get_many(list(keys.values()))
    except Exception:  # noqa: BLE001
        counts = {}
    workers, totals = {}, {"success": 0, "failure": 0}
    for name in names:
        success = int(counts.get(keys[(name, "success")]) or 0)
        failure = int(counts.get(keys[(name, "failure")]) or 0)
        if success or failure:
            workers[name] = {queue: {"processed_jobs": success + failure, "success": success, "failure": failure}}
        totals["success"] += success
        totals["failure"] += failure
    waiting = _waiting(queue)
    processed = totals["success"] + totals["failure"]
    stats = {
        "processed_jobs": processed,
        "queues": {queue: {"processed_jobs": processed, **totals, "waiting": waiting or 0}},
        "workers": workers,
    }
    return stats, waiting is not None


def system_info() -> dict:
    database = database_info()
    jobs, broker_ok = job_queue_stats()
    healthy = database["ok"] and broker_ok and not (database["pool_size"]
                                                     and database["active"] >= database["pool_size"])
    return {"healthy": healthy, "active": database["active"], "idle": database["idle"],
            "pool_size": database["pool_size"], "memory_used": memory_used_mib(), "job_queue_stats": jobs}
