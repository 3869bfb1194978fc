from celery import shared_task


@shared_task(name="annual_reports.generate")
def generate(report_id):
    """Compute one report (queued by POST /api/v1/annual_reports/:year/generate)."""
    from annual_reports.services import generate as run  # the services import this module

    run(report_id)
