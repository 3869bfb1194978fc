"""The production wiring, over the real services: Celery workers through the Redis broker,
and Channels' Redis layer carrying messages between processes. Runs when REDIS_URL is set
(the PostgreSQL + Redis half of `make test`)."""
import os
import subprocess
import sys
import time
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

from fedi.celery import app as celery_app

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (production wiring)")


def test_channel_layer_is_redis_and_carries_group_messages():
    layer = get_channel_layer()
    from channels_redis.core import RedisChannelLayer

    assert isinstance(layer, RedisChannelLayer)
    channel = async_to_sync(layer.new_channel)()
    group = f"test-{uuid.uuid4().hex}"
    async_to_sync(layer.group_add)(group, channel)
    async_to_sync(layer.group_send)(group, {"type": "test.message", "text": "hello"})
    message = async_to_sync(layer.receive)(channel)
    assert message == {"type": "test.message", "text": "hello"}
    async_to_sync(layer.group_discard)(group, channel)


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_celery_worker_runs_tasks_sent_through_the_broker(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="0")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fedi", "worker", "--pool", "solo", "--concurrency", "1",
         "-Q", queue, "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        env=env, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)
    try:
        key = f"ping:{uuid.uuid4().hex}"
        celery_app.send_task("fedi.ping", args=[key, "from-worker"], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and cache.get(key) is None:
            time.sleep(0.2)
        assert cache.get(key) == "from-worker", (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
