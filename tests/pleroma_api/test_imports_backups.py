"""Follow/mute/block imports and backups: Celery tasks (eager in tests) doing the work, a
per-line outcome, and a real zip archive of the user's data."""
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from pleroma_api.models import Backup
from relationships.models import Block, Follow, Mute
from statuses.models import Favourite
from tests.pleroma_api.test_client_api import Person


@pytest.fixture
def alice(api):
    return Person(api, "alice")


def test_imports_with_an_outcome_per_line(alice, api, django_capture_on_commit_callbacks):
    bob, carol, dave = Person(api, "bob"), Person(api, "carol"), Person(api, "dave")
    csv = "Account address,Show boosts\nbob,true\n\n@carol\nnobody@example.org\nalice\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert alice.call("POST", "/api/pleroma/follow_import", {"list": csv}) == "ok"  # the seed's response
    assert set(Follow.objects.filter(account=alice.account).values_list("target_account__username", flat=True)) == {
        "bob", "carol"}
    with django_capture_on_commit_callbacks(execute=True):
        assert alice.call("POST", "/api/pleroma/mutes_import", {"list": "dave"}) == "ok"
    upload = io.BytesIO(b"carol\n")
    upload.name = "blocks.csv"
    with django_capture_on_commit_callbacks(execute=True):
        assert alice.call("POST", "/api/pleroma/blocks_import", {"list": upload}, format="multipart") == "ok"
    assert Mute.objects.filter(account=alice.account, target_account=dave.account).exists()
    assert Block.objects.filter(account=alice.account, target_account=carol.account).exists()
    jobs = alice.call("GET", "/api/pleroma/imports")
    follows = next(job for job in jobs if job["type"] == "follows")
    assert follows["state"] == "done"
    assert follows["results"] == [{"line": "bob", "outcome": "followed"}, {"line": "@carol", "outcome": "followed"},
                                  {"line": "nobody@example.org", "outcome": "not found"},
                                  {"line": "alice", "outcome": "skipped: your own account"}]
    assert bob.call("GET", "/api/pleroma/imports") == []
    alice.call("POST", "/api/pleroma/follow_import", {"list": "  "}, status=400)


def test_backup_is_a_real_archive(alice, api, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    bob = Person(api, "bob")
    posted = alice.call("POST", "/api/v1/statuses", {"status": "my post"})
    theirs = bob.call("POST", "/api/v1/statuses", {"status": "their post"})
    Favourite.objects.create(account=alice.account, status_id=int(theirs["id"]))
    bob.call("POST", f"/api/v1/accounts/{alice.id}/follow")
    with django_capture_on_commit_callbacks(execute=True):
        listed = alice.call("POST", "/api/v1/pleroma/backups")
    assert len(listed) == 1 and listed[0]["content_type"] == "application/zip"
    [backup] = alice.call("GET", "/api/v1/pleroma/backups")
    assert backup["processed"] is True and backup["state"] == "complete" and backup["file_size"] > 0
    assert backup["url"].endswith(".zip")
    row = Backup.objects.get()
    with default_storage.open(row.file.name, "rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    assert set(archive.namelist()) >= {"actor.json", "outbox.json", "likes.json", "bookmarks.json",
                                       "followers.json", "following.json"}
    outbox = json.loads(archive.read("outbox.json"))
    assert [item["object"]["content"] for item in outbox["orderedItems"]] == [posted["content"]]
    assert json.loads(archive.read("actor.json"))["preferredUsername"] == "alice"
    assert len(json.loads(archive.read("likes.json"))["orderedItems"]) == 1
    assert json.loads(archive.read("followers.json"))["orderedItems"][0].endswith("/users/bob")
    # One a day; someone else's list is their own.
    alice.call("POST", "/api/v1/pleroma/backups", status=400)
    assert bob.call("GET", "/api/v1/pleroma/backups") == []
