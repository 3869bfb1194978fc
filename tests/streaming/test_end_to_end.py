"""Posting, editing, deleting, following and blocking over the HTTP API, watched on real
WebSocket and SSE connections: each viewer gets what the REST API would show them, and
nothing it would hide (visibility, blocks both ways, mutes, domain blocks, filters)."""
import json

import pytest
from django.utils import timezone

from accounts.models import Account
from statuses.models import Status
from streaming import publish, render
from tests import factories
from tests.streaming.helpers import EventStream, db, next_event, nothing, open_socket, run, settle

pytestmark = pytest.mark.django_db(transaction=True)


class Person:
    def __init__(self, api, name, scopes="read write follow push"):
        self.api = api
        self.user = factories.make_user(name)
        # Signed in lately: home and list feeds are kept (and fanned out to) for active users.
        type(self.user).objects.filter(pk=self.user.pk).update(current_sign_in_at=timezone.now())
        self.account = self.user.account
        self.id = self.account.id
        self.token = factories.make_token(self.user, scopes=scopes)

    def call(self, method, path, data=None, **kwargs):
        response = self.api.request(method, path, data, token=self.token, **kwargs)
        assert response.status_code == 200, response.content
        return response.json()

    def post(self, text, **params):
        return self.call("POST", "/api/v1/statuses", {"status": text, **params})

    def follow(self, other):
        return self.call("POST", f"/api/v1/accounts/{other.id}/follow")

    def block(self, other):
        return self.call("POST", f"/api/v1/accounts/{other.id}/block")

    def mute(self, other):
        return self.call("POST", f"/api/v1/accounts/{other.id}/mute")


@pytest.fixture
def people(api):
    def make(*names, **kwargs):
        return [Person(api, name, **kwargs) for name in names]
    return make


def test_a_post_reaches_the_public_local_and_hashtag_streams(people):
    alice, bob = people("alice", "bob")

    async def scenario():
        socket = await open_socket(token=bob.token)
        for message in ({"type": "subscribe", "stream": "public"},
                        {"type": "subscribe", "stream": "public:local"},
                        {"type": "subscribe", "stream": "public:remote"},
                        {"type": "subscribe", "stream": "hashtag", "tag": "Python"},
                        {"type": "subscribe", "stream": "hashtag:local", "tag": "python"},
                        {"type": "subscribe", "stream": "public:media"}):
            await socket.send_json_to(message)
        await settle()
        posted = await db(alice.post, "I like #python")
        frames = [await next_event(socket) for _ in range(4)]
        assert sorted(tuple(frame["stream"]) for frame in frames) == [
            ("hashtag", "Python"), ("hashtag:local", "python"), ("public",), ("public:local",)]
        for frame in frames:
            assert frame["event"] == "update"
            assert frame["data"]["id"] == posted["id"]
            assert frame["data"]["favourited"] is False  # rendered for bob, a signed-in viewer
        assert await nothing(socket)  # not remote, no media
        await socket.disconnect()

    run(scenario)


def test_only_public_posts_reach_public_streams(people):
    alice, bob = people("alice", "bob")
    bob.follow(alice)

    async def scenario():
        stream = await EventStream("/api/v1/streaming/public", token=bob.token).open()
        hashtags = await EventStream("/api/v1/streaming/hashtag", token=bob.token, query="tag=news").open()
        for visibility in ("unlisted", "private", "direct"):
            await db(alice.post, f"#news {visibility}", visibility=visibility)
        assert await stream.nothing()
        assert await hashtags.nothing()
        public = await db(alice.post, "#news public")
        assert json.loads((await stream.next_event())[1])["id"] == public["id"]
        assert json.loads((await hashtags.next_event())[1])["id"] == public["id"]
        await stream.close()
        await hashtags.close()

    run(scenario)


def test_replies_to_others_skip_the_public_streams_but_not_hashtags(people):
    alice, bob = people("alice", "bob")
    original = bob.post("first")

    async def scenario():
        socket = await open_socket(token=bob.token)
        await socket.send_json_to({"type": "subscribe", "stream": "public"})
        await socket.send_json_to({"type": "subscribe", "stream": "hashtag", "tag": "topic"})
        await settle()
        reply = await db(alice.post, "@bob #topic answer", in_reply_to_id=original["id"])
        frame = await next_event(socket)
        assert frame["stream"] == ["hashtag", "topic"] and frame["data"]["id"] == reply["id"]
        assert await nothing(socket)
        own_thread = await db(alice.post, "more", in_reply_to_id=(await db(alice.post, "root"))["id"])
        ids = {(await next_event(socket))["data"]["id"] for _ in range(2)}
        assert own_thread["id"] in ids
        await socket.disconnect()

    run(scenario)


def test_blocks_either_way_and_mutes_keep_statuses_off_the_stream(people):
    alice, bob, carol, dave = people("alice", "bob", "carol", "dave")
    bob.block(alice)    # bob blocks the author
    alice.block(carol)  # the author blocks carol
    dave.mute(alice)    # dave mutes the author
    erin, = people("erin")

    async def scenario():
        streams = {person.user.account.username: await EventStream("/api/v1/streaming/public", token=person.token)
                   .open() for person in (bob, carol, dave, erin)}
        posted = await db(alice.post, "hello world")
        event, data = await streams["erin"].next_event()
        assert event == "update" and json.loads(data)["id"] == posted["id"]
        for name in ("bob", "carol", "dave"):
            assert await streams[name].nothing(), name
        # Deletes are ids only and go to everyone on the stream, as Mastodon's do.
        await db(alice.call, "DELETE", f"/api/v1/statuses/{posted['id']}")
        assert await streams["erin"].next_event() == ("delete", posted["id"])
        for stream in streams.values():
            await stream.close()

    run(scenario)


def test_a_status_mentioning_a_muted_account_is_not_shown(people):
    alice, bob, carol = people("alice", "bob", "carol")
    bob.mute(carol)

    async def scenario():
        stream = await EventStream("/api/v1/streaming/public", token=bob.token).open()
        await db(alice.post, "hey @carol")
        assert await stream.nothing()
        plain = await db(alice.post, "hey all")
        assert json.loads((await stream.next_event())[1])["id"] == plain["id"]
        await stream.close()

    run(scenario)


def remote_status(username="remote", domain="remote.example", **fields):
    account, _ = Account.objects.get_or_create(username=username, domain=domain,
                                               defaults={"uri": f"https://{domain}/users/{username}",
                                                         "url": f"https://{domain}/@{username}"})
    status = Status.objects.create(account=account, local=False, text="", content="<p>from afar</p>",
                                   uri=f"https://{domain}/statuses/{Status.objects.count() + 1}", **fields)
    return status


def test_remote_statuses_go_to_public_remote_and_domain_blocks_apply(people, api):
    bob, carol = people("bob", "carol")
    bob.call("POST", "/api/v1/domain_blocks", {"domain": "remote.example"})

    async def scenario():
        bobs = await EventStream("/api/v1/streaming/public/remote", token=bob.token).open()
        carols = await EventStream("/api/v1/streaming/public/remote", token=carol.token).open()
        carols_local = await EventStream("/api/v1/streaming/public/local", token=carol.token).open()
        status = await db(remote_status)
        await db(publish.publish_status, status)
        event, data = await carols.next_event()
        assert json.loads(data)["account"]["acct"] == "remote@remote.example"
        assert await bobs.nothing()
        assert await carols_local.nothing()
        for stream in (bobs, carols, carols_local):
            await stream.close()

    run(scenario)


def test_media_statuses_go_to_the_media_streams(people):
    alice, bob = people("alice", "bob")

    def post_with_media():
        from media_attachments.models import MediaAttachment

        status = Status.objects.create(account=alice.account, text="pic", content="<p>pic</p>")
        MediaAttachment.objects.create(account=alice.account, status=status, type="image", state="ready")
        return status

    async def scenario():
        media = await EventStream("/api/v1/streaming/public/local", token=bob.token, query="only_media=true").open()
        await db(alice.post, "no pictures")
        assert await media.nothing()
        status = await db(post_with_media)
        await db(publish.publish_status, status)
        assert json.loads((await media.next_event())[1])["id"] == str(status.id)
        await media.close()

    run(scenario)


def test_silenced_accounts_are_not_broadcast(people):
    alice, bob = people("alice", "bob")

    def silence():
        from django.utils import timezone

        Account.objects.filter(id=alice.id).update(silenced_at=timezone.now())

    async def scenario():
        stream = await EventStream("/api/v1/streaming/public", token=bob.token).open()
        await db(silence)
        await db(alice.post, "quiet")
        assert await stream.nothing()
        await stream.close()

    run(scenario)


def test_posts_reach_the_home_streams_of_the_author_and_followers_only(people):
    alice, follower, stranger = people("alice", "follower", "stranger")
    follower.follow(alice)

    async def scenario():
        sockets = {person: await open_socket("stream=user", token=person.token)
                   for person in (alice, follower, stranger)}
        for visibility in ("public", "private"):
            posted = await db(alice.post, f"{visibility} news", visibility=visibility)
            for person in (alice, follower):
                frame = await next_event(sockets[person])
                assert frame == {**frame, "stream": ["user"], "event": "update"}
                assert frame["data"]["id"] == posted["id"]
                assert frame["data"]["visibility"] == visibility
            assert await nothing(sockets[stranger])
        for socket in sockets.values():
            assert await nothing(socket, 0.05)
            await socket.disconnect()

    run(scenario)


def test_a_home_update_the_viewer_may_not_see_is_not_sent(people):
    """Should the fan-out ever publish to the wrong feed, the stream still checks."""
    alice, stranger = people("alice", "stranger")

    async def scenario():
        socket = await open_socket("stream=user", token=stranger.token)
        private = await db(alice.post, "followers only", visibility="private")
        direct = await db(alice.post, "@follower just you", visibility="direct")
        for status in (private, direct):
            await db(publish.publish_to_home, stranger.id, int(status["id"]))
        assert await nothing(socket)
        await socket.disconnect()

    run(scenario)


def test_direct_messages_reach_the_recipients_direct_stream_only(people):
    alice, bob, carol = people("alice", "bob", "carol")

    async def scenario():
        bobs = await EventStream("/api/v1/streaming/direct", token=bob.token).open()
        carols = await open_socket("stream=direct", token=carol.token)
        carols_home = await open_socket("stream=user", token=carol.token)
        direct = await db(alice.post, "@bob secret", visibility="direct")
        event, data = await bobs.next_event()
        assert event == "conversation"
        conversation = json.loads(data)
        assert conversation["last_status"]["id"] == direct["id"]
        assert [account["id"] for account in conversation["accounts"]] == [str(alice.id)]
        assert await nothing(carols)
        assert await nothing(carols_home)
        await bobs.close()
        await carols.disconnect()
        await carols_home.disconnect()

    run(scenario)


def test_edits_send_status_update_rendered_for_each_viewer(people):
    alice, bob, carol = people("alice", "bob", "carol")
    bob.follow(alice)
    carol.follow(alice)
    posted = alice.post("first version")
    bob.call("POST", f"/api/v1/statuses/{posted['id']}/favourite")

    async def scenario():
        bobs = await open_socket("stream=user", token=bob.token)
        carols = await EventStream("/api/v1/streaming/public", token=carol.token).open()
        await db(alice.call, "PUT", f"/api/v1/statuses/{posted['id']}", {"status": "second version"})
        frame = await next_event(bobs)
        assert frame["event"] == "status.update"
        assert frame["data"]["id"] == posted["id"]
        assert "second version" in frame["data"]["content"]
        assert frame["data"]["favourited"] is True
        event, data = await carols.next_event()
        assert event == "status.update"
        assert json.loads(data)["favourited"] is False
        await bobs.disconnect()
        await carols.close()

    run(scenario)


def test_deleting_over_http_sends_delete_to_public_and_followers_streams(people):
    alice, bob = people("alice", "bob")
    bob.follow(alice)
    posted = alice.post("soon gone")

    async def scenario():
        bobs_home = await EventStream("/api/v1/streaming/user", token=bob.token).open()
        publics = await open_socket("stream=public:local", token=bob.token)
        await db(alice.call, "DELETE", f"/api/v1/statuses/{posted['id']}")
        assert await bobs_home.next_event() == ("delete", posted["id"])
        frame = await next_event(publics)
        assert frame == {"stream": ["public:local"], "event": "delete", "payload": posted["id"]}
        await bobs_home.close()
        await publics.disconnect()

    run(scenario)


def test_filters_hide_or_mark_statuses_per_viewer(people):
    alice, bob, carol = people("alice", "bob", "carol")
    bob.call("POST", "/api/v2/filters", {"title": "spoilers", "context": ["public"], "filter_action": "hide",
                                         "keywords_attributes": [{"keyword": "spoiler"}]}, format="json")
    carol.call("POST", "/api/v2/filters", {"title": "careful", "context": ["public"], "filter_action": "warn",
                                           "keywords_attributes": [{"keyword": "spoiler"}]}, format="json")

    async def scenario():
        bobs = await EventStream("/api/v1/streaming/public", token=bob.token).open()
        carols = await open_socket("stream=public", token=carol.token)
        posted = await db(alice.post, "a spoiler ahead")
        assert await bobs.nothing()
        frame = await next_event(carols)
        assert frame["data"]["id"] == posted["id"]
        assert [result["filter"]["title"] for result in frame["data"]["filtered"]] == ["careful"]
        assert frame["data"]["filtered"][0]["keyword_matches"] == ["spoiler"]
        await bobs.close()
        await carols.disconnect()

    run(scenario)


def test_changing_filters_sends_filters_changed_without_payload(people):
    bob, = people("bob")

    async def scenario():
        socket = await open_socket("stream=user", token=bob.token)
        await db(bob.call, "POST", "/api/v2/filters", {"title": "x", "context": ["home"],
                                                       "keywords_attributes": [{"keyword": "x"}]}, format="json")
        assert json.loads(await socket.receive_from()) == {"stream": ["user"], "event": "filters_changed"}
        await socket.disconnect()

    run(scenario)


def test_mentions_notify_on_user_and_user_notification_streams(people):
    alice, bob = people("alice", "bob")
    statuses_only = factories.make_token(bob.user, scopes="read:statuses")

    async def scenario():
        user = await open_socket("stream=user", token=bob.token)
        notifications = await EventStream("/api/v1/streaming/user/notification", token=bob.token).open()
        no_notifications = await open_socket("stream=user", token=statuses_only)
        posted = await db(alice.post, "hi @bob")
        frame = await next_event(user)
        assert frame["stream"] == ["user"] and frame["event"] == "notification"
        assert frame["data"]["type"] == "mention"
        assert frame["data"]["status"]["id"] == posted["id"]
        event, data = await notifications.next_event()
        assert event == "notification" and json.loads(data)["account"]["id"] == str(alice.id)
        assert await nothing(no_notifications)
        await user.disconnect()
        await notifications.close()
        await no_notifications.disconnect()

    run(scenario)


def test_a_blocked_accounts_notification_or_status_is_not_streamed(people):
    alice, bob = people("alice", "bob")
    bob.block(alice)

    async def scenario():
        user = await open_socket("stream=user", token=bob.token)
        posted = await db(alice.post, "hi @bob")
        await db(publish.publish_to_home, bob.id, int(posted["id"]))
        assert await nothing(user)
        await user.disconnect()

    run(scenario)


def test_list_streams_are_for_their_owner(people):
    alice, bob, carol = people("alice", "bob", "carol")
    bob.follow(alice)
    the_list = bob.call("POST", "/api/v1/lists", {"title": "friends"})
    bob.call("POST", f"/api/v1/lists/{the_list['id']}/accounts", {"account_ids[]": [alice.id]})

    async def scenario():
        stream = await EventStream("/api/v1/streaming/list", token=bob.token, query=f"list={the_list['id']}").open()
        assert stream.status == 200
        refused = await EventStream("/api/v1/streaming/list", token=carol.token,
                                    query=f"list={the_list['id']}").open()
        assert refused.status == 401 and refused.json() == {"error": "Not authorized to stream this list"}
        socket = await open_socket(token=bob.token)
        await socket.send_json_to({"type": "subscribe", "stream": "list", "list": the_list["id"]})
        await settle()
        posted = await db(alice.post, "for my followers", visibility="private")
        assert json.loads((await stream.next_event())[1])["id"] == posted["id"]
        frame = await next_event(socket)
        assert frame["stream"] == ["list", the_list["id"]] and frame["data"]["id"] == posted["id"]
        await db(alice.call, "DELETE", f"/api/v1/statuses/{posted['id']}")
        assert await stream.next_event() == ("delete", posted["id"])
        assert (await next_event(socket))["event"] == "delete"
        assert await nothing(socket)
        await stream.close()
        await socket.disconnect()

    run(scenario)


def test_conversations_render_through_the_registered_renderer(people):
    alice, bob = people("alice", "bob")
    seen = []

    def conversation(viewer, conversation_id, filter_context):
        seen.append(viewer.account_id)
        return {"id": str(conversation_id), "unread": True, "accounts": [], "last_status": None}

    async def scenario():
        socket = await open_socket("stream=direct", token=bob.token)
        await db(publish.publish_conversation, bob.id, 42)
        frame = await next_event(socket)
        assert frame["stream"] == ["direct"] and frame["event"] == "conversation"
        assert frame["data"]["id"] == "42"
        assert seen == [bob.id]
        await socket.disconnect()

    previous = render.RENDERERS.get("conversation")
    render.register("conversation", conversation)
    try:
        run(scenario)
    finally:
        render.unregister("conversation")
        if previous is not None:
            render.register("conversation", previous)


def test_announcement_events_reach_every_user_stream(people):
    alice, bob = people("alice", "bob")

    async def scenario():
        sockets = [await open_socket("stream=user", token=person.token) for person in (alice, bob)]
        await db(publish.publish_announcement_reaction, 7, "👍", 2)
        await db(publish.publish_announcement_delete, 7)
        for socket in sockets:
            frame = await next_event(socket)
            assert frame["event"] == "announcement.reaction"
            assert frame["data"] == {"name": "👍", "count": 2, "announcement_id": "7"}
            assert await next_event(socket) == {"stream": ["user"], "event": "announcement.delete", "payload": "7"}
            await socket.disconnect()

    run(scenario)
