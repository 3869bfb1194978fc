from celery import shared_task


@shared_task(name="trends.refresh")
def refresh_trends():
    """Periodic (CELERY_BEAT_SCHEDULE, every 5 minutes as Mastodon's Scheduler::Trends::RefreshScheduler)."""
    from trends.services import refresh_trends as refresh  # the services import this module

    return refresh()
