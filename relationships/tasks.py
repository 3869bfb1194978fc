"""Celery tasks of relationships: thin wrappers calling relationships.services."""
from celery import shared_task

from relationships import services


@shared_task(name="relationships.purge_expired_mutes")
def purge_expired_mutes():
    """Periodic (CELERY_BEAT_SCHEDULE): mutes past their expiry are lifted."""
    return services.purge_expired_mutes()
