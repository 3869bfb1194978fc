"""Celery tasks of statuses: thin wrappers calling the services."""
from celery import shared_task


@shared_task(name="statuses.distribute")
def distribute(status_id):
    from statuses.services.distribution import distribute as run  # the services import this module

    run(status_id)


# Named cards.fetch_card since the cards app queued it (tasks queued then still run).
@shared_task(name="cards.fetch_card", ignore_result=True)
def fetch_card(status_id):
    """Fetch the preview card of a status's first link and attach it."""
    from statuses.services.distribution import fetch_card as run  # the services import this module

    card = run(status_id)
    return card.id if card is not None else None


@shared_task(name="statuses.publish_scheduled_status")
def publish_scheduled_status(scheduled_id):
    """Queued with an ETA at a scheduled status's time (statuses.scheduled.queue_if_near)."""
    from statuses.scheduled import publish  # the services import this module

    status = publish(scheduled_id)
    return status.id if status is not None else None


@shared_task(name="statuses.publish_due_scheduled")
def publish_due_scheduled():
    """Periodic (CELERY_BEAT_SCHEDULE): publish the scheduled statuses that are due."""
    from statuses.scheduled import publish_due  # the services import this module

    return publish_due()


@shared_task(name="statuses.delete_expired")
def delete_expired():
    """Periodic (CELERY_BEAT_SCHEDULE): delete the statuses whose expires_in has run out."""
    from statuses.services.removal import delete_expired as run  # the services import this module

    return run()


@shared_task(name="statuses.purge_expired_conversation_mutes")
def purge_expired_conversation_mutes():
    """Periodic (CELERY_BEAT_SCHEDULE): conversation mutes past their expiry are lifted."""
    from statuses.services.interactions import purge_expired_conversation_mutes as run  # the services import this module

    return run()
