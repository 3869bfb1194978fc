"""Pleroma's conversations (/api/v1/pleroma/conversations...) and bookmark folders over HTTP."""
import pytest

from tests.pleroma_api.test_client_api import Person
from tests.pleroma_api.schemas import check

CONVERSATION = {"type": "object", "required": ["id", "unread", "accounts", "last_status"]}
FOLDER = {"type": "object", "additionalProperties": False, "required": ["id", "name", "emoji", "emoji_url"],
          "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                         "emoji": {"type": ["string", "null"]}, "emoji_url": {"type": ["string", "null"]}}}


@pytest.fixture
def alice(api):
    return Person(api, "alice")


@pytest.fixture
def bob(api):
    return Person(api, "bob")


def test_conversations(alice, bob, api, django_capture_on_commit_callbacks):
    carol = Person(api, "carol")
    with django_capture_on_commit_callbacks(execute=True):
        first = alice.call("POST", "/api/v1/statuses", {"status": "@bob psst", "visibility": "direct"})
    with django_capture_on_commit_callbacks(execute=True):
        reply = bob.call("POST", "/api/v1/statuses", {"status": "@alice yes?", "visibility": "direct",
                                                      "in_reply_to_id": first["id"]})
    [conversation] = alice.call("GET", "/api/v1/conversations")
    shown = alice.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}")
    check(CONVERSATION, shown)
    assert shown["last_status"]["id"] == reply["id"]
    statuses = alice.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}/statuses")
    assert [status["id"] for status in statuses] == [reply["id"], first["id"]]
    # Someone else's conversation: 404.
    carol.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}", status=404)
    carol.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}/statuses", status=404)
    # Read all.
    assert shown["unread"] is True
    read = alice.call("POST", "/api/v1/pleroma/conversations/read")
    assert [item["id"] for item in read] == [conversation["id"]] and read[0]["unread"] is False
    assert alice.call("GET", f"/api/v1/pleroma/conversations/{conversation['id']}")["unread"] is False
    # Recipients replaced.
    patched = alice.call("PATCH", f"/api/v1/pleroma/conversations/{conversation['id']}",
                         {"recipients[]": [bob.id, carol.id]})
    assert sorted(account["id"] for account in patched["accounts"]) == sorted([bob.id, carol.id])


def test_bookmark_folders(alice, bob, api):
    status = bob.call("POST", "/api/v1/statuses", {"status": "keep"})
    other = bob.call("POST", "/api/v1/statuses", {"status": "also keep"})
    folder = alice.call("POST", "/api/v1/pleroma/bookmark_folders", {"name": "Reading", "emoji": "📚"})
    check(FOLDER, folder)
    assert folder["name"] == "Reading" and folder["emoji"] == "📚" and folder["emoji_url"] is None
    alice.call("POST", "/api/v1/pleroma/bookmark_folders", {"name": "Reading"}, status=422)
    alice.call("POST", "/api/v1/pleroma/bookmark_folders", {"name": ""}, status=422)
    alice.call("POST", "/api/v1/pleroma/bookmark_folders", {"name": "x", "emoji": "not emoji"}, status=422)
    assert [f["id"] for f in alice.call("GET", "/api/v1/pleroma/bookmark_folders")] == [folder["id"]]
    assert bob.call("GET", "/api/v1/pleroma/bookmark_folders") == []

    alice.call("POST", f"/api/v1/statuses/{status['id']}/bookmark", {"folder_id": folder["id"]})
    alice.call("POST", f"/api/v1/statuses/{other['id']}/bookmark")
    in_folder = alice.call("GET", "/api/v1/bookmarks", {"folder_id": folder["id"]})
    assert [s["id"] for s in in_folder] == [status["id"]]
    assert len(alice.call("GET", "/api/v1/bookmarks")) == 2
    bob.call("POST", f"/api/v1/statuses/{status['id']}/bookmark", {"folder_id": folder["id"]}, status=404)

    renamed = alice.call("PATCH", f"/api/v1/pleroma/bookmark_folders/{folder['id']}", {"name": "Later"})
    assert renamed["name"] == "Later" and renamed["emoji"] == "📚"
    bob.call("PATCH", f"/api/v1/pleroma/bookmark_folders/{folder['id']}", {"name": "mine"}, status=404)
    bob.call("DELETE", f"/api/v1/pleroma/bookmark_folders/{folder['id']}", status=404)
    assert alice.call("DELETE", f"/api/v1/pleroma/bookmark_folders/{folder['id']}")["id"] == folder["id"]
    assert len(alice.call("GET", "/api/v1/bookmarks")) == 2  # the bookmarks stay
    assert alice.call("GET", "/api/v1/pleroma/bookmark_folders") == []
