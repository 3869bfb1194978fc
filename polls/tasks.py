"""Celery tasks of polls: thin wrappers calling polls.services."""
from celery import shared_task


@shared_task(name="polls.close_poll")
def close_poll(poll_id):
    """Queued with an ETA at the poll's end: notify its voters and author (once)."""
    from polls.services import close_poll as run  # the services import this module

    return run(poll_id)


@shared_task(name="polls.close_expired")
def close_expired_polls():
    """Periodic (CELERY_BEAT_SCHEDULE): close every poll that ended and was not closed yet."""
    from polls.services import close_expired_polls as run  # the services import this module

    return run()
