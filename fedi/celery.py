"""The Celery app: workers run `celery -A fedi worker -B`. Without REDIS_URL tasks run in-process."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fedi.settings")

app = Celery("fedi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
