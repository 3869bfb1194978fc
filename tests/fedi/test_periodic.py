"""The in-process scheduler of the embedded default runs the beat schedule's tasks."""
import pytest
from celery import shared_task

from fedi.periodic import InProcessScheduler, schedule_intervals

RUNS = []
pytestmark = pytest.mark.django_db  # the scheduler closes stale connections after each job


@shared_task(name="tests.periodic_probe")
def periodic_probe():
    RUNS.append(1)


def test_runs_due_tasks_once_per_interval():
    RUNS.clear()
    scheduler = InProcessScheduler(tasks={"tests.periodic_probe": 3600})
    due_at = {}
    scheduler.run_due(due_at)
    scheduler.run_due(due_at)  # not due again within the interval
    assert RUNS == [1]


def test_a_failing_task_does_not_stop_the_others(settings):
    RUNS.clear()
    scheduler = InProcessScheduler(tasks={"no.such.task": 1, "tests.periodic_probe": 1})
    scheduler.run_due({})
    assert RUNS == [1]


def test_intervals_come_from_the_beat_schedule(settings):
    settings.CELERY_BEAT_SCHEDULE = {"x": {"task": "a.task", "schedule": 60.0}}
    assert schedule_intervals() == {"a.task": 60.0}


def test_every_scheduled_task_is_registered_in_a_fresh_web_process():
    """The web process of the embedded default looks jobs up before any request imported
    their modules (it used to log NotRegistered for polls.close_expired and others)."""
    import subprocess
    import sys

    code = ("import django; django.setup()\n"
            "from django.conf import settings\n"
            "from fedi.periodic import registered_tasks\n"
            "names = {entry['task'] for entry in settings.CELERY_BEAT_SCHEDULE.values()}\n"
            "missing = names - set(registered_tasks())\n"
            "print(sorted(names)); assert not missing, missing\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "polls.close_expired" in result.stdout
