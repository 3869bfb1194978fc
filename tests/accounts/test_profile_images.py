"""Avatar and header uploads: checked by content, upright, stripped, cropped, stored uniquely."""
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from accounts import images
from accounts.models import Account
from tests.accounts.profile_helpers import animated_gif, image_bytes, media_root, send_multipart, upload  # noqa: F401

URL = "/api/v1/accounts/update_credentials"


def stored_image(name):
    with default_storage.open(name) as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
        return image


def account_of(user):
    return Account.objects.get(pk=user.account_id)


@pytest.mark.parametrize("fmt, extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "png")])
def test_avatar_formats_are_cropped_to_400(api, user, token, media_root, fmt, extension):
    data = image_bytes(fmt, size=(800, 500))
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(data, "whatever.bin", "text/plain")}, token)
    assert response.status_code == 200, response.content
    account = account_of(user)
    assert account.avatar.name.endswith(f".{extension}")
    assert response.json()["avatar"].endswith(account.avatar.name)
    assert stored_image(account.avatar.name).size == (400, 400)


def test_header_is_cropped_to_1500_by_500(api, user, token, media_root):
    response = send_multipart(api, "PATCH", URL, {"header": upload(image_bytes(size=(300, 300)))}, token)
    assert response.status_code == 200, response.content
    assert stored_image(account_of(user).header.name).size == (1500, 500)


def test_exif_orientation_applied_and_metadata_stripped(api, user, token, media_root):
    # Left half red, right half blue, stored sideways: orientation 6 turns it a quarter clockwise,
    # so upright the red half is on top.
    image = Image.new("RGB", (200, 100), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "TestCam"
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(buffer.getvalue(), "a.jpg")}, token)
    assert response.status_code == 200, response.content
    stored = stored_image(account_of(user).avatar.name).convert("RGB")
    top, bottom = stored.getpixel((100, 20)), stored.getpixel((100, 380))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert not dict(stored.getexif())
    assert "exif" not in stored.info


def test_animated_gif_keeps_animation_with_static_png(api, user, token, media_root):
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(animated_gif(3), "a.gif", "image/gif")}, token)
    assert response.status_code == 200, response.content
    account = account_of(user)
    animated = stored_image(account.avatar.name)
    assert animated.format == "GIF" and getattr(animated, "n_frames", 1) == 3 and animated.size == (400, 400)
    static = stored_image(account.avatar_static.name)
    assert static.format == "PNG" and static.size == (400, 400)
    body = response.json()
    assert body["avatar"].endswith(".gif") and body["avatar_static"].endswith("-static.png")
    profile = api.get("/api/v1/profile", token=token).json()
    assert profile["avatar_static"] == body["avatar_static"]


@pytest.mark.parametrize("data, fragment", [
    (b"this is not an image at all", "is not a supported image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "is not a supported image"),  # a PNG signature, nothing else
    (image_bytes("BMP"), "is not a supported image"),                   # a real image, format not allowed
    (image_bytes("PNG")[:60], "is not a supported image"),              # truncated
])
def test_bad_images_are_refused_by_content(api, user, token, media_root, data, fragment):
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(data, "a.png", "image/png"),
                                                  "display_name": "Changed"}, token)
    assert response.status_code == 422, response.content
    body = response.json()
    assert fragment in body["details"]["avatar"][0]["description"]
    account = account_of(user)
    assert not account.avatar and account.display_name == ""  # nothing else was changed either


def test_header_errors_name_the_header(api, user, token, media_root):
    response = send_multipart(api, "PATCH", URL, {"header": upload(b"nope")}, token)
    assert response.status_code == 422
    assert list(response.json()["details"]) == ["header"]


def test_too_big_upload(api, user, token, media_root):
    padded = image_bytes() + b"\0" * images.PROFILE_IMAGE_SIZE_LIMIT  # a valid PNG followed by 8 MB
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(padded)}, token)
    assert response.status_code == 422
    assert "is too big" in response.json()["details"]["avatar"][0]["description"]


def test_too_many_pixels(api, user, token, media_root, monkeypatch):
    monkeypatch.setattr(images, "PROFILE_IMAGE_MATRIX_LIMIT", 100 * 100)
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(image_bytes(size=(101, 100)))}, token)
    assert response.status_code == 422
    assert "is too large" in response.json()["details"]["avatar"][0]["description"]


def test_decompression_bomb_is_refused(api, user, token, media_root, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50 * 50)
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(image_bytes(size=(80, 80)))}, token)
    assert response.status_code == 422


def test_replacing_deletes_old_files_and_names_are_unique(api, user, token, media_root,
                                                          django_capture_on_commit_callbacks):
    send_multipart(api, "PATCH", URL, {"avatar": upload(animated_gif(2), "a.gif")}, token)
    first = account_of(user)
    old_names = [first.avatar.name, first.avatar_static.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = send_multipart(api, "PATCH", URL, {"avatar": upload(image_bytes())}, token)
    assert response.status_code == 200
    second = account_of(user)
    assert second.avatar.name not in old_names and not second.avatar_static
    assert default_storage.exists(second.avatar.name)
    assert not any(default_storage.exists(name) for name in old_names)


def test_a_failed_request_stores_no_file(api, user, token, media_root):
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(image_bytes()), "note": "x" * 501}, token)
    assert response.status_code == 422
    assert not (media_root / "accounts").exists() or not any((media_root / "accounts").rglob("*.*"))


def test_account_without_images_shows_default_images(api, user, token):
    body = api.get("/api/v1/accounts/verify_credentials", token=token).json()
    assert body["avatar"].endswith("/avatars/original/missing.png")
    assert body["header_static"].endswith("/headers/original/missing.png")


def two_colour_gif(frames, size):
    """An animated GIF that is tiny to send and costly to decode (one palette index per frame)."""
    images_ = [Image.new("P", size, index % 2) for index in range(frames)]
    for image in images_:
        image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    buffer = BytesIO()
    images_[0].save(buffer, "GIF", save_all=True, append_images=images_[1:], duration=100, loop=0)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["avatar", "header"])
def test_animated_gif_over_the_media_pixel_budget_is_refused_before_decoding(api, user, token, media_root, kind):
    """10 frames of 5,700 x 5,700 in 258 KB took seconds of CPU to decode and resize; the frame
    size (Mastodon's GIF matrix limit) and pixels over all frames are checked first."""
    import time

    data = two_colour_gif(10, (5700, 5700))
    assert len(data) < 300 * 1024
    started = time.process_time()
    response = send_multipart(api, "PATCH", URL, {kind: upload(data, "a.gif", "image/gif")}, token)
    assert response.status_code == 422
    assert time.process_time() - started < 1.0
    assert "is too large for an animated GIF" in response.json()["details"][kind][0]["description"]
    assert not getattr(account_of(user), kind)


def test_animated_gif_avatar_over_the_budget_of_all_frames_is_refused(api, user, token, media_root):
    from fedi.images import ANIMATION_PIXEL_BUDGET, GIF_MATRIX_LIMIT

    size = (1000, 900)
    assert size[0] * size[1] <= GIF_MATRIX_LIMIT                      # each frame is within the limit...
    frames = ANIMATION_PIXEL_BUDGET // (size[0] * size[1]) + 1        # ...all of them are not
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(two_colour_gif(frames, size), "a.gif")}, token)
    assert response.status_code == 422
    assert "is too large for an animated GIF" in response.json()["details"]["avatar"][0]["description"]
    response = send_multipart(api, "PATCH", URL, {"avatar": upload(two_colour_gif(frames - 1, size), "a.gif")}, token)
    assert response.status_code == 200
