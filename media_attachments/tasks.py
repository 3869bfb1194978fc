"""Background work of the media app (Celery; in-process without a broker)."""
from celery import shared_task


@shared_task(name="media.process", acks_late=True)
def process_media(media_id):
    """Finish an upload of POST /api/v2/media: transcode it and mark it ready (or failed)."""
    from media_attachments.services import process_pending

    media = process_pending(media_id)
    return media.id if media is not None else None
