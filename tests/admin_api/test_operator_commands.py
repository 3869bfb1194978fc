"""The tootctl-like operator commands: accounts delete|approve|cull|backup, media, statuses,
feeds, cache, emoji, settings, maintenance."""
import io
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Account, User
from admin_api import maintenance
from admin_api.models import AuditLogEntry
from instance.models import CustomEmoji, SiteSettings
from media_attachments.models import MediaAttachment
from statuses.models import Favourite, Status
from tests.admin_api.conftest import post, remote_account
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def old_media(account, days=10, status=None):
    media = MediaAttachment.objects.create(account=account, type="image", state="processed", status=status)
    media.file.save(f"m{media.id}.png", ContentFile(PNG))
    MediaAttachment.objects.filter(pk=media.pk).update(created_at=timezone.now() - timedelta(days=days))
    return media


def test_accounts_delete_approve_cull_and_backup(tmp_path):
    doomed = make_user("doomed")
    waiting = [make_user(f"wait{i}", approved=False) for i in range(3)]
    assert "Would delete 1" in run("accounts", "delete", "doomed", "--dry-run")
    assert Account.objects.filter(pk=doomed.account.pk).exists()
    assert "Deleted 1 account(s): doomed" in run("accounts", "delete", "doomed")
    assert not Account.objects.filter(pk=doomed.account.pk).exists()
    with pytest.raises(CommandError):
        run("accounts", "delete", "nobody")
    assert "Approved 1" in run("accounts", "approve", "--number", "1")
    assert User.objects.filter(approved=False).count() == 2
    assert "Approved 1" in run("accounts", "approve", "wait2")
    assert "Approved 1" in run("accounts", "approve", "--all")
    assert "Approved 0" in run("accounts", "approve", "--all")
    assert all(User.objects.get(pk=user.pk).approved for user in waiting)
    assert AuditLogEntry.objects.filter(action="approve", account=None).count() == 3
    assert AuditLogEntry.objects.filter(action="destroy", summary="@doomed").exists()
    remote_account()
    assert "needs federation" in run("accounts", "cull")

    author = make_user("author")
    post(author.account, "for the archive")
    old_media(author.account)
    out = run("accounts", "backup", "author", "--output", str(tmp_path))
    path = out.strip().rsplit(" ", 1)[-1]
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"actor.json", "statuses.json", "following_accounts.csv", "followers.csv"} <= names
        assert "for the archive" in archive.read("statuses.json").decode()
        assert any(name.startswith("media/") for name in names)
    assert not list(tmp_path.glob("*.part"))


def test_media_remove_and_usage():
    owner = make_user("owner")
    status = post(owner.account)
    stale = [old_media(owner.account) for _ in range(3)]
    fresh = old_media(owner.account, days=1)
    attached = old_media(owner.account, status=status)
    assert "Would remove 3 unattached media" in run("media", "remove", "--dry-run")
    assert MediaAttachment.objects.count() == 5
    out = run("media", "remove")
    assert "Removed 3 unattached media" in out
    assert set(MediaAttachment.objects.values_list("id", flat=True)) == {fresh.id, attached.id}
    assert not any(MediaAttachment.objects.filter(pk=m.pk).exists() for m in stale)
    assert "Removed 1" in run("media", "remove", "--days", "0")
    out = run("media", "usage")
    assert "attachments: 1" in out and "custom emojis: 0" in out
    with pytest.raises(CommandError):
        run("media", "remove", "--days", "-1")


def test_media_remove_interrupted_then_resumed(monkeypatch):
    """An interrupted run leaves whole batches done; running again finishes the job."""
    owner = make_user("owner")
    for _ in range(5):
        old_media(owner.account)
    monkeypatch.setattr(maintenance, "BATCH", 2)
    calls = {"n": 0}
    real = maintenance._advance

    def interrupt_after_first_batch(progress, count=1):
        calls["n"] += 1
        real(progress, count)
        if calls["n"] == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "_advance", interrupt_after_first_batch)
    with pytest.raises(KeyboardInterrupt):
        run("media", "remove")
    assert MediaAttachment.objects.count() == 3  # the first batch of two is gone, consistently
    monkeypatch.setattr(maintenance, "_advance", real)
    assert "Removed 3 unattached media" in run("media", "remove")
    assert MediaAttachment.objects.count() == 0


def test_statuses_remove():
    assert "Nothing to do: there are no remote statuses" in run("statuses", "remove")
    far = remote_account()
    local = make_user("local")
    old = timezone.now() - timedelta(days=200)
    loose = Status.objects.create(account=far, text="old and alone", local=False, created_at=old)
    liked = Status.objects.create(account=far, text="old but liked", local=False, created_at=old)
    Favourite.objects.create(account=local.account, status=liked)
    recent = Status.objects.create(account=far, text="recent", local=False)
    mine = post(local.account, "local one")
    Status.objects.filter(pk=mine.pk).update(created_at=old)
    assert "Would remove 1" in run("statuses", "remove", "--dry-run")
    assert "Removed 1 unreferenced remote statuses" in run("statuses", "remove")
    assert set(Status.objects.values_list("id", flat=True)) == {liked.id, recent.id, mine.id}
    assert loose.id not in set(Status.objects.values_list("id", flat=True))
    assert "Nothing to do: every remote status is recent or referenced" in run("statuses", "remove")


def test_feeds_build_and_clear(api):
    from relationships.services import follow
    from feeds.store import HOME, feed_store

    reader, writer = make_user("reader"), make_user("writer")
    follow(reader.account, writer.account)
    status = post(writer.account, "in the feed")
    assert "Cleared the home and list feeds of 2" in run("feeds", "clear", "--all")
    assert feed_store().count(HOME, reader.account.id) == 0
    assert "Built the home and list feeds of 1" in run("feeds", "build", "reader")
    assert status.id in [int(i) for i in feed_store().ids(HOME, reader.account.id)]
    with pytest.raises(CommandError):
        run("feeds", "build")
    with pytest.raises(CommandError):
        run("feeds", "build", "nobody")


def test_cache_clear():
    cache.set("something", 1)
    assert "Cleared" in run("cache", "clear")
    assert cache.get("something") is None


def test_emoji_import_and_purge(tmp_path):
    folder = tmp_path / "emoji"
    folder.mkdir()
    (folder / "blobcat.png").write_bytes(PNG)
    (folder / "party-parrot.png").write_bytes(PNG)
    (folder / "notes.txt").write_text("not an image")
    assert "Imported 2, skipped 0" in run("emoji", "import", str(folder), "--category", "Cats")
    assert set(CustomEmoji.objects.values_list("shortcode", flat=True)) == {"blobcat", "party_parrot"}
    assert "Imported 0, skipped 2" in run("emoji", "import", str(folder))  # a re-run goes on
    archive = tmp_path / "pack.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("pack/wave.png", PNG)
    archive.write_bytes(buffer.getvalue())
    assert "Imported 1" in run("emoji", "import", str(archive), "--prefix", "x_")
    assert CustomEmoji.objects.filter(shortcode="x_wave", category=None).exists()
    with pytest.raises(CommandError):
        run("emoji", "import", str(folder / "notes.txt"))
    assert "Removed 0" in run("emoji", "purge", "--remote-only")
    assert "Removed 3" in run("emoji", "purge")
    assert not CustomEmoji.objects.exists()


def test_settings_registrations():
    assert "approval" in run("settings", "registrations", "approved").lower()
    assert SiteSettings.load().registrations_mode == "approved"
    run("settings", "registrations", "close")
    assert SiteSettings.load().registrations_mode == "none"
    run("settings", "registrations", "open")
    assert SiteSettings.load().registrations_mode == "open"
    assert AuditLogEntry.objects.filter(target_type="SiteSettings").count() == 3


def test_maintenance_fix_counts():
    author = make_user("author")
    status = post(author.account)
    Account.objects.filter(pk=author.account.pk).update(statuses_count=42, followers_count=7)
    Status.objects.filter(pk=status.pk).update(favourites_count=9)
    out = run("maintenance", "fix-counts")
    assert "Fixed the counters of 1 account(s) and 1 status(es)" in out
    author.account.refresh_from_db()
    assert (author.account.statuses_count, author.account.followers_count) == (1, 0)
    assert Status.objects.get(pk=status.pk).favourites_count == 0
    assert "of 0 account(s) and 0 status(es)" in run("maintenance", "fix-counts")  # idempotent


@pytest.fixture
def interrupt_after_first_batch(monkeypatch):
    """Batches of two, and a Ctrl-C once the first batch is done; returns the undo."""
    monkeypatch.setattr(maintenance, "BATCH", 2)
    real = maintenance._advance
    calls = {"n": 0}

    def interrupting(progress, count=1):
        calls["n"] += 1
        real(progress, count)
        if calls["n"] == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "_advance", interrupting)
    return lambda: monkeypatch.setattr(maintenance, "_advance", real)


def test_domains_purge_interrupted_then_resumed(interrupt_after_first_batch):
    for index in range(5):
        remote_account(f"far{index}", "gone.example")
    remote_account("stay", "kept.example")
    with pytest.raises(KeyboardInterrupt):
        run("domains", "purge", "gone.example")
    assert Account.objects.filter(domain="gone.example").count() == 3  # one whole batch deleted
    interrupt_after_first_batch()
    assert "Deleted 3 account(s)" in run("domains", "purge", "gone.example")
    assert list(Account.objects.filter(domain__isnull=False).values_list("username", flat=True)) == ["stay"]


def test_fix_counts_interrupted_then_resumed(interrupt_after_first_batch):
    authors = [make_user(f"writer{index}") for index in range(4)]
    for author in authors:
        post(author.account)
    Account.objects.filter(pk__in=[author.account.pk for author in authors]).update(statuses_count=9)
    with pytest.raises(KeyboardInterrupt):
        run("maintenance", "fix-counts")
    counts = sorted(Account.objects.filter(pk__in=[a.account.pk for a in authors]).values_list(
        "statuses_count", flat=True))
    assert counts == [1, 1, 9, 9]  # the first batch fixed and kept, the rest untouched
    interrupt_after_first_batch()
    assert "Fixed the counters of 2 account(s)" in run("maintenance", "fix-counts")
    assert set(Account.objects.values_list("statuses_count", flat=True)) == {1}


def test_statuses_remove_interrupted_then_resumed(interrupt_after_first_batch):
    far = remote_account()
    for index in range(5):
        status = Status.objects.create(account=far, text=f"old {index}", local=False, visibility="public",
                                       uri=f"https://remote.example/s/{index}")
        Status.objects.filter(pk=status.pk).update(created_at=timezone.now() - timedelta(days=100))
    with pytest.raises(KeyboardInterrupt):
        run("statuses", "remove")
    assert Status.objects.count() == 4  # each status is removed whole, one at a time
    interrupt_after_first_batch()
    run("statuses", "remove")
    assert Status.objects.count() == 0


def test_emoji_import_interrupted_then_resumed(tmp_path, interrupt_after_first_batch):
    folder = tmp_path / "pack"
    folder.mkdir()
    for name in ("one", "two", "three"):
        (folder / f"{name}.png").write_bytes(PNG)
    with pytest.raises(KeyboardInterrupt):
        run("emoji", "import", str(folder))
    assert CustomEmoji.objects.count() == 1  # each emoji is imported whole
    interrupt_after_first_batch()
    assert "Imported 2, skipped 1" in run("emoji", "import", str(folder))
    assert CustomEmoji.objects.count() == 3


def test_accounts_approve_interrupted_then_resumed(monkeypatch):
    from admin_api import services

    for index in range(3):
        make_user(f"waiting{index}", approved=False)
    real = services.approve
    calls = {"n": 0}

    def approve_then_stop(actor, account):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(actor, account)

    monkeypatch.setattr(services, "approve", approve_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run("accounts", "approve", "--all")
    assert User.objects.filter(approved=False).count() == 2  # the first approval kept
    monkeypatch.setattr(services, "approve", real)
    assert "Approved 2 account(s)" in run("accounts", "approve", "--all")
    assert not User.objects.filter(approved=False).exists()
