"""Nothing leaks: each visibility x each kind of viewer x each read endpoint.

alice posts, as a reply to her own public post, mentioning carol, with a poll; bob follows
her; carol is mentioned; dave is a stranger; alice blocks eve; and nobody is signed in.
"""
import pytest

from tests import factories

VIEWERS = ("author", "follower", "mentioned", "stranger", "blocked", "anonymous")
MAY_SEE = {
    "public": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "unlisted": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "private": {"author", "follower", "mentioned"},
    "direct": {"author", "mentioned"},
}


@pytest.fixture
def world(api, db):
    users = {name: factories.make_user(name) for name in ("alice", "bob", "carol", "dave", "eve")}
    tokens = {name: factories.make_token(user) for name, user in users.items()}
    alice = users["alice"].account
    api.post(f"/api/v1/accounts/{alice.id}/follow", token=tokens["bob"])
    api.post(f"/api/v1/accounts/{alice.id}/follow", token=tokens["eve"])
    api.post(f"/api/v1/accounts/{users['eve'].account.id}/block", token=tokens["alice"])
    root = api.post("/api/v1/statuses", {"status": "the root"}, token=tokens["alice"]).json()
    statuses = {}
    for visibility in MAY_SEE:
        response = api.post("/api/v1/statuses", {
            "status": f"{visibility} words for @carol", "visibility": visibility, "in_reply_to_id": root["id"],
            "poll[options][]": ["yes", "no"], "poll[expires_in]": "3600"}, token=tokens["alice"])
        assert response.status_code == 200, response.content
        statuses[visibility] = response.json()
        api.post(f"/api/v1/statuses/{statuses[visibility]['id']}/favourite", token=tokens["alice"])
    viewer_tokens = {"author": tokens["alice"], "follower": tokens["bob"], "mentioned": tokens["carol"],
                     "stranger": tokens["dave"], "blocked": tokens["eve"], "anonymous": None}
    return {"root": root, "statuses": statuses, "tokens": viewer_tokens, "alice": alice}


@pytest.mark.parametrize("visibility", list(MAY_SEE))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_read_endpoints(api, world, visibility, viewer):
    status = world["statuses"][visibility]
    token = world["tokens"][viewer]
    expected = viewer in MAY_SEE[visibility]
    code = 200 if expected else 404
    get = lambda path, data=None: api.get(path, data, token=token or "")  # noqa: E731
    path = f"/api/v1/statuses/{status['id']}"

    assert get(path).status_code == code
    assert (status["id"] in [s["id"] for s in get("/api/v1/statuses", {"id[]": [status["id"]]}).json()]) == expected
    for sub in ("context", "favourited_by", "reblogged_by", "history", "card"):
        assert get(f"{path}/{sub}").status_code == code, sub
    assert get(f"/api/v1/polls/{status['poll']['id']}").status_code == code
    root_context = get(f"/api/v1/statuses/{world['root']['id']}/context")
    if viewer == "blocked":
        assert root_context.status_code == 404  # the author blocks them: not even the public root
    else:
        assert (status["id"] in [s["id"] for s in root_context.json()["descendants"]]) == expected
    account_statuses = get(f"/api/v1/accounts/{world['alice'].id}/statuses")
    assert (status["id"] in [s["id"] for s in account_statuses.json()]) == expected
    found = get("/api/v2/search", {"q": status["url"]}).json()["statuses"]
    assert (status["id"] in [s["id"] for s in found]) == expected
    if token is not None:
        for action in ("favourite", "bookmark"):
            assert api.post(f"{path}/{action}", token=token).status_code == code, action
        assert get(f"{path}/source").status_code == (200 if viewer == "author" else 404)
        if expected and viewer != "author":
            # what they may see, they see in full: the mention and the poll
            body = get(path).json()
            assert body["mentions"][0]["acct"] == "carol" and body["poll"] is not None


# --- Every read path ------------------------------------------------------------------------
#
# Three authors post one status of each visibility (a reply to their own public root,
# mentioning carol, tagged #matrix, with a preview card): alice (local), far (remote, from a
# domain ivan blocks) and sam (local, suspended afterwards). Each column is a viewer of one
# author's statuses. "By URL" paths follow the visibility rule alone (statuses.visibility);
# feeds, threads and streams also leave out what the viewer's relationships hide.

COLUMNS = {  # column: (author, viewer)
    "author": ("alice", "alice"), "follower": ("alice", "bob"), "mentioned": ("alice", "carol"),
    "stranger": ("alice", "dave"), "blocked": ("alice", "eve"), "blocking": ("alice", "frank"),
    "muted": ("alice", "gina"), "domain-blocked": ("far", "ivan"), "suspended-author": ("sam", "bob"),
    "anonymous": ("alice", None),
}
VISIBILITIES = ("public", "unlisted", "private", "direct")
BY_URL = {
    "public": {"author", "follower", "mentioned", "stranger", "blocking", "muted", "domain-blocked", "anonymous"},
    "unlisted": {"author", "follower", "mentioned", "stranger", "blocking", "muted", "domain-blocked", "anonymous"},
    "private": {"author", "follower", "mentioned", "muted"},  # gina follows alice (and mutes her)
    "direct": {"author", "mentioned"},
}
HIDDEN_BY_RELATIONSHIPS = {"blocked", "blocking", "muted", "domain-blocked", "suspended-author"}


def by_url(column, visibility):
    return column in BY_URL[visibility]


def in_feeds(column, visibility):
    return by_url(column, visibility) and column not in HIDDEN_BY_RELATIONSHIPS


def in_public_feeds(column, visibility):
    """Public, hashtag and link timelines: public statuses only, for every viewer (a
    follower too: a followers-only post never enters them)."""
    return visibility == "public" and in_feeds(column, visibility)


EXPECTED = {  # read path: rule(column, visibility)
    "GET /statuses/:id": by_url,
    "GET /statuses?id[]=": by_url,
    "GET /statuses/:id/context": by_url,
    "GET /statuses/:id/favourited_by": by_url,
    "GET /statuses/:id/reblogged_by": by_url,
    "GET /accounts/:id/statuses": by_url,
    # Search leaves out statuses from a domain the viewer blocks (hiding more is no leak).
    "GET /api/v2/search": lambda c, v: by_url(c, v) and c != "domain-blocked",
    "GET /bookmarks": by_url,
    "GET /favourites": by_url,
    "thread (root's descendants)": in_feeds,
    "GET /timelines/public": in_public_feeds,
    "GET /timelines/public?local": lambda c, v: in_public_feeds(c, v) and COLUMNS[c][0] != "far",
    "GET /timelines/tag/matrix": in_public_feeds,
    "GET /timelines/link": in_public_feeds,
    "GET /timelines/home": lambda c, v: c == "author" or (c == "follower" and v != "direct"),
    "GET /timelines/list/:id": lambda c, v: c == "follower" and v != "direct",
    "GET /notifications": lambda c, v: notified(c, v),
    "GET /api/v2/notifications": lambda c, v: notified(c, v),
}


def notified(column, visibility):
    """Mentions notify (a DM from a stranger is filtered into a request, the default
    policy); posts notify the followers who asked to be (bob)."""
    return (column == "mentioned" and visibility != "direct") or (column == "follower" and visibility != "direct")



def build_world(api, committed, around_posting=None):
    """The users, their relationships and the three authors' statuses (see above);
    around_posting(world, post) -> post()'s statuses, when given, posts them (the streaming
    test opens every viewer's streams around it)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Account
    from cards.models import PreviewCard, StatusCard
    from statuses.services.posting import create_status

    names = ("alice", "bob", "carol", "dave", "eve", "frank", "gina", "ivan", "sam")
    users = {name: factories.make_user(name) for name in names}
    tokens = {name: factories.make_token(user) for name, user in users.items()}
    accounts = {name: user.account for name, user in users.items()}
    accounts["far"] = Account.objects.create(username="far", domain="remote.example",
                                             uri="https://remote.example/users/far",
                                             url="https://remote.example/@far")
    Account.objects.filter(username__in=["alice", "far", "sam"]).update(discoverable=True)

    def call(method, who, path, data=None):
        with committed():
            response = getattr(api, method)(path, data, token=tokens[who])
        assert response.status_code == 200, (path, response.content)
        return response.json()

    def act(who, action, target, data=None):
        return call("post", who, f"/api/v1/accounts/{accounts[target].id}/{action}", data)

    act("bob", "follow", "alice", {"notify": "true"})
    act("bob", "follow", "sam", {"notify": "true"})
    for name in ("eve", "frank", "gina"):
        act(name, "follow", "alice")
    act("alice", "block", "eve")
    act("frank", "block", "alice")
    act("gina", "mute", "alice")
    call("post", "ivan", "/api/v1/domain_blocks", {"domain": "remote.example"})
    lst = call("post", "bob", "/api/v1/lists", {"title": "alice"})
    call("post", "bob", f"/api/v1/lists/{lst['id']}/accounts", {"account_ids[]": [accounts["alice"].id]})

    world = {"users": users, "tokens": tokens, "accounts": accounts, "list": lst}
    post = lambda: post_statuses(api, committed, world, call)  # noqa: E731
    world["statuses"] = post() if around_posting is None else around_posting(world, post)
    return world


def post_statuses(api, committed, world, call):
    """Each author's root and one status of each visibility; then sam is suspended."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Account
    from cards.models import PreviewCard, StatusCard
    from statuses.services.posting import create_status

    accounts = world["accounts"]
    statuses = {}
    for author in ("alice", "far", "sam"):
        card = PreviewCard.objects.create(url=f"https://news.example/{author}", title=author)
        text = f"#matrix https://news.example/{author} for @carol"
        if author == "far":
            with committed(), transaction.atomic():
                root = create_status(accounts["far"], text="the root", spoiler_text="", visibility="public",
                                     sensitive=False, language=None)
            root.__class__.objects.filter(pk=root.pk).update(local=False)
            root = {"id": str(root.id)}
        else:
            root = call("post", author, "/api/v1/statuses", {"status": "the root"})
        for visibility in VISIBILITIES:
            if author == "far":
                from statuses.models import Status

                with committed(), transaction.atomic():
                    created = create_status(accounts["far"], text=text, spoiler_text="", visibility=visibility,
                                            sensitive=False, language=None,
                                            thread=Status.objects.get(pk=int(root["id"])))
                uri = f"https://remote.example/users/far/statuses/{created.id}"
                Status.objects.filter(pk=created.pk).update(uri=uri, url=uri, local=False)
                status = {"id": str(created.id), "url": uri}
            else:
                status = call("post", author, "/api/v1/statuses", {
                    "status": text, "visibility": visibility, "in_reply_to_id": root["id"]})
            StatusCard.objects.create(status_id=int(status["id"]), card=card)
            statuses[author, visibility] = status
        statuses[author, "root"] = root
    Account.objects.filter(pk=accounts["sam"].id).update(suspended_at=timezone.now())
    return statuses


def read_everything(api, world, column):
    """{read path: set of the column's author's statuses (by visibility) it shows}."""
    author, viewer = COLUMNS[column]
    token = world["tokens"][viewer] if viewer else ""
    mine = {world["statuses"][author, visibility]["id"]: visibility for visibility in VISIBILITIES}

    def get(path, data=None):
        return api.get(path, data, token=token)

    def shown(items):
        return {mine[item["id"]] for item in items if item and item.get("id") in mine}

    def listed(path, data=None):
        response = get(path, data)
        assert response.status_code == 200, (path, response.content)
        return shown(response.json())

    seen = {}
    for visibility in VISIBILITIES:
        status = world["statuses"][author, visibility]
        base = f"/api/v1/statuses/{status['id']}"
        for name, path in (("GET /statuses/:id", base), ("GET /statuses/:id/context", f"{base}/context"),
                           ("GET /statuses/:id/favourited_by", f"{base}/favourited_by"),
                           ("GET /statuses/:id/reblogged_by", f"{base}/reblogged_by")):
            code = get(path).status_code
            assert code in (200, 404), (path, code)
            if code == 200:
                seen.setdefault(name, set()).add(visibility)
        found = get("/api/v2/search", {"q": status["url"]})
        assert found.status_code == 200, (column, status, found.content)
        seen.setdefault("GET /api/v2/search", set()).update(shown(found.json()["statuses"]))
        if viewer:  # what a signed-in viewer can bookmark and favourite, they may see
            for action in ("bookmark", "favourite"):
                assert api.post(f"{base}/{action}", token=token).status_code in (200, 404)
    seen["GET /statuses?id[]="] = listed("/api/v1/statuses", {"id[]": list(mine)})
    seen["GET /accounts/:id/statuses"] = listed(f"/api/v1/accounts/{world['accounts'][author].id}/statuses")
    root = get(f"/api/v1/statuses/{world['statuses'][author, 'root']['id']}/context")
    seen["thread (root's descendants)"] = shown(root.json()["descendants"]) if root.status_code == 200 else set()
    seen["GET /timelines/public"] = listed("/api/v1/timelines/public")
    seen["GET /timelines/public?local"] = listed("/api/v1/timelines/public", {"local": "true"})
    seen["GET /timelines/tag/matrix"] = listed("/api/v1/timelines/tag/matrix")
    link = get("/api/v1/timelines/link", {"url": f"https://news.example/{author}"})
    assert link.status_code in (200, 404)
    seen["GET /timelines/link"] = shown(link.json()) if link.status_code == 200 else set()
    if viewer:
        seen["GET /bookmarks"] = listed("/api/v1/bookmarks")
        seen["GET /favourites"] = listed("/api/v1/favourites")
        seen["GET /timelines/home"] = listed("/api/v1/timelines/home")
        list_id = world["list"]["id"]
        seen["GET /timelines/list/:id"] = listed(f"/api/v1/timelines/list/{list_id}") if viewer == "bob" else set()
        notifications = get("/api/v1/notifications").json()
        seen["GET /notifications"] = shown(n["status"] for n in notifications)
        grouped = get("/api/v2/notifications").json()
        seen["GET /api/v2/notifications"] = shown(grouped["statuses"])
        for notification in notifications:  # each one alone (/:id) shows what the list shows
            alone = get(f"/api/v1/notifications/{notification['id']}")
            assert alone.status_code == 200 and alone.json()["status"] == notification["status"]
    return seen


def test_every_read_path_for_every_viewer(api, db, django_capture_on_commit_callbacks):
    """The whole table at once (the world is built once): every cell is (read path, column,
    visibility); a failure lists each wrong cell."""
    world = build_world(api, lambda: django_capture_on_commit_callbacks(execute=True))
    wrong = []
    for column in COLUMNS:
        seen = read_everything(api, world, column)
        for path, rule in EXPECTED.items():
            if path not in seen:  # signed-in paths, for anonymous
                continue
            for visibility in VISIBILITIES:
                expected, actual = rule(column, visibility), visibility in seen[path]
                if expected != actual:
                    wrong.append(f"{path:32} {column:17} {visibility:9} expected {'shown' if expected else 'hidden'}")
    assert not wrong, "\n" + "\n".join(wrong)


# --- Streams and Web Push ---------------------------------------------------------------------
#
# The same world, with every signed-in viewer's streams open over a real WebSocket (the ASGI
# application and the channel layer of the settings) while the statuses are posted, and every
# viewer subscribed to Web Push (all alerts) with a local push service that receives and
# decrypts what is sent. Stream events carry ids and are rendered for each connection when it
# handles them, here after the posting is over and sam is suspended: nothing of sam's streams
# (as on every feed). Web Push payloads are built when the notification is made, before the
# suspension: the suspended-author column expects there what a follower of a not yet
# suspended author gets. Anonymous has no stream (401) and no push subscription.

STREAMED = {  # stream (or push): rule(column, visibility)
    "stream user (update)": EXPECTED["GET /timelines/home"],
    "stream user (notification)": notified,
    "stream public": in_public_feeds,
    "stream public:local": EXPECTED["GET /timelines/public?local"],
    "stream hashtag matrix": in_public_feeds,
    "stream list": EXPECTED["GET /timelines/list/:id"],
    # The conversation of a DM: its participants (a DM from a stranger is a conversation
    # for the mentioned account too; only its notification is filtered).
    "stream direct (conversation)": lambda c, v: v == "direct" and c in ("author", "mentioned"),
    "Web Push payload": lambda c, v: notified("follower" if c == "suspended-author" else c, v),
}
STREAMS = ("user", "public", "public:local", "hashtag", "list", "direct")


@pytest.mark.django_db(transaction=True)
def test_streams_and_web_push_for_every_viewer(api, settings):
    import contextlib
    import json

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from notifications.models import Notification
    from streaming import publish
    from tests.notifications.test_push import PushService, Subscriber, b64
    from tests.streaming.helpers import db, next_event, open_socket, run, settle

    settings.WEB_PUSH_ALLOW_PRIVATE = True
    service = PushService()
    subscribers = {}
    events = {}  # viewer -> [frames]

    def around_posting(world, post):
        # Signed in lately: home and list feeds are fanned out to active users only.
        get_user_model().objects.update(current_sign_in_at=timezone.now())
        for name, token in world["tokens"].items():
            subscribers[name] = Subscriber()
            response = api.post("/api/v1/push/subscription", {
                "subscription": {"endpoint": f"{service.url}/{name}",
                                 "keys": {"p256dh": subscribers[name].p256dh, "auth": b64(subscribers[name].auth)}},
                "data": {"alerts": {kind: True for kind in ("mention", "status", "follow", "reblog", "favourite",
                                                             "poll", "update", "quote")}, "policy": "all"}},
                token=token, format="json")
            assert response.status_code == 200, response.content

        async def scenario():
            sockets = {}
            for name, token in world["tokens"].items():
                socket = await open_socket(token=token)
                for stream in STREAMS:
                    if stream == "list" and name != "bob":
                        continue
                    subscription = {"type": "subscribe", "stream": stream}
                    if stream == "hashtag":
                        subscription["tag"] = "matrix"
                    if stream == "list":
                        subscription["list"] = world["list"]["id"]
                    await socket.send_json_to(subscription)
                sockets[name] = socket
            await settle()
            # Every connection is live before anything is posted: a `filters_changed` sent to
            # each user arrives (a receiver still starting would miss the first events).
            for name, socket in sockets.items():
                await db(publish.publish_to_user, world["accounts"][name].id, "filters_changed")
                frame = await next_event(socket, timeout=10)
                assert frame["event"] == "filters_changed", (name, frame)
            statuses = await db(post)
            for name, socket in sockets.items():
                frames = events.setdefault(name, [])
                while not await socket.receive_nothing(1.5):
                    frames.append(await next_event(socket))
                await socket.disconnect()
            return statuses

        return run(scenario)

    try:
        world = build_world(api, contextlib.nullcontext, around_posting)
    finally:
        service.close()

    status_of = {}  # status id -> (author, visibility)
    for (author, visibility), status in world["statuses"].items():
        if visibility != "root":
            status_of[status["id"]] = (author, visibility)
    errors = [frame for frames in events.values() for frame in frames if frame.get("event") == "error"]
    assert not errors, errors

    seen = {}  # (viewer, stream) -> {(author, visibility)}
    for viewer, frames in events.items():
        for frame in frames:
            stream, event, data = frame["stream"][0], frame["event"], frame.get("data")
            if event == "update":
                key, status_id = f"stream {stream} (update)" if stream == "user" else f"stream {stream}", data["id"]
                if stream == "hashtag":
                    key = "stream hashtag matrix"
            elif event == "notification":
                key, status_id = "stream user (notification)", (data.get("status") or {}).get("id")
            elif event == "conversation":
                key, status_id = "stream direct (conversation)", data["last_status"]["id"]
            else:
                continue
            if status_id in status_of:
                seen.setdefault((viewer, key), set()).add(status_of[status_id])
    for request in service.received:
        viewer = request["path"].strip("/")
        payload = subscribers[viewer].decrypt(request)
        notification = Notification.objects.filter(pk=int(payload["notification_id"])).first()
        status_id = str(notification.status_id) if notification and notification.status_id else None
        if status_id in status_of:
            seen.setdefault((viewer, "Web Push payload"), set()).add(status_of[status_id])

    wrong = []
    for column, (author, viewer) in COLUMNS.items():
        if viewer is None:
            continue
        for key, rule in STREAMED.items():
            for visibility in VISIBILITIES:
                expected = rule(column, visibility)
                actual = (author, visibility) in seen.get((viewer, key), set())
                if expected != actual:
                    wrong.append(f"{key:30} {column:17} {visibility:9} expected {'shown' if expected else 'hidden'}")
    assert not wrong, "\n" + "\n".join(wrong)
