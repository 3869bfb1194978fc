"""GET, PUT and DELETE /api/v1/media/:id; descriptions, focal points, thumbnails; access."""
import pytest
from django.core.files.storage import default_storage

from media_attachments.models import MediaAttachment
from statuses.models import Status
from tests.factories import make_token
from tests.media_attachments.conftest import image_bytes, name_of, post_media, put_multipart, stored_image, upload


@pytest.fixture
def media(api, alice):
    response = post_media(api, alice.token, {"file": upload(image_bytes(size=(64, 48)))})
    assert response.status_code == 200, response.content
    return response.json()


def test_get_own_media(api, alice, media):
    response = api.get(f"/api/v1/media/{media['id']}", token=alice.token)
    assert response.status_code == 200
    assert response.json() == media


def test_others_and_unknown_media_are_not_found(api, alice, bob, media):
    path = f"/api/v1/media/{media['id']}"
    assert api.get(path, token=bob.token).status_code == 404
    assert api.get(path, token=bob.token).json() == {"error": "Record not found"}
    assert put_multipart(api, path, {"description": "mine now"}, bob.token).status_code == 404
    assert api.delete(path, token=bob.token).status_code == 404
    assert api.get("/api/v1/media/1234", token=alice.token).status_code == 404
    assert api.get("/api/v1/media/not-an-id", token=alice.token).status_code == 404
    assert MediaAttachment.objects.get(pk=media["id"]).description == ""


def test_token_required(api, media):
    response = api.post("/api/v2/media", {"file": upload(image_bytes())}, format="multipart")
    assert response.status_code == 401
    assert api.get(f"/api/v1/media/{media['id']}").status_code == 401
    assert api.delete(f"/api/v1/media/{media['id']}").status_code == 401


@pytest.mark.parametrize("scopes, allowed", [("read", False), ("read write:statuses", False), ("write:media", True),
                                             ("write", True)])
def test_write_media_scope(api, alice, media, scopes, allowed):
    token = make_token(alice.user, scopes=scopes)
    for version in (1, 2):
        response = post_media(api, token, {"file": upload(image_bytes())}, version=version)
        assert response.status_code == (200 if allowed else 403), response.content
    assert api.get(f"/api/v1/media/{media['id']}", token=token).status_code == (200 if allowed else 403)


def test_app_token_is_refused(api, alice):
    response = post_media(api, make_token(None, scopes="write"), {"file": upload(image_bytes())})
    assert response.status_code == 422


def test_description_and_focus_on_upload(api, alice):
    response = post_media(api, alice.token, {"file": upload(image_bytes()), "description": "é" * 1500,
                                             "focus": "0.5,-0.25"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "é" * 1500
    assert body["meta"]["focus"] == {"x": 0.5, "y": -0.25}


@pytest.mark.parametrize("data, attribute", [
    ({"description": "x" * 1501}, "description"),
    ({"focus": "2,0"}, "focus"),
    ({"focus": "0,-1.5"}, "focus"),
    ({"focus": "left,top"}, "focus"),
    ({"focus": "0.1"}, "focus"),
    ({"focus": "0.1,0.2,0.3"}, "focus"),
    ({"focus": "nan,0"}, "focus"),
])
def test_bad_description_or_focus(api, alice, data, attribute):
    response = post_media(api, alice.token, {"file": upload(image_bytes()), **data})
    assert response.status_code == 422, response.content
    assert attribute in response.json()["details"]
    assert not MediaAttachment.objects.exists()
    assert not default_storage.exists("media_attachments")


def test_description_too_long_message(api, alice, media):
    response = put_multipart(api, f"/api/v1/media/{media['id']}", {"description": "x" * 1501}, alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Description is too long (maximum is 1500 characters)"


def test_update_description_and_focus(api, alice, media):
    path = f"/api/v1/media/{media['id']}"
    response = put_multipart(api, path, {"description": "A red square", "focus": "-1,1"}, alice.token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "A red square"
    assert body["meta"]["focus"] == {"x": -1.0, "y": 1.0}
    assert body["meta"]["original"] == media["meta"]["original"]
    # Form-encoded and JSON bodies work too; an empty description clears it, a blank focus keeps it.
    response = api.put(path, {"description": "", "focus": ""}, token=alice.token)
    assert response.status_code == 200
    assert response.json()["description"] is None
    assert response.json()["meta"]["focus"] == {"x": -1.0, "y": 1.0}
    response = api.put(path, {"focus": "0.25,0.75"}, token=alice.token, format="json")
    assert response.json()["meta"]["focus"] == {"x": 0.25, "y": 0.75}
    assert response.json()["description"] is None


def test_update_thumbnail(api, alice, media, django_capture_on_commit_callbacks):
    path = f"/api/v1/media/{media['id']}"
    thumbnail = upload(image_bytes("JPEG", size=(1280, 720), color=(0, 200, 0)), "thumb.jpg", "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = put_multipart(api, path, {"thumbnail": thumbnail}, alice.token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert "/media_attachments/thumbnails/" in body["preview_url"]
    assert body["url"] == media["url"]
    assert body["blurhash"] != media["blurhash"]
    assert stored_image(name_of(body["preview_url"])).size == (640, 360)
    first = name_of(body["preview_url"])
    # A second thumbnail replaces the first, whose file goes.
    with django_capture_on_commit_callbacks(execute=True):
        response = put_multipart(api, path, {"thumbnail": upload(image_bytes("PNG", size=(50, 50)))}, alice.token)
    assert response.status_code == 200
    assert not default_storage.exists(first)
    assert default_storage.exists(name_of(response.json()["preview_url"]))


def test_bad_thumbnail(api, alice, media):
    response = put_multipart(api, f"/api/v1/media/{media['id']}",
                             {"thumbnail": upload(b"not an image", "t.png")}, alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Thumbnail content type is invalid, Thumbnail is invalid"


def test_thumbnail_on_upload(api, alice):
    response = post_media(api, alice.token, {"file": upload(image_bytes()),
                                             "thumbnail": upload(image_bytes(color=(0, 0, 0)), "t.png")})
    assert response.status_code == 200
    assert "/thumbnails/" in response.json()["preview_url"]


def test_attached_media_is_no_longer_read_or_updated(api, alice, media):
    status = Status.objects.create(account=alice.account, text="hi")
    MediaAttachment.objects.filter(pk=media["id"]).update(status=status)
    path = f"/api/v1/media/{media['id']}"
    assert api.get(path, token=alice.token).status_code == 404
    assert put_multipart(api, path, {"description": "late"}, alice.token).status_code == 404


def test_delete_unattached_media_and_its_files(api, alice, media, django_capture_on_commit_callbacks):
    names = [name_of(media["url"]), name_of(media["preview_url"])]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/v1/media/{media['id']}", token=alice.token)
    assert response.status_code == 200
    assert response.json() == {}
    assert not MediaAttachment.objects.filter(pk=media["id"]).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert api.delete(f"/api/v1/media/{media['id']}", token=alice.token).status_code == 404


def test_delete_attached_media_is_refused(api, alice, media):
    status = Status.objects.create(account=alice.account, text="hi")
    MediaAttachment.objects.filter(pk=media["id"]).update(status=status)
    response = api.delete(f"/api/v1/media/{media['id']}", token=alice.token)
    assert response.status_code == 422
    assert response.json() == {"error": "Media attachment is currently used by a status"}
    assert MediaAttachment.objects.filter(pk=media["id"]).exists()
    assert default_storage.exists(name_of(media["url"]))


def test_failed_processing_answers_422(api, alice):
    failed = MediaAttachment.objects.create(account=alice.account, type="video", state="failed")
    response = api.get(f"/api/v1/media/{failed.id}", token=alice.token)
    assert response.status_code == 422
    assert response.json() == {"error": "Error processing thumbnail for uploaded media"}


def test_processing_media_answers_206(api, alice):
    pending = MediaAttachment.objects.create(account=alice.account, type="video", state="processing")
    response = api.get(f"/api/v1/media/{pending.id}", token=alice.token)
    assert response.status_code == 206
    body = response.json()
    assert body["url"] is None and body["preview_url"] is None
    assert body["meta"] == {"original": None, "small": None, "focus": None}
    response = api.put(f"/api/v1/media/{pending.id}", {"description": "soon"}, token=alice.token)
    assert response.status_code == 206 and response.json()["description"] == "soon"
