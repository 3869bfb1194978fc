"""Background work of the notifications app (Celery; in-process without a broker)."""
from celery import shared_task

from notifications.push import PushRetry, deliver


@shared_task(name="notifications.deliver_push", autoretry_for=(PushRetry,), max_retries=5, retry_backoff=30,
             retry_backoff_max=3600, retry_jitter=True, acks_late=True)
def deliver_push(subscription_id, notification_id):
    """One notification to one Web Push subscription; retried with backoff while the push
    service is unavailable (5xx, 408, 429, no answer)."""
    return deliver(subscription_id, notification_id)
