"""Background work of the media app: Celery workers, or threads of the web process when
tasks run in-process (the embedded default, CELERY_TASK_ALWAYS_EAGER).

    enqueue_processing(media_id)   # after the upload is committed; never waits for ffmpeg

An eager Celery task would run inside the request that queued it, so a transcode of minutes
would hold that request (and one of the few threads serving them). Without a broker the
upload goes to MEDIA_PROCESSING_THREADS daemon threads instead. What a stopped process left
unfinished is picked up again by media.resume_processing (a periodic task).
"""
import logging
import queue
import threading
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connections
from django.utils import timezone

from media_attachments.models import MediaAttachment

logger = logging.getLogger(__name__)


@shared_task(name="media.process", acks_late=True)
def process_media(media_id):
    """Finish an upload of POST /api/v2/media: transcode it and mark it ready (or failed)."""
    from media_attachments.services import process_pending  # the services import this module

    media = process_pending(media_id)
    return media.id if media is not None else None


@shared_task(name="media.resume_processing")
def resume_processing():
    """Queue again the uploads still processing long after they came (their worker or web
    process stopped meanwhile); those queued in this process are left to it."""
    stale = timezone.now() - timedelta(seconds=settings.MEDIA_FFMPEG_TIMEOUT + 300)
    ids = list(MediaAttachment.objects.filter(state=MediaAttachment.State.PROCESSING, created_at__lt=stale)
               .values_list("id", flat=True)[:100])
    for media_id in ids:
        enqueue_processing(media_id)
    return len(ids)


def enqueue_processing(media_id: int) -> None:
    """Process an upload in the background: a Celery worker's job when there is a broker,
    else one of this process's media threads."""
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.MEDIA_PROCESSING_THREADS > 0:
        _threads.submit(media_id)
    else:
        process_media.delay(media_id)


class _MediaThreads:
    """A queue of media ids and the daemon threads working through it (started on first use).
    Daemon threads: stopping the server never waits for a transcode; what it cuts short stays
    `processing` until resume_processing queues it again."""

    def __init__(self):
        self.queue = queue.Queue()
        self.queued = set()          # ids waiting or in work here (resume_processing skips them)
        self.lock = threading.Lock()
        self.threads = []

    def submit(self, media_id):
        with self.lock:
            if media_id in self.queued:
                return
            self.queued.add(media_id)
            self.threads = [thread for thread in self.threads if thread.is_alive()]
            while len(self.threads) < settings.MEDIA_PROCESSING_THREADS:
                thread = threading.Thread(target=self.work, name=f"media-{len(self.threads)}", daemon=True)
                thread.start()
                self.threads.append(thread)
        self.queue.put(media_id)

    def work(self):
        while True:
            media_id = self.queue.get()
            try:
                process_media.apply(args=(media_id,), throw=True)
            except Exception:  # noqa: BLE001 - one bad upload must not stop the thread
                logger.exception("Processing media %s failed", media_id)
            finally:
                connections.close_all()  # this thread's connections only
                with self.lock:
                    self.queued.discard(media_id)
                self.queue.task_done()

    def wait(self, timeout=60.0):
        """Until every queued upload is processed (tests and shutdown hooks); False on timeout."""
        done = threading.Event()

        def joiner():
            self.queue.join()
            done.set()

        threading.Thread(target=joiner, daemon=True).start()
        return done.wait(timeout)


_threads = _MediaThreads()
