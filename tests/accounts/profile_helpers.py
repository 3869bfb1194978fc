"""Helpers for the profile tests: images made with Pillow, multipart PATCH requests that are
spec-checked like the `api` fixture's, and a temporary media directory."""
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from tests.openapi import validate_response


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def image_bytes(fmt="PNG", size=(64, 64), color=(200, 30, 30), mode="RGB", **save_options):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def upload(data, name="image.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def animated_gif(frames=3, size=(80, 40)):
    colors = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    images = [Image.new("RGB", size, colors[index % len(colors)]) for index in range(frames)]
    buffer = BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def send_multipart(api, method, path, data, token):
    """A multipart request (Django's client only encodes POST bodies itself), spec-checked."""
    call = getattr(api.client, method.lower())
    response = call(path, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT,
                    HTTP_AUTHORIZATION=f"Bearer {token}")
    if response.get("Content-Type", "").startswith("application/json"):
        validate_response(method.upper(), path, response.status_code, response.json())
    return response
