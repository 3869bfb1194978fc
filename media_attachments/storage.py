"""Where media files live: Django's default storage (local disk or S3), under names that
are never reused, laid out as Mastodon's (media_attachments/files/000/111/222/original/…)."""
import secrets

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

from fedi.links import absolute


def id_partition(media_id):
    """Mastodon's id partition: the id padded to 18 digits, in groups of three."""
    digits = str(media_id).rjust(18, "0")
    return "/".join(digits[index:index + 3] for index in range(0, len(digits), 3))


def new_name(media_id, style, extension, *, kind="files"):
    """A fresh name for a file of an attachment: kind is "files" or "thumbnails", style
    "original", "small" or "pending" (a raw upload waiting for processing)."""
    suffix = f".{extension}" if extension else ""
    return f"media_attachments/{kind}/{id_partition(media_id)}/{style}/{secrets.token_hex(8)}{suffix}"


def save_bytes(name, content):
    """Store bytes under name (or a free variant of it: nothing is overwritten); the name used."""
    return default_storage.save(name, ContentFile(content))


def save_file(name, handle):
    """Store an open file (read from its start) under name or a free variant of it."""
    handle.seek(0)
    return default_storage.save(name, File(handle))


def delete_files(names):
    """Remove stored files; one already gone is no error."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except (OSError, NotImplementedError):
            pass


def url(name):
    return absolute(default_storage.url(name)) if name else None
