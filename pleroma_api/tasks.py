"""Celery tasks of pleroma_api: thin wrappers calling the services."""
from celery import shared_task


@shared_task(name="pleroma_api.run_import")
def run_import(job_id):
    from pleroma_api.services_imports import process_import  # the services import this module

    job = process_import(job_id)
    return job.id if job is not None else None


@shared_task(name="pleroma_api.build_backup")
def build_backup(backup_id):
    from pleroma_api.services_backups import process_backup  # the services import this module

    backup = process_backup(backup_id)
    return backup.id if backup is not None else None


@shared_task(name="pleroma_api.move_followers")
def move_followers(source_id, target_id):
    from pleroma_api.services_move import process_move  # the services import this module

    return process_move(source_id, target_id)
