"""The home timeline: fan-out on write into precomputed feeds (both stores), the
receiver's rules, relationships changing, deletes, returning users, pagination, queries."""
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from statuses.models import Status
from statuses.services.posting import create_status
from tags.models import TagFollow
from tests.timelines.feeds_helpers import (Person, act, alice, api, bob, carol, committing, dave,  # noqa: F401
                                           delete_status, follow, get, home, home_feed, ids, links, person, post,
                                           query_of, remote, status_action, store)
from feeds import fanout
from feeds.store import HOME, MAX_ITEMS, feed_store


def test_followers_get_new_posts_others_do_not(api, store, alice, bob, carol):
    follow(api, bob, alice)
    status = post(api, alice, "Hi followers")
    assert home_feed(bob) == [status["id"]]  # put there by fan-out, not by a rebuild
    assert home_feed(carol) == []
    assert home(api, bob) == [status["id"]]
    assert home(api, carol) == []
    assert home(api, alice) == [status["id"]]  # one's own posts are in one's home


def test_visibilities(api, store, alice, bob, carol, dave):
    follow(api, bob, alice)
    public = post(api, alice, "public")
    unlisted = post(api, alice, "unlisted", visibility="unlisted")
    private = post(api, alice, "followers only", visibility="private")
    assert home(api, bob) == [private["id"], unlisted["id"], public["id"]]
    assert home(api, carol) == []
    # Direct: the author's home and mentioned accounts that follow the author, nobody else.
    follow(api, carol, alice)
    direct = post(api, alice, "@bob @dave psst", visibility="direct")
    assert home(api, alice)[0] == direct["id"]
    assert home(api, bob)[0] == direct["id"]
    assert direct["id"] not in home(api, carol)  # follows, not mentioned
    assert direct["id"] not in home(api, dave)   # mentioned, does not follow


def test_private_post_of_someone_unfollowed_later_is_not_shown(api, store, alice, bob):
    follow(api, bob, alice)
    private = post(api, alice, "followers only", visibility="private")
    assert home(api, bob) == [private["id"]]
    act(api, bob, alice, "unfollow")
    assert home_feed(bob) == []
    assert home(api, bob) == []


def test_following_brings_recent_posts_in_and_unfollowing_takes_them_out(api, store, alice, bob, carol):
    older = [post(api, alice, f"post {n}") for n in range(3)]
    private = post(api, alice, "followers only", visibility="private")
    direct = post(api, alice, "@carol hi", visibility="direct")
    mine = post(api, bob, "my own")
    follow(api, bob, alice)
    assert home(api, bob) == [mine["id"], private["id"]] + [status["id"] for status in reversed(older)]
    assert direct["id"] not in home_feed(bob)
    act(api, bob, alice, "unfollow")
    assert home(api, bob) == [mine["id"]]
    assert home_feed(bob) == [mine["id"]]


def test_deleted_status_leaves_every_feed(api, store, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, carol, alice)
    keep = post(api, alice, "stays")
    gone = post(api, alice, "goes")
    assert home_feed(bob) == [gone["id"], keep["id"]]
    delete_status(api, alice, gone)
    for who in (alice, bob, carol):
        assert home_feed(who) == [keep["id"]]
        assert home(api, who) == [keep["id"]]


def test_muted_and_blocked_authors(api, store, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, bob, carol)
    from_alice = post(api, alice, "before the mute")
    act(api, bob, alice, "mute")
    assert from_alice["id"] not in home_feed(bob)  # muting clears them out
    post(api, alice, "while muted")
    assert home(api, bob) == []
    act(api, bob, alice, "unmute")
    later = post(api, alice, "after the unmute")
    assert home(api, bob) == [later["id"]]
    from_carol = post(api, carol, "hello")
    act(api, carol, bob, "block")  # carol blocks bob: bob's follow goes, and the posts
    assert from_carol["id"] not in home(api, bob)
    # A post mentioning someone bob blocks stays out of bob's home.
    act(api, bob, carol, "block")
    mentioning = post(api, alice, "@carol look")
    assert mentioning["id"] not in home_feed(bob)
    assert home(api, bob) == [later["id"]]


def test_statuses_hidden_later_are_filtered_when_read(api, store, alice, bob, carol):
    """Feeds are not trusted: blocks, mutes and visibility apply again at read time."""
    follow(api, bob, alice)
    status = post(api, alice, "hello")
    from relationships.models import Mute

    Mute.objects.create(account=bob.account, target_account=alice.account)  # no clean-up ran
    assert status["id"] in home_feed(bob)
    assert home(api, bob) == []
    Mute.objects.all().update(expires_at=timezone.now() - timedelta(minutes=1))  # expired: no mute
    assert home(api, bob) == [status["id"]]
    from relationships.models import Block

    Block.objects.create(account=alice.account, target_account=bob.account)
    assert home(api, bob) == []


def test_show_reblogs_false_hides_reblogs(api, store, alice, bob, carol, person):
    frank, erin = person("frank"), person("erin")
    follow(api, bob, alice, reblogs="false")
    follow(api, bob, carol)
    original = post(api, carol, "original")
    other = post(api, frank, "by someone else")
    status_action(api, alice, original, "reblog")
    reblog = status_action(api, alice, other, "reblog")
    assert reblog["id"] not in home_feed(bob)
    mine = post(api, alice, "alice's own")
    assert home(api, bob) == [mine["id"], original["id"]]
    # Changing the option later hides reblogs already in the feed too.
    follow(api, bob, alice, reblogs="true")
    boosted = status_action(api, alice, post(api, erin, "more"), "reblog")
    assert home(api, bob)[0] == boosted["id"]
    follow(api, bob, alice, reblogs="false")
    assert boosted["id"] not in home(api, bob)


def test_reblog_of_a_status_already_in_the_feed_is_not_shown_twice(api, store, alice, bob, carol, dave, person):
    for target in (alice, carol, dave):
        follow(api, bob, target)
    original = post(api, alice, "original")
    first = status_action(api, carol, original, "reblog")
    assert first["id"] not in home_feed(bob)  # the original is near the top
    assert home(api, bob) == [original["id"]]
    outsider = post(api, person("gina"), "not followed")
    shown = status_action(api, carol, outsider, "reblog")
    extra = status_action(api, dave, outsider, "reblog")
    assert home(api, bob)[:1] == [shown["id"]]
    assert extra["id"] not in home(api, bob)
    # The shown reblog withdrawn: the held-back one takes its place.
    status_action(api, carol, outsider, "unreblog")
    assert home(api, bob)[:1] == [extra["id"]]
    # A status whose reblog is already there is not inserted again either.
    late = post(api, person("hank"), "late")
    status_action(api, dave, late, "reblog")
    top = home_feed(bob)[0]
    fanout.insert_into_home(int(late["id"]), [bob.id])
    assert home_feed(bob)[0] == top


def test_follow_languages(api, store, alice, bob):
    follow(api, bob, alice, **{"languages[]": ["de"]})
    post(api, alice, "Hello", language="en")
    german = post(api, alice, "Hallo", language="de")
    unknown = post(api, alice, "???")
    assert unknown["language"] is None
    assert home(api, bob) == [unknown["id"], german["id"]]


def test_replies_need_a_follow_of_the_account_replied_to(api, store, alice, bob, carol):
    follow(api, bob, alice)
    to_carol = post(api, carol, "carol's")
    reply_to_carol = post(api, alice, "@carol yes", in_reply_to_id=to_carol["id"])
    assert reply_to_carol["id"] not in home_feed(bob)
    to_bob = post(api, bob, "bob's")
    reply_to_bob = post(api, alice, "@bob sure", in_reply_to_id=to_bob["id"])
    thread = post(api, alice, "thread")
    self_reply = post(api, alice, "continued", in_reply_to_id=thread["id"])
    assert home(api, bob) == [self_reply["id"], thread["id"], reply_to_bob["id"], to_bob["id"]]
    follow(api, bob, carol)
    reply_again = post(api, alice, "@carol and again", in_reply_to_id=to_carol["id"])
    assert home(api, bob)[0] == reply_again["id"]


def test_exclusive_list_keeps_members_out_of_home(api, store, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, bob, carol)
    response = api.post("/api/v1/lists", {"title": "Alice only", "exclusive": "true"}, token=bob.token)
    assert response.status_code == 200, response.content
    list_id = response.json()["id"]
    assert api.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [alice.id]},
                    token=bob.token).status_code == 200
    from_alice = post(api, alice, "for the list")
    from_carol = post(api, carol, "for home")
    assert home(api, bob) == [from_carol["id"]]
    listed = get(api, bob, f"/api/v1/timelines/list/{list_id}")
    assert ids(listed) == [from_alice["id"]]


def test_followed_hashtags_bring_public_posts_in(api, store, alice, bob, carol, dave):
    earlier = post(api, carol, "before the follow #cats")
    assert api.post("/api/v1/tags/cats/follow", token=bob.token).status_code == 200
    assert home(api, bob) == [earlier["id"]]  # following a tag merges its recent posts
    tagged = post(api, alice, "look #cats")
    post(api, alice, "unlisted #cats", visibility="unlisted")
    post(api, alice, "no tag")
    assert home(api, bob) == [tagged["id"], earlier["id"]]
    act(api, bob, alice, "mute")
    post(api, alice, "more #cats")
    assert home(api, bob) == [earlier["id"]]
    # Unfollowing the tag takes out what came only through it.
    follow(api, bob, carol)
    from_followed = post(api, carol, "#cats from someone bob follows")
    also_dogs = post(api, dave, "#cats #dogs")
    assert api.post("/api/v1/tags/dogs/follow", token=bob.token).status_code == 200
    assert api.post("/api/v1/tags/cats/unfollow", token=bob.token).status_code == 200
    assert home(api, bob) == [also_dogs["id"], from_followed["id"], earlier["id"]]


def test_remote_reblogs_from_blocked_domains(api, store, alice, bob, remote, committing):
    stranger = remote("stranger", "bad.example")
    with committing(), transaction.atomic():
        remote_status = create_status(stranger, text="from afar", spoiler_text="", visibility="public",
                                      sensitive=False, language=None)
    follow(api, bob, alice)
    assert api.post("/api/v1/domain_blocks", {"domain": "bad.example"}, token=bob.token).status_code == 200
    reblog = status_action(api, alice, str(remote_status.id), "reblog")
    assert reblog["id"] not in home_feed(bob)
    mine = post(api, alice, "mine")
    assert home(api, bob) == [mine["id"]]


def test_feed_is_capped(store, alice):
    statuses = Status.objects.bulk_create([Status(account=alice.account, text=f"{n}", content=f"<p>{n}</p>")
                                           for n in range(MAX_ITEMS + 5)])
    ordered = sorted(status.id for status in statuses)
    for status_id in ordered:
        store.add(HOME, alice.id, status_id)
    assert store.count(HOME, alice.id) == MAX_ITEMS
    assert store.ids(HOME, alice.id) == ordered[::-1][:MAX_ITEMS]
    assert store.page(HOME, alice.id, limit=2, max_id=ordered[-1]) == [ordered[-2], ordered[-3]]
    assert store.page(HOME, alice.id, limit=2, min_id=ordered[-4]) == [ordered[-2], ordered[-3]]
    assert store.page(HOME, alice.id, limit=5, since_id=ordered[-3]) == [ordered[-1], ordered[-2]]


def test_inactive_users_are_skipped_and_rebuilt_when_they_return(api, store, alice, bob, carol, person):
    follow(api, bob, alice)
    follow(api, bob, carol, reblogs="false")
    bob.set_last_sign_in(timezone.now() - timedelta(days=30))
    first = post(api, alice, "while bob is away")
    reply = post(api, carol, "@alice a reply to someone bob follows", in_reply_to_id=first["id"])
    status_action(api, carol, first, "reblog")
    other = post(api, person("ivan"), "outside")
    post(api, alice, "@ivan reply to a stranger", in_reply_to_id=other["id"])
    post(api, alice, "@carol private word", visibility="direct")
    assert home_feed(bob) == []  # fan-out skipped an inactive user
    assert home(api, bob) == [reply["id"], first["id"]]  # coming back rebuilt the feed from the database
    bob.user.refresh_from_db()
    assert bob.user.current_sign_in_at > timezone.now() - timedelta(minutes=1)
    later = post(api, alice, "bob is back")
    assert home_feed(bob)[0] == later["id"]  # and fan-out reaches them again


def test_clean_inactive_feeds(api, store, alice, bob):
    follow(api, bob, alice)
    status = post(api, alice, "hello")
    assert home_feed(bob) == [status["id"]]
    bob.set_last_sign_in(timezone.now() - fanout.ACTIVE_DURATION - timedelta(hours=1))
    assert fanout.clean_inactive_feeds() == 1
    assert home_feed(bob) == []
    assert home_feed(alice) == [status["id"]]
    assert home(api, bob) == [status["id"]]


def test_pagination(api, store, alice, bob):
    follow(api, bob, alice)
    posted = [post(api, alice, f"post {n}")["id"] for n in range(7)][::-1]  # newest first
    first = get(api, bob, "/api/v1/timelines/home", {"limit": 3})
    assert ids(first) == posted[:3]
    nav = links(first)
    assert query_of(nav["next"])["max_id"] == posted[2]
    assert query_of(nav["prev"])["min_id"] == posted[0]
    assert nav["next"].startswith("http") and "limit=3" in nav["next"]
    second = get(api, bob, "/api/v1/timelines/home", query_of(nav["next"]))
    assert ids(second) == posted[3:6]
    last = get(api, bob, "/api/v1/timelines/home", query_of(links(second)["next"]))
    assert ids(last) == posted[6:]
    assert "next" not in links(last)
    assert home(api, bob, min_id=posted[5], limit=2) == posted[3:5]
    assert home(api, bob, since_id=posted[5], limit=2) == posted[:2]
    assert home(api, bob, min_id=posted[5], max_id=posted[1]) == posted[2:5]
    assert home(api, bob, max_id=posted[-1]) == []
    assert "Link" not in get(api, bob, "/api/v1/timelines/home", {"max_id": posted[-1]})
    assert len(home(api, bob, limit=1000)) == 7
    assert get(api, bob, "/api/v1/timelines/home", {"max_id": "abc"}, status=400)


def test_page_is_filled_past_entries_filtered_out(api, store, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, bob, carol)
    from_alice = [post(api, alice, f"a{n}")["id"] for n in range(3)]
    for n in range(4):
        post(api, carol, f"c{n}")
    from relationships.models import Mute

    Mute.objects.create(account=bob.account, target_account=carol.account)  # hidden only at read time
    assert home(api, bob, limit=3) == from_alice[::-1]


def test_access(api, alice):
    assert api.get("/api/v1/timelines/home").status_code == 401
    from tests.factories import make_token

    app_token = make_token(None)
    assert api.get("/api/v1/timelines/home", token=app_token).status_code == 422
    write_only = make_token(alice.user, scopes="write")
    assert api.get("/api/v1/timelines/home", token=write_only).status_code == 403
    statuses_only = make_token(alice.user, scopes="read:statuses")
    assert api.get("/api/v1/timelines/home", token=statuses_only).status_code == 200


@pytest.mark.parametrize("count", [5, 40])
def test_query_count_is_constant(api, store, alice, bob, carol, person, count, django_assert_max_num_queries):
    follow(api, bob, alice)
    follow(api, bob, carol)
    for n in range(count):
        status = post(api, alice if n % 2 else carol, f"post {n} @dave #tag{n % 3}")
        if n % 5 == 0:
            status_action(api, bob, status, "favourite")
    status_action(api, carol, post(api, person("judy"), "boosted"), "reblog")
    home(api, bob)  # sign-in bookkeeping done
    with django_assert_max_num_queries(16):
        response = get(api, bob, "/api/v1/timelines/home", {"limit": 40})
    assert len(response.json()) == min(count + 1, 40)


# --- A real Celery worker (the PostgreSQL + Redis run) ---------------------------------------

@pytest.mark.skipif(not settings.REDIS_URL or connection.vendor != "postgresql",
                    reason="needs PostgreSQL and Redis (production wiring)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_fan_out_through_a_real_worker(tmp_path, api):
    from fedi.celery import app as celery_app

    alice, bob = Person("alice"), Person("bob")
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@{database['HOST'] or '127.0.0.1'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="0", DATABASE_URL=url)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fedi", "worker", "--pool", "solo", "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        env=env, stdout=open(tmp_path / "worker.log", "w"), stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        follow(api, bob, alice)

        def wait_for(condition):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not condition():
                time.sleep(0.2)
            assert condition(), (tmp_path / "worker.log").read_text()[-3000:]

        status = post(api, alice, "through the worker")
        wait_for(lambda: home_feed(bob) == [status["id"]])
        delete_status(api, alice, status)
        wait_for(lambda: home_feed(bob) == [])
    finally:
        celery_app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_home_and_list_insertions_are_streamed(api, store, alice, bob):
    import asyncio
    import threading

    from channels.layers import get_channel_layer

    from streaming import groups
    from streaming.hub import hub_for

    follow(api, bob, alice)
    response = api.post("/api/v1/lists", {"title": "L"}, token=bob.token)
    list_id = int(response.json()["id"])
    assert api.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [alice.id]},
                    token=bob.token).status_code == 200
    layer = get_channel_layer()
    names = [groups.user(bob.id), groups.list_(list_id), groups.user(alice.id)]

    class Listener:
        """What a streaming connection is to its process's hub (streaming.hub)."""

        def __init__(self):
            self.inbox = asyncio.Queue()

        def hub_event(self, message):
            self.inbox.put_nowait(message)

    # The listener's event loop runs on while the test posts (in its own thread, with the
    # test's database connection), as a web process's does.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    listener = Listener()

    async def join():
        listener.hub = hub_for(layer)
        for name in names:
            await listener.hub.join(name, listener)

    async def updates():
        received = []
        try:
            while len(received) < len(names):
                message = await asyncio.wait_for(listener.inbox.get(), timeout=5)
                if message.get("event") == "update":
                    received.append((message["group"], message["id"]))
        except asyncio.TimeoutError:
            pass
        finally:
            for name in names:
                await listener.hub.leave(name, listener)
        return received

    try:
        asyncio.run_coroutine_threadsafe(join(), loop).result(10)
        status_id = int(post(api, alice, "live")["id"])
        received = asyncio.run_coroutine_threadsafe(updates(), loop).result(20)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
    assert sorted(received) == sorted((name, status_id) for name in names)


def test_any_api_use_makes_a_user_active(api, store, alice, person):
    """A user who never read home (a bot, a password-grant client) still gets fan-out once
    they use the API at all: Mastodon refreshes current_sign_in_at on any authenticated
    request when it is unset or older than a day."""
    newcomer = person("newcomer", active=False)
    assert newcomer.user.current_sign_in_at is None
    follow(api, newcomer, alice)  # the first request marks the user active
    newcomer.user.refresh_from_db()
    assert newcomer.user.current_sign_in_at > timezone.now() - timedelta(minutes=1)
    status = post(api, alice, "hello newcomer")
    assert home_feed(newcomer) == [status["id"]]
    # Refreshed at most once a day: a recent sign-in is left alone.
    moment = timezone.now() - timedelta(hours=20)
    newcomer.set_last_sign_in(moment)
    get(api, newcomer, "/api/v1/accounts/verify_credentials")
    newcomer.user.refresh_from_db()
    assert newcomer.user.current_sign_in_at == moment
