"""Image plumbing shared by media uploads (media_attachments.processing) and profile images
(accounts.images): the pixel limits of animated GIFs and the encoder of stored images."""
from io import BytesIO

from PIL import Image

ANIMATION_PIXEL_BUDGET = 30_000_000          # width x height x frames of a GIF animated by Pillow (~1 s of CPU)
GIF_MATRIX_LIMIT = 921_600                   # pixels of an animated GIF's frame (Mastodon's, 1280x720)


def animation_refusal(width: int, height: int, frames: int) -> str | None:
    """Why an animated GIF this size is refused before any frame is decoded, or None: more than
    Mastodon's GIF_MATRIX_LIMIT pixels a frame, or more than ANIMATION_PIXEL_BUDGET pixels in
    all its frames (what decoding them costs). Media uploads and profile images share it."""
    if width * height > GIF_MATRIX_LIMIT:
        return f"{width}x{height} images are not supported"
    if width * height * frames > ANIMATION_PIXEL_BUDGET:
        return "Animated GIFs this large are not supported by this server"
    return None


def encode_image(image: Image.Image, image_format: str) -> bytes:
    buffer = BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, image_format, quality=90)
    return buffer.getvalue()
