"""streaming.publish: events leave only after the transaction commits, never raise into
the caller, and go to the groups Mastodon would publish them to."""
import json

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from fedi.text import normalize_hashtag
from statuses.models import Status
from streaming import groups, publish, render
from tags.models import Tag
from tests import factories
from tests.streaming.helpers import EventStream, db, next_event, nothing, open_socket, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alice():
    return factories.make_user("alice")


@pytest.fixture
def alice_token(alice):
    return factories.make_token(alice)


def status_with(account, text="x", tags=(), **fields):
    status = Status.objects.create(account=account, text=text, content=f"<p>{text}</p>", **fields)
    for name in tags:
        tag, _ = Tag.objects.get_or_create(normalized=normalize_hashtag(name), defaults={"name": name})
        status.tags.add(tag)
    return status


def test_public_groups_follow_mastodons_broadcast_rules(alice):
    account = alice.account
    assert publish.public_groups(status_with(account, tags=["Cats"])) == [
        "timeline.hashtag.cats", "timeline.hashtag.cats.local", "timeline.public", "timeline.public.local"]
    for visibility in ("unlisted", "private", "direct"):
        assert publish.public_groups(status_with(account, tags=["cats"], visibility=visibility)) == []
    original = status_with(account)
    assert publish.public_groups(status_with(account, reblog_of=original)) == []
    other = factories.make_user("other").account
    reply = status_with(account, tags=["cats"], in_reply_to=status_with(other), in_reply_to_account=other)
    assert publish.public_groups(reply) == ["timeline.hashtag.cats", "timeline.hashtag.cats.local"]
    self_reply = status_with(account, in_reply_to=original, in_reply_to_account=account)
    assert publish.public_groups(self_reply) == ["timeline.public", "timeline.public.local"]
    remote = Account.objects.create(username="far", domain="far.example")
    assert publish.public_groups(status_with(remote, tags=["cats"], local=False)) == [
        "timeline.hashtag.cats", "timeline.public", "timeline.public.remote"]
    Account.objects.filter(pk=account.pk).update(silenced_at=timezone.now())
    account.refresh_from_db()
    silenced = status_with(account)
    assert publish.public_groups(silenced) == []
    assert publish.public_groups(silenced, deleting=True) == ["timeline.public", "timeline.public.local"]


def test_group_names_are_valid_for_every_hashtag():
    from channels.layers import BaseChannelLayer

    layer = BaseChannelLayer()
    for tag in ("cats", "Cats", "#cats", "日本語", "café", "Ünïcödé_tag", "x" * 200):
        name = groups.hashtag(tag, local=True)
        assert layer.require_valid_group_name(name)
    assert groups.hashtag("CAFÉ") == groups.hashtag("café") != groups.hashtag("cafe")
    assert groups.hashtag("#Cats") == groups.hashtag("cats") == "timeline.hashtag.cats"


def test_unicode_hashtags_stream(alice, alice_token):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/hashtag", token=alice_token, query="tag=%E6%97%A5%E6%9C%AC").open()
        status = await db(status_with, alice.account, tags=["日本"])
        await db(publish.publish_status, status)
        event, _ = await stream.next_event()
        assert event == "update"
        await stream.close()

    run(scenario)


def test_events_leave_only_after_commit_and_not_at_all_on_rollback(alice, alice_token):
    def rolled_back():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                publish.publish_filters_changed(alice.account.id)
                raise RuntimeError("rolled back")

    async def scenario():
        socket = await open_socket("stream=user", token=alice_token)
        await db(rolled_back)
        assert await nothing(socket)

        def committed():
            with transaction.atomic():
                publish.publish_filters_changed(alice.account.id)
                # Still inside the transaction: waiting for the commit.
                assert queued_on_commit()
            return True

        await db(committed)
        assert (await next_event(socket))["event"] == "filters_changed"
        await socket.disconnect()

    run(scenario)


def test_deleting_a_direct_message_tells_only_its_participants(alice, alice_token):
    """A follower's stream never hears of a DM (not even its id and time when deleted);
    a followers-only post's deletion reaches followers but not other lists' owners."""
    from relationships.models import Follow
    from relationships.services import follow
    from statuses.models import Mention
    from feeds.models import List, ListAccount

    follower, mentioned, stranger = (factories.make_user(name) for name in ("follower", "mentioned", "stranger"))
    follower_token, mentioned_token = factories.make_token(follower), factories.make_token(mentioned)
    follow(follower.account, alice.account)
    follow(stranger.account, alice.account)
    lst = List.objects.create(account=follower.account, title="friends")
    ListAccount.objects.create(list=lst, account=alice.account)
    strangers_list = List.objects.create(account=stranger.account, title="gone")
    ListAccount.objects.create(list=strangers_list, account=alice.account)
    Follow.objects.filter(account=stranger.account).delete()  # unfollowed, the list row left over

    def dm():
        status = status_with(alice.account, "@mentioned secret", visibility="direct")
        Mention.objects.create(status=status, account=mentioned.account)
        return status

    def targets_of(status):
        sent = []
        original = publish.after_commit
        publish.after_commit = lambda build: sent.extend(group for group, _ in build())
        try:
            publish.publish_delete(status)
        finally:
            publish.after_commit = original
        return sent

    direct, private = dm(), status_with(alice.account, "followers only", visibility="private")
    assert sorted(targets_of(direct)) == sorted([
        groups.user(alice.account.id), groups.user(mentioned.account.id),
        groups.direct(alice.account.id), groups.direct(mentioned.account.id)])
    assert groups.list_(strangers_list.id) not in targets_of(private)
    assert groups.list_(lst.id) in targets_of(private) and groups.user(follower.account.id) in targets_of(private)

    async def scenario():
        home = await open_socket("stream=user", token=follower_token)
        listed = await open_socket(f"stream=list&list={lst.id}", token=follower_token)
        theirs = await open_socket("stream=user", token=mentioned_token)
        status = await db(dm)
        await db(lambda: Status.objects.filter(pk=status.pk).delete())
        assert await next_event(theirs) == {"stream": ["user"], "event": "delete", "payload": str(status.id)}
        assert await nothing(home) and await nothing(listed)
        public = await db(status_with, alice.account, "for all")
        await db(lambda: Status.objects.filter(pk=public.pk).delete())
        assert await next_event(home) == {"stream": ["user"], "event": "delete", "payload": str(public.id)}
        for socket in (home, listed, theirs):
            await socket.disconnect()

    run(scenario)


def queued_on_commit():
    """Whether transaction.on_commit holds a callback (not run yet)."""
    from django.db import connection

    return bool(connection.run_on_commit)


def test_publishing_never_raises(alice):
    publish.publish_status(999999999)  # no such status
    publish.publish_status_update(999999999)
    publish.publish_delete(999999999)
    publish.publish_to_home(alice.account.id, 999999999)
    publish.publish_notification(999999, recipient_id=alice.account.id)
    publish.publish_conversation(alice.account.id, 999999)
    publish.publish_announcement(5)
    publish.publish_to_user(alice.account.id, "custom", lambda: 1 / 0)  # a failing builder is logged


def test_a_failing_renderer_skips_the_event_and_keeps_the_connection(alice, alice_token):
    def broken(viewer, object_id, filter_context):
        raise ValueError("boom")

    async def scenario():
        socket = await open_socket("stream=user", token=alice_token)
        await db(publish.publish_announcement, 1)
        assert await nothing(socket)
        await db(publish.publish_to_user, alice.account.id, "custom", {"a": 1})
        frame = json.loads(await socket.receive_from())
        assert frame == {"stream": ["user"], "event": "custom", "payload": '{"a":1}'}
        await socket.disconnect()

    previous = render.RENDERERS.get("announcement")  # the announcements app's (apps.py)
    render.register("announcement", broken)
    try:
        run(scenario)
    finally:
        render.unregister("announcement")
        if previous is not None:
            render.register("announcement", previous)


def test_deleting_a_status_row_publishes_delete_wherever_it_was(alice, alice_token):
    follower = factories.make_user("follower")
    follower_token = factories.make_token(follower)
    from relationships.services import follow

    follow(follower.account, alice.account)

    async def scenario():
        home = await open_socket("stream=user", token=follower_token)
        tagged = await EventStream("/api/v1/streaming/hashtag/local", token=alice_token, query="tag=gone").open()
        status = await db(status_with, alice.account, tags=["gone"])
        await db(lambda: Status.objects.filter(pk=status.pk).delete())
        assert await tagged.next_event() == ("delete", str(status.id))
        assert await next_event(home) == {"stream": ["user"], "event": "delete", "payload": str(status.id)}
        await home.disconnect()
        await tagged.close()

    run(scenario)
