"""Posting with media, editing media descriptions and polls, delete-and-redraft."""
import pytest

from media_attachments.models import MediaAttachment
from tests.media_attachments.conftest import image_bytes, upload


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _upload(api, token, description=""):
    response = api.post("/api/v2/media", {"file": upload(image_bytes()), "description": description},
                        token=token, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


def test_post_with_media_in_the_given_order(api, alice, token_of):
    token = token_of(alice)
    first, second = _upload(api, token, "first"), _upload(api, token, "second")
    status = api.post("/api/v1/statuses", {"status": "pics", "media_ids[]": [second["id"], first["id"]]},
                      token=token).json()
    assert [m["id"] for m in status["media_attachments"]] == [second["id"], first["id"]]
    # attached media cannot go to another post, nor be deleted on its own
    again = api.post("/api/v1/statuses", {"status": "again", "media_ids[]": [first["id"]]}, token=token)
    assert again.status_code == 422
    assert api.delete(f"/api/v1/media/{first['id']}", token=token).status_code == 422


def test_someone_elses_media_cannot_be_attached(api, alice, bob, token_of):
    media = _upload(api, token_of(bob))
    response = api.post("/api/v1/statuses", {"status": "x", "media_ids[]": [media["id"]]}, token=token_of(alice))
    assert response.status_code == 422


def test_media_only_post_and_poll_with_media_refused(api, alice, token_of):
    token = token_of(alice)
    media = _upload(api, token)
    assert api.post("/api/v1/statuses", {"media_ids[]": [media["id"]]}, token=token).status_code == 200
    other = _upload(api, token)
    response = api.post("/api/v1/statuses", {"status": "q", "media_ids[]": [other["id"]],
                                             "poll[options][]": ["a", "b"], "poll[expires_in]": "600"}, token=token)
    assert response.status_code == 422


def test_edit_media_description_and_history(api, alice, token_of):
    token = token_of(alice)
    media = _upload(api, token, "old alt")
    status = api.post("/api/v1/statuses", {"status": "pic", "media_ids[]": [media["id"]]}, token=token).json()
    response = api.put(f"/api/v1/statuses/{status['id']}", {
        "status": "pic, edited", "media_ids[]": [media["id"]],
        "media_attributes[][id]": media["id"], "media_attributes[][description]": "new alt",
        "media_attributes[][focus]": "0.5,-0.5"}, token=token)
    assert response.status_code == 200, response.content
    assert response.json()["media_attachments"][0]["description"] == "new alt"
    history = api.get(f"/api/v1/statuses/{status['id']}/history").json()
    assert [edit["media_attachments"][0]["description"] for edit in history] == ["old alt", "new alt"]
    bad = api.put(f"/api/v1/statuses/{status['id']}", {"status": "x", "media_attributes[][id]": media["id"],
                                                       "media_attributes[][focus]": "3,3"}, token=token)
    assert bad.status_code == 422


def test_edit_poll_resets_it_and_history_shows_options(api, alice, bob, token_of):
    token = token_of(alice)
    status = api.post("/api/v1/statuses", {"status": "vote", "poll[options][]": ["a", "b"],
                                           "poll[expires_in]": "600"}, token=token).json()
    api.post(f"/api/v1/polls/{status['poll']['id']}/votes", {"choices[]": ["0"]}, token=token_of(bob))
    edited = api.put(f"/api/v1/statuses/{status['id']}", {"status": "vote again", "poll[options][]": ["c", "d", "e"],
                                                          "poll[expires_in]": "600"}, token=token).json()
    assert [option["title"] for option in edited["poll"]["options"]] == ["c", "d", "e"]
    assert edited["poll"]["votes_count"] == 0
    history = api.get(f"/api/v1/statuses/{status['id']}/history").json()
    assert [[o["title"] for o in edit["poll"]["options"]] for edit in history] == [["a", "b"], ["c", "d", "e"]]


def test_delete_and_redraft_keeps_media_unless_asked(api, alice, token_of):
    token = token_of(alice)
    media = _upload(api, token)
    status = api.post("/api/v1/statuses", {"status": "draft", "media_ids[]": [media["id"]]}, token=token).json()
    deleted = api.delete(f"/api/v1/statuses/{status['id']}", token=token).json()
    assert deleted["text"] == "draft" and deleted["media_attachments"][0]["id"] == media["id"]
    redraft = api.post("/api/v1/statuses", {"status": "draft 2", "media_ids[]": [media["id"]]}, token=token)
    assert redraft.status_code == 200
    api.delete(f"/api/v1/statuses/{redraft.json()['id']}", {"delete_media": "true"}, token=token, format="query")
    assert not MediaAttachment.objects.filter(pk=media["id"]).exists()


def test_edit_validation(api, alice, bob, token_of, post):
    status = post(alice, "mine")
    assert api.put(f"/api/v1/statuses/{status['id']}", {"status": "hijack"}, token=token_of(bob)).status_code == 404
    assert api.put(f"/api/v1/statuses/{status['id']}", {"status": "x" * 600}, token=token_of(alice)).status_code == 422
    assert api.put(f"/api/v1/statuses/{status['id']}", {"status": ""}, token=token_of(alice)).status_code == 422
