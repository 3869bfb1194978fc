"""The Django admin pages of media attachments."""
import pytest
from django.core.files.storage import default_storage
from django.test import Client

from media_attachments.models import MediaAttachment
from media_attachments.services import create_media
from tests.factories import make_user
from tests.media_attachments.conftest import image_bytes, upload


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user("boss", role="Admin"))
    return client


def test_list_and_change_pages(admin_client, alice, django_capture_on_commit_callbacks):
    media = create_media(alice.account, upload(image_bytes()), description="red")
    response = admin_client.get("/admin/media/mediaattachment/")
    assert response.status_code == 200
    assert str(media.id).encode() in response.content
    response = admin_client.get(f"/admin/media/mediaattachment/{media.id}/change/")
    assert response.status_code == 200
    assert b"red" in response.content
    assert admin_client.get("/admin/media/mediaattachment/add/").status_code == 403
    names = media.stored_names()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/media/mediaattachment/{media.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not MediaAttachment.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
