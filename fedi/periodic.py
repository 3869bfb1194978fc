"""Jobs that run on a timer: publishing scheduled statuses, closing expired polls, lifting
expired mutes...

Production runs them with Celery beat (`celery -A fedi worker -B` reads
settings.CELERY_BEAT_SCHEDULE). The embedded default has no beat process, so `make run`
sets PERIODIC_TASKS_IN_PROCESS=1 and the web process starts InProcessScheduler, a daemon
thread running the same tasks on the same intervals.
"""
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from fedi.celery import app

logger = logging.getLogger(__name__)


def registered_tasks():
    """Celery's task registry with every app's tasks module imported. Celery autodiscovers
    them only when a worker starts (the import_modules signal); a web process has imported
    just the modules some request happened to need, so a job looked up before then would
    be NotRegistered."""
    app.loader.import_default_modules()
    return app.tasks


def schedule_intervals():
    """{task name: seconds} from CELERY_BEAT_SCHEDULE (entries with a number as schedule)."""
    return {entry["task"]: float(schedule) for entry in settings.CELERY_BEAT_SCHEDULE.values()
            if isinstance(schedule := entry.get("schedule"), (int, float))}


class InProcessScheduler(threading.Thread):
    """Runs each periodic task in this process whenever its interval has passed."""

    def __init__(self, tasks=None, tick=1.0):
        super().__init__(name="periodic-tasks", daemon=True)
        self.tasks = schedule_intervals() if tasks is None else dict(tasks)
        self.tick = tick
        self.stopped = threading.Event()

    def run_due(self, due_at):
        tasks = registered_tasks()
        now = time.monotonic()
        for name, interval in self.tasks.items():
            if now < due_at.get(name, 0):
                continue
            due_at[name] = now + interval
            try:
                tasks[name].apply(throw=True)
            except Exception:  # noqa: BLE001 - one failing job must not stop the others
                logger.exception("Periodic task %s failed", name)
            finally:
                close_old_connections()

    def run(self):
        missing = sorted(set(self.tasks) - set(registered_tasks()))
        if missing:
            logger.error("Periodic tasks not found (check CELERY_BEAT_SCHEDULE): %s", ", ".join(missing))
        due_at: dict[str, float] = {}
        while not self.stopped.is_set():
            self.run_due(due_at)
            self.stopped.wait(self.tick)

    def stop(self):
        self.stopped.set()


_scheduler = None


def start_in_process():
    """Start the scheduler once per process (when settings ask for it)."""
    global _scheduler
    if _scheduler is None and getattr(settings, "PERIODIC_TASKS_IN_PROCESS", False):
        _scheduler = InProcessScheduler()
        _scheduler.start()
    return _scheduler
