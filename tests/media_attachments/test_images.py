"""Image uploads: read by content, upright, stripped, bounded, previewed, blurhashed."""
import pytest
from django.core.files.storage import default_storage

from instance import limits
from tests.media_attachments.conftest import (animated_gif, image_bytes, name_of, png_claiming, post_media, stored,
                                  stored_image, two_tone_jpeg, upload)

INVALID = "Validation failed: File content type is invalid, File is invalid"


@pytest.mark.parametrize("version", [1, 2])
def test_jpeg_with_exif_orientation_is_upright_and_stripped(api, alice, version):
    # Stored sideways with orientation 6 (turn a quarter clockwise): upright, the red half is on top.
    data = two_tone_jpeg(orientation=6)
    response = post_media(api, alice.token, {"file": upload(data, "photo.txt", "text/plain"),
                                             "description": "A flag"}, version=version)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "image"
    assert body["description"] == "A flag"
    assert body["url"].endswith(".jpeg") and "/media_attachments/files/" in body["url"]
    assert body["preview_url"].endswith(".jpeg") and "/small/" in body["preview_url"]
    assert body["remote_url"] is None and body["text_url"] is None and body["preview_remote_url"] is None
    assert body["meta"]["original"] == {"width": 100, "height": 200, "size": "100x200", "aspect": 0.5,
                                        "frame_rate": None, "duration": None, "bitrate": None}
    assert body["meta"]["small"]["size"] == "100x200"
    assert body["meta"]["focus"] is None
    assert isinstance(body["blurhash"], str) and len(body["blurhash"]) == 36  # 4x4 components
    original = stored_image(name_of(body["url"])).convert("RGB")
    assert original.size == (100, 200)
    top, bottom = original.getpixel((50, 20)), original.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert not dict(stored_image(name_of(body["url"])).getexif())
    assert b"TestCam" not in stored(name_of(body["url"]))
    assert b"TestCam" not in stored(name_of(body["preview_url"]))


def test_png_with_alpha_stays_png_with_alpha(api, alice):
    data = image_bytes("PNG", size=(300, 200), color=(10, 200, 10, 0), mode="RGBA")
    response = post_media(api, alice.token, {"file": upload(data, "clear.jpg", "image/jpeg")})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["url"].endswith(".png") and body["preview_url"].endswith(".png")
    original = stored_image(name_of(body["url"]))
    assert original.format == "PNG" and original.mode == "RGBA" and original.getpixel((5, 5))[3] == 0
    small = stored_image(name_of(body["preview_url"]))
    assert small.mode == "RGBA" and small.getpixel((5, 5))[3] == 0


@pytest.mark.parametrize("fmt, extension", [("WEBP", "webp"), ("GIF", "png")])
def test_other_still_formats(api, alice, fmt, extension):
    response = post_media(api, alice.token, {"file": upload(image_bytes(fmt), "x.bin", "application/octet-stream")})
    assert response.status_code == 200, response.content
    assert response.json()["url"].endswith(f".{extension}")


def test_huge_image_is_scaled_down_with_a_small_preview(api, alice):
    data = image_bytes("JPEG", size=(4000, 2500))  # 10,000,000 pixels, over the stored limit
    response = post_media(api, alice.token, {"file": upload(data, "big.jpg", "image/jpeg")})
    assert response.status_code == 200, response.content
    meta = response.json()["meta"]
    width, height = meta["original"]["width"], meta["original"]["height"]
    assert width * height <= limits.IMAGE_STORED_MATRIX_LIMIT
    assert width * height > limits.IMAGE_STORED_MATRIX_LIMIT * 0.99
    assert abs(width / height - 1.6) < 0.01
    assert stored_image(name_of(response.json()["url"])).size == (width, height)
    small = meta["small"]
    assert small["width"] * small["height"] <= limits.MEDIA_SMALL_MATRIX_LIMIT
    assert stored_image(name_of(response.json()["preview_url"])).size == (small["width"], small["height"])


def test_small_image_is_not_enlarged(api, alice):
    response = post_media(api, alice.token, {"file": upload(image_bytes("PNG", size=(30, 20)))})
    meta = response.json()["meta"]
    assert meta["original"]["size"] == "30x20" and meta["small"]["size"] == "30x20"


def test_decompression_bomb_is_refused(api, alice):
    response = post_media(api, alice.token, {"file": upload(png_claiming(100_000, 100_000), "bomb.png")})
    assert response.status_code == 422
    assert "not supported" in response.json()["error"]
    assert not default_storage.exists("media_attachments")


def test_image_over_the_matrix_limit_is_refused_before_decoding(api, alice):
    response = post_media(api, alice.token, {"file": upload(png_claiming(6000, 6000), "wide.png")})
    assert response.status_code == 422
    assert response.json()["error"] == "6000x6000 images are not supported"


@pytest.mark.parametrize("data", [
    two_tone_jpeg(size=(400, 300))[:600],                   # a truncated JPEG
    image_bytes("PNG", size=(200, 200))[:90],                # a truncated PNG
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,                     # a PNG signature and nothing else
    b"just some text, not a picture\n" * 10,                 # text named .png
    image_bytes("BMP"),                                      # a real image in a format not accepted
    b"",                                                     # empty
])
def test_unreadable_or_unsupported_files_are_refused(api, alice, data):
    response = post_media(api, alice.token, {"file": upload(data, "picture.png", "image/png")})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == INVALID
    assert set(body["details"]) == {"file_content_type", "file"}
    assert not default_storage.exists("media_attachments")


def test_missing_file(api, alice):
    response = post_media(api, alice.token, {"description": "nothing"})
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: File can't be blank"


def test_same_file_name_twice_is_stored_twice(api, alice):
    first = post_media(api, alice.token, {"file": upload(image_bytes(color=(255, 0, 0)), "same.png")}).json()
    second = post_media(api, alice.token, {"file": upload(image_bytes(color=(0, 0, 255)), "same.png")}).json()
    assert first["url"] != second["url"] and first["preview_url"] != second["preview_url"]
    assert stored_image(name_of(first["url"])).getpixel((1, 1))[:3] == (255, 0, 0)
    assert stored_image(name_of(second["url"])).getpixel((1, 1))[:3] == (0, 0, 255)
    assert "same" not in first["url"]  # names never come from the client


def test_animated_gif_without_ffmpeg_is_an_animated_image(api, alice, no_ffmpeg):
    response = post_media(api, alice.token, {"file": upload(animated_gif(3), "anim.gif", "image/gif")})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "image"
    assert body["url"].endswith(".gif") and body["preview_url"].endswith(".png")
    animated = stored_image(name_of(body["url"]))
    assert animated.format == "GIF" and animated.n_frames == 3
    assert body["meta"]["original"]["size"] == "80x40"


@pytest.mark.parametrize("mode, fmt", [("I;16", "PNG"), ("1", "PNG"), ("LA", "PNG"), ("P", "PNG"), ("L", "JPEG"),
                                       ("CMYK", "JPEG"), ("RGBA", "WEBP")])
def test_image_modes(api, alice, mode, fmt):
    response = post_media(api, alice.token, {"file": upload(image_bytes(fmt, size=(40, 30), color=None, mode=mode))})
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["original"]["size"] == "40x30"
