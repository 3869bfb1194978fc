"""Celery tasks of statuses: thin wrappers calling the services."""
from celery import shared_task


@shared_task(name="statuses.distribute")
def distribute(status_id):
    from statuses.services.distribution import distribute as run

    run(status_id)
