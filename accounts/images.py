"""Avatar and header images: checked by content, normalized, stored under unique names.

An upload is opened with Pillow (never trusted by its name or declared type), refused
unless it is a PNG, JPEG, GIF or WebP within the size and pixel limits below, turned
upright (EXIF orientation), stripped of metadata and cropped to Mastodon's sizes. An
animated GIF stays animated; its first frame is also kept as a static PNG.

    processed = process_upload(upload, AVATAR)   # raises ImageRejected
    names = store(processed, AVATAR, account)    # (name, static name or None)
"""
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from instance.limits import IMAGE_MATRIX_LIMIT
from fedi.images import ANIMATION_PIXEL_BUDGET, GIF_MATRIX_LIMIT, animation_refusal, encode_image

# Limits of profile images, in one place (Mastodon: 8 MB, avatar 400x400, header 1500x500).
PROFILE_IMAGE_SIZE_LIMIT = 8 * 1024 * 1024   # bytes of the upload
PROFILE_IMAGE_MATRIX_LIMIT = IMAGE_MATRIX_LIMIT  # pixels (width x height) of the upload
MAX_ANIMATION_FRAMES = 300                   # an animated GIF with more frames is refused
# An animated GIF is also held to the pixel budget of media uploads (animation_refusal): frame
# size and pixels of all frames, checked before a single frame is decoded.

# Pillow format -> (format written, file extension). A still GIF is written as PNG.
ALLOWED_FORMATS = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpg"), "GIF": ("PNG", "png"),
                   "WEBP": ("WEBP", "webp")}
NOT_AN_IMAGE = "is not a supported image (PNG, JPEG, GIF or WebP)"


@dataclass(frozen=True)
class ImageKind:
    name: str       # the parameter and model field: "avatar" or "header"
    width: int
    height: int
    folder: str


AVATAR = ImageKind("avatar", 400, 400, "accounts/avatars")
HEADER = ImageKind("header", 1500, 500, "accounts/headers")
# Pleroma's profile background (pleroma_background_image), kept in the user's settings.
BACKGROUND = ImageKind("pleroma_background_image", 1920, 1080, "accounts/backgrounds")


class ImageRejected(Exception):
    """The upload is not acceptable; the message completes "<field> ..."."""


@dataclass
class ProcessedImage:
    content: bytes
    extension: str
    static_content: bytes = None  # first frame as PNG, for animated images only


def _open(data):
    # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that: a warning is a refusal too.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(BytesIO(data), formats=list(ALLOWED_FORMATS))
        if image.width * image.height > PROFILE_IMAGE_MATRIX_LIMIT:
            raise ImageRejected(f"is too large (maximum is {PROFILE_IMAGE_MATRIX_LIMIT} pixels)")
        if image.format == "GIF" and getattr(image, "is_animated", False):
            _check_animation(image)  # counting frames reads their headers, not their pixels
        image.load()
    return image


def _check_animation(image):
    frame_count = image.n_frames
    if frame_count > MAX_ANIMATION_FRAMES:
        raise ImageRejected(f"has too many frames (maximum is {MAX_ANIMATION_FRAMES})")
    if animation_refusal(image.width, image.height, frame_count):
        raise ImageRejected(f"is too large for an animated GIF (at most {GIF_MATRIX_LIMIT} pixels a frame and "
                            f"{ANIMATION_PIXEL_BUDGET} in all frames)")


def _fit(frame, kind):
    """One frame upright, cropped to fill the kind's size, with no metadata."""
    frame = ImageOps.exif_transpose(frame)
    if frame.mode not in ("RGB", "RGBA"):
        frame = frame.convert("RGBA" if "A" in frame.getbands() or "transparency" in frame.info else "RGB")
    fitted = ImageOps.fit(frame, (kind.width, kind.height), method=Image.Resampling.LANCZOS)
    fitted.info = {}  # EXIF, ICC profile, text chunks, comments: none are kept
    return fitted


def _encode_animation(image, kind):
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(_fit(frame.convert("RGBA"), kind))
    buffer = BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=durations,
                   loop=image.info.get("loop", 0), disposal=2)
    return buffer.getvalue(), encode_image(frames[0], "PNG")


def process_upload(upload, kind):
    """The upload as the image to store; ImageRejected when it is not acceptable."""
    if upload.size is not None and upload.size > PROFILE_IMAGE_SIZE_LIMIT:
        raise ImageRejected(f"is too big (maximum is {PROFILE_IMAGE_SIZE_LIMIT // (1024 * 1024)} MB)")
    upload.seek(0)
    data = upload.read(PROFILE_IMAGE_SIZE_LIMIT + 1)
    if len(data) > PROFILE_IMAGE_SIZE_LIMIT:
        raise ImageRejected(f"is too big (maximum is {PROFILE_IMAGE_SIZE_LIMIT // (1024 * 1024)} MB)")
    try:
        image = _open(data)
        frame_count = getattr(image, "n_frames", 1)
        if image.format == "GIF" and frame_count > 1:
            content, static_content = _encode_animation(image, kind)
            return ProcessedImage(content, "gif", static_content)
        image_format, extension = ALLOWED_FORMATS[image.format]
        return ProcessedImage(encode_image(_fit(image, kind), image_format), extension)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(NOT_AN_IMAGE)
    except (OSError, SyntaxError, ValueError, EOFError, KeyError, IndexError, TypeError):
        raise ImageRejected(NOT_AN_IMAGE)  # truncated or corrupt files fail in many ways


def store(processed, kind, account):
    """Save a processed image under new names (never overwriting): (name, static name or None)."""
    stem = f"{kind.folder}/{account.pk}/{secrets.token_hex(8)}"
    name = default_storage.save(f"{stem}.{processed.extension}", ContentFile(processed.content))
    static_name = None
    if processed.static_content is not None:
        static_name = default_storage.save(f"{stem}-static.png", ContentFile(processed.static_content))
    return name, static_name


def delete_files(names):
    """Remove stored files; a file already gone is no error."""
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                pass
