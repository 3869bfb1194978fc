"""Media attachments: uploading, processing, describing, deleting, and the rules for
attaching them to statuses (Mastodon's MediaAttachment model and PostStatusService checks).

For the statuses app:

    media = attachable_media(account, media_ids, status=None)   # validated, in the given order
    attach(media, status)                                       # one UPDATE
    delete_media_files(media)                                   # rows and their files

Uploads: create_media(account, upload, ..., delay=...) identifies and checks the file at
once (a 422 when refused); images are processed at once, video/gifv/audio too unless
`delay` (POST /api/v2/media), when the Celery task media.process finishes them.
"""
import math
import os
import shutil
import tempfile
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Case, Q, Value, When

from fedi.errors import ApiError, NotFound, Unprocessable, ValidationFailed
from fedi.params import id_in_url, is_id
from instance import limits
from media_attachments import processing, storage
from media_attachments.models import MediaAttachment
from media_attachments.tasks import enqueue_processing

PROCESSING_ERROR = "Error processing thumbnail for uploaded media"
IN_USE_ERROR = "Media attachment is currently used by a status"
TOO_MANY = "Cannot attach more than {limit} files"
NOT_FOUND = "Media {ids} not found or already attached to another post"
IMAGES_AND_VIDEO = "Cannot attach a video to a post that already contains images"
NOT_READY = "Cannot attach files that have not finished processing. Try again in a moment!"


# --- Parameters ---------------------------------------------------------------------------

def clean_description(description):
    """The alt text, checked against Mastodon's limit (None stays None: not given)."""
    if description is None:
        return None
    description = str(description)
    if len(description) > limits.MEDIA_DESCRIPTION_LIMIT:
        raise ValidationFailed().add("description", "ERR_TOO_LONG",
                                     f"is too long (maximum is {limits.MEDIA_DESCRIPTION_LIMIT} characters)")
    return description


def parse_focus(focus):
    """(x, y) from "x,y" (or a two-item list), each within -1.0..1.0; None when blank."""
    if focus is None:
        return None
    if isinstance(focus, (list, tuple)):
        parts = list(focus)
    else:
        focus = str(focus).strip()
        if not focus:
            return None
        parts = focus.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        x, y = (float(str(part).strip()) for part in parts)
    except (TypeError, ValueError):
        raise ValidationFailed().add("focus", "ERR_INVALID", "is invalid (two numbers, x,y, from -1.0 to 1.0)")
    if not all(math.isfinite(value) and -1.0 <= value <= 1.0 for value in (x, y)):
        raise ValidationFailed().add("focus", "ERR_INVALID", "is invalid (two numbers, x,y, from -1.0 to 1.0)")
    return x, y


@contextmanager
def local_path(upload):
    """A path on disk holding an uploaded file (Django keeps big uploads in a temporary file)."""
    if hasattr(upload, "temporary_file_path"):
        yield upload.temporary_file_path()
        return
    handle = tempfile.NamedTemporaryFile(prefix="fedi-upload-", delete=False)
    try:
        with handle:
            upload.seek(0)
            for chunk in upload.chunks():
                handle.write(chunk)
        yield handle.name
    finally:
        os.unlink(handle.name)


@contextmanager
def stored_path(name):
    """A path on disk holding a stored file (copied out of storage, which may be remote)."""
    handle = tempfile.NamedTemporaryFile(prefix="fedi-media-", delete=False)
    try:
        with handle, default_storage.open(name, "rb") as source:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        yield handle.name
    finally:
        os.unlink(handle.name)


def upload_size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return size


# --- Storing results ------------------------------------------------------------------------

def store_processed(media_id, result):
    """Save a Processed result under fresh names: {"file": name, "small": name or None}."""
    saved = {}
    try:
        original_name = storage.new_name(media_id, "original", result.extension)
        if result.original_bytes is not None:
            saved["file"] = storage.save_bytes(original_name, result.original_bytes)
        else:
            with open(result.original_path, "rb") as handle:
                saved["file"] = storage.save_file(original_name, handle)
        saved["small"] = None
        if result.small_bytes is not None:
            saved["small"] = storage.save_bytes(storage.new_name(media_id, "small", result.small_extension),
                                                result.small_bytes)
    except BaseException:
        storage.delete_files(saved.values())
        raise
    return saved


def _store_thumbnail(media_id, thumbnail):
    content, extension, hash_, _geometry = thumbnail
    return storage.save_bytes(storage.new_name(media_id, "original", extension, kind="thumbnails"), content), hash_


def _thumbnail_meta(meta, thumbnail):
    """The meta with `small` describing the custom thumbnail, which is the preview (Mastodon)."""
    return {**(meta or {}), "small": thumbnail[3]}


def _process_thumbnail(upload):
    with local_path(upload) as path:
        return processing.process_thumbnail(path, upload_size(upload))


def _delete_after_commit(names):
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: storage.delete_files(names))


# --- Uploading ------------------------------------------------------------------------------

def create_media(account, upload, *, thumbnail=None, description=None, focus=None, delay=False):
    """A new MediaAttachment of `account` from an uploaded file. Refused uploads raise a 422.

    Images are always processed at once (Mastodon 4). Video, gifv and audio are processed at
    once too, unless `delay`: then the raw upload is stored, the attachment stays
    `processing` and the media.process task finishes it after commit."""
    if upload is None:
        raise ValidationFailed().add("file", "ERR_BLANK")
    description = clean_description(description)
    point = parse_focus(focus)
    thumb = _process_thumbnail(thumbnail) if thumbnail is not None else None
    media = MediaAttachment(account=account, description=description or "")
    if point is not None:
        media.focus_x, media.focus_y = point
    saved = []
    try:
        with local_path(upload) as path:
            found = processing.identify(path, upload_size(upload))
            media.type = found.kind
            if found.kind != "image" and delay:
                with open(path, "rb") as handle:
                    media.file = storage.save_file(storage.new_name(media.id, "pending", None), handle)
                saved.append(media.file.name)
                media.state = MediaAttachment.State.PROCESSING
            else:
                result = _run_processing(path, found)
                try:
                    names = store_processed(media.id, result)
                finally:
                    result.cleanup()
                saved.extend(names.values())
                _apply(media, result, names)
        if thumb is not None:
            media.thumbnail, media.blurhash = _store_thumbnail(media.id, thumb)
            media.meta = _thumbnail_meta(media.meta, thumb)
            saved.append(media.thumbnail.name)
        with transaction.atomic():
            media.save()
            if media.state == MediaAttachment.State.PROCESSING:
                media_id = media.id
                transaction.on_commit(lambda: _enqueue(media_id))
    except BaseException:
        storage.delete_files(saved)
        raise
    return media


def _enqueue(media_id):
    enqueue_processing(media_id)


def _run_processing(path, found):
    try:
        return processing.process(path, found)
    except processing.ProcessingFailed:
        raise Unprocessable(PROCESSING_ERROR)


def _apply(media, result, names):
    media.type = result.type
    media.file = names["file"]
    media.small = names["small"]
    media.file_content_type = result.content_type
    # A custom thumbnail stays the preview: its blurhash and its meta.small are kept.
    small = (media.meta or {}).get("small") if media.thumbnail else None
    media.meta = result.meta
    if small:
        media.meta["small"] = small
    if not media.thumbnail:
        media.blurhash = result.blurhash
    media.state = MediaAttachment.State.READY


def process_pending(media_id):
    """Finish a delayed upload (the media.process task): transcode the stored raw upload,
    store the results and mark the attachment ready, or failed when ffmpeg cannot."""
    media = MediaAttachment.objects.filter(pk=media_id, state=MediaAttachment.State.PROCESSING).first()
    if media is None or not media.file:
        return None
    raw_name = media.file.name
    try:
        with stored_path(raw_name) as path:
            size = os.path.getsize(path)
            found = processing.identify(path, size)
            result = processing.process(path, found)
    except (ApiError, processing.ProcessingFailed, OSError):
        failed = MediaAttachment.objects.filter(pk=media_id, state=MediaAttachment.State.PROCESSING,
                                                file=raw_name).update(state=MediaAttachment.State.FAILED)
        if failed:
            storage.delete_files([raw_name])
            MediaAttachment.objects.filter(pk=media_id).update(file=None)
        return None
    try:
        names = store_processed(media_id, result)
    finally:
        result.cleanup()
    _apply(media, result, names)
    with transaction.atomic():
        updated = MediaAttachment.objects.filter(pk=media_id, state=MediaAttachment.State.PROCESSING,
                                                 file=raw_name).update(
            type=media.type, file=names["file"], small=names["small"], file_content_type=media.file_content_type,
            meta=media.meta, blurhash=media.blurhash, state=MediaAttachment.State.READY)
    if not updated:  # deleted (or finished by another worker) meanwhile
        storage.delete_files(names.values())
        return None
    storage.delete_files([raw_name])
    return media


# --- Reading, updating, deleting ------------------------------------------------------------

def own_media(account, media_id, *, unattached=True):
    """The account's attachment (404 otherwise); with `unattached`, only one not yet posted
    (Mastodon's GET and PUT /api/v1/media/:id)."""
    query = MediaAttachment.objects.filter(pk=id_in_url(media_id), account=account)
    if unattached:
        query = query.filter(status__isnull=True)
    media = query.first()
    if media is None:
        raise NotFound()
    return media


def check_not_failed(media):
    if media.state == MediaAttachment.State.FAILED:
        raise Unprocessable(PROCESSING_ERROR)


def update_media(media, *, description=None, focus=None, thumbnail=None):
    """Change the alt text (None: unchanged, "" clears it), the focal point (blank:
    unchanged) or the custom thumbnail of an attachment."""
    description = clean_description(description)
    point = parse_focus(focus)
    thumb = _process_thumbnail(thumbnail) if thumbnail is not None else None
    fields = []
    if description is not None:
        media.description = description
        fields.append("description")
    if point is not None:
        media.focus_x, media.focus_y = point
        fields += ["focus_x", "focus_y"]
    if thumb is not None:
        old = media.thumbnail.name if media.thumbnail else None
        name, hash_ = _store_thumbnail(media.id, thumb)
        try:
            with transaction.atomic():
                media.thumbnail, media.blurhash = name, hash_
                media.meta = _thumbnail_meta(media.meta, thumb)
                media.save(update_fields=fields + ["thumbnail", "blurhash", "meta"])
        except BaseException:
            storage.delete_files([name])
            raise
        _delete_after_commit([old])
    elif fields:
        media.save(update_fields=fields)
    return media


def delete_media(media):
    """Delete an attachment not attached to a status (DELETE /api/v1/media/:id); its files
    go after commit."""
    if media.status_id is not None or media.scheduled_status_id is not None:
        raise Unprocessable(IN_USE_ERROR)
    media.delete()


# --- Statuses -------------------------------------------------------------------------------

def attachable_media(account, media_ids, *, status=None, scheduled_status=None):
    """The attachments `media_ids` name, in that order, checked as Mastodon's
    PostStatusService / UpdateStatusService do; raises a 422 with Mastodon's message when:
    more than MAX_MEDIA_ATTACHMENTS ids; an id that is not the account's, or is attached to
    another status (or scheduled status) than `status` / `scheduled_status`; audio or video
    together with anything else; one still processing (or failed)."""
    ids = []
    for value in media_ids or ():
        text = str(value).strip()
        ids.append(int(text) if is_id(text) else text)
    if not ids:
        return []
    if len(ids) > limits.MAX_MEDIA_ATTACHMENTS:
        raise Unprocessable(TOO_MANY.format(limit=limits.MAX_MEDIA_ATTACHMENTS))
    wanted = list(dict.fromkeys(ids))
    numeric = [value for value in wanted if isinstance(value, int)]
    in_status = Q(status__isnull=True) if status is None else Q(status__isnull=True) | Q(status=status)
    in_scheduled = Q(scheduled_status__isnull=True)
    if scheduled_status is not None:
        in_scheduled |= Q(scheduled_status=scheduled_status)
    query = MediaAttachment.objects.filter(in_status, in_scheduled, account=account, id__in=numeric)
    found: dict[int | str, MediaAttachment] = {media.id: media for media in query}
    missing = [str(value) for value in wanted if value not in found]
    if missing:
        raise Unprocessable(NOT_FOUND.format(ids=", ".join(missing)))
    media = [found[value] for value in wanted]
    if len(media) > 1 and any(item.audio_or_video for item in media):
        raise Unprocessable(IMAGES_AND_VIDEO)
    if any(not item.is_ready for item in media):
        raise Unprocessable(NOT_READY)
    return media


def attach(media_list, status):
    """Attach the attachments to a status, in one UPDATE (they leave any scheduled status)."""
    ids = [media.id for media in media_list]
    if not ids:
        return 0
    position = Case(*[When(id=media_id, then=Value(index)) for index, media_id in enumerate(ids)],
                    output_field=models.PositiveSmallIntegerField())
    count = MediaAttachment.objects.filter(id__in=ids).update(status=status, scheduled_status=None, position=position)
    for index, media in enumerate(media_list):
        media.status = status
        media.scheduled_status = None
        media.position = index
    return count


def delete_media_files(media_list):
    """Delete attachments and their stored files (a status deleted with delete_media):
    the rows go now, the files once that is committed."""
    ids = [media.id for media in media_list]
    if ids:
        MediaAttachment.objects.filter(id__in=ids).delete()
