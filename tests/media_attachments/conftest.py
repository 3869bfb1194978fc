"""Fixtures and helpers of the media tests: a temporary MEDIA_ROOT, files made in memory
(Pillow, the wave module) or with ffmpeg (the one the server uses: the system's, or the build
the imageio-ffmpeg package ships, so these tests run everywhere), multipart requests that are
spec-checked like the `api` fixture's."""
import struct
import subprocess
import wave
import zlib
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from tests.openapi import validate_response



@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def no_ffmpeg(settings, tmp_path):
    """No ffmpeg to run, as on a platform with none: the configured one is not there."""
    settings.MEDIA_FFMPEG_BINARY = str(tmp_path / "no-such-ffmpeg")


# --- Files -------------------------------------------------------------------------------

def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30), mode="RGB", **options):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def two_tone_jpeg(orientation=None, size=(200, 100), camera="TestCam"):
    """Left half red, right half blue; with an EXIF orientation tag when given."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x010F] = camera
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def animated_gif(frames=3, size=(80, 40)):
    colors = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    images = [Image.new("RGB", size, colors[index % len(colors)]) for index in range(frames)]
    buffer = BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny, valid-looking PNG whose header claims width x height pixels (a decompression
    bomb needs no more than that to be dangerous)."""
    data = bytearray(image_bytes("PNG", size=(8, 8)))
    # IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
    data[16:24] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    data[29:33] = struct.pack(">I", crc)
    return bytes(data)


def wav_bytes(seconds=0.5, rate=8000):
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x10" * int(seconds * rate))
    return buffer.getvalue()


def ffmpeg_file(tmp_path, name, *arguments):
    """A media file made by ffmpeg from its test sources (lavfi)."""
    from media_attachments.processing import ffmpeg_binary

    path = tmp_path / name
    subprocess.run([ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-y", *arguments, str(path)], check=True,
                   timeout=120)
    return path.read_bytes()


def upload(data, name="image.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored(name):
    with default_storage.open(name) as handle:
        return handle.read()


def stored_image(name):
    image = Image.open(BytesIO(stored(name)))
    image.load()
    return image


def name_of(url):
    """The storage name of a media URL."""
    from django.conf import settings

    return url.split(settings.MEDIA_URL, 1)[1]


# --- Requests ----------------------------------------------------------------------------

def post_media(api, token, data, version=2, **extra):
    """A multipart POST /api/vN/media (the api client validates the response)."""
    return api.post(f"/api/v{version}/media", data, token=token, format="multipart", **extra)


def put_multipart(api, path, data, token):
    """A multipart PUT (Django's client encodes only POST bodies), spec-checked."""
    response = api.client.put(path, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT,
                              HTTP_AUTHORIZATION=f"Bearer {token}")
    if response.get("Content-Type", "").startswith("application/json"):
        validate_response("PUT", path, response.status_code, response.json())
    return response
