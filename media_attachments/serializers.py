"""The MediaAttachment entity (Mastodon's REST::MediaAttachmentSerializer).

Everything comes from the row itself (file names become URLs without any query), so a
list renders with no query per item: MediaAttachmentSerializer.render_many(media_list).
"""
from fedi.serializers import EntitySerializer
from media_attachments import storage
from media_attachments.models import MediaAttachment

# The documented keys of meta.original / meta.small, present (null when empty) on every one.
META_DETAILS_KEYS = ("width", "height", "frame_rate", "duration", "bitrate", "aspect")


def _details(details):
    if not isinstance(details, dict):
        return None
    return {**{key: None for key in META_DETAILS_KEYS}, **details}


def media_meta(media):
    """Mastodon's meta: what processing recorded, the focal point, and the documented
    `original`, `small` and `focus` keys always present (null when there is none)."""
    meta = dict(media.meta or {})
    meta["original"] = _details(meta.get("original"))
    meta["small"] = _details(meta.get("small"))
    if media.focus_x is not None and media.focus_y is not None:
        meta["focus"] = {"x": media.focus_x, "y": media.focus_y}
    else:
        meta["focus"] = None
    return meta


class MediaAttachmentSerializer(EntitySerializer):
    def to_representation(self, media):
        ready = media.state == MediaAttachment.State.READY
        url = storage.url(media.file.name) if ready and media.file else None
        if url is None and ready and media.remote_url:
            url = media.remote_url
        if media.thumbnail:
            preview_url = storage.url(media.thumbnail.name)
        elif ready and media.small:
            preview_url = storage.url(media.small.name)
        else:
            preview_url = None
        return {
            "id": str(media.id),
            "type": media.type,
            "url": url,
            "preview_url": preview_url,
            "remote_url": media.remote_url or None,
            "preview_remote_url": None,
            "text_url": None,
            "meta": media_meta(media),
            "description": media.description or None,
            "blurhash": media.blurhash or None,
            "pleroma": {"mime_type": media.file_content_type or None},
        }
