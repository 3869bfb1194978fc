from django.apps import AppConfig


class PleromaApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pleroma_api"

    def ready(self):
        from celery.signals import task_failure, task_success

        # The healthcheck's job counters (pleroma_api.services_health).
        task_success.connect(_task_succeeded, weak=False, dispatch_uid="pleroma_api.task_success")
        task_failure.connect(_task_failed, weak=False, dispatch_uid="pleroma_api.task_failure")


def _queue_of(task):
    info = getattr(getattr(task, "request", None), "delivery_info", None) or {}
    return info.get("routing_key") or None


def _task_succeeded(sender=None, **kwargs):
    from pleroma_api.services_health import count_job

    if sender is not None:
        count_job(sender.name, _queue_of(sender), True)


def _task_failed(sender=None, **kwargs):
    from pleroma_api.services_health import count_job

    if sender is not None:
        count_job(sender.name, _queue_of(sender), False)
