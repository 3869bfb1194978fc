"""Pleroma's with_muted on the home, list, public and hashtag timelines: muted accounts'
statuses stay out by default and come back with with_muted=true (blocks still apply); and
the other Pleroma parameters the seed lists on home and list timelines (local, remote,
only_media, exclude_visibilities' "local" and "list")."""
import pytest

from tests.pleroma_api.schemas import check_statuses
from tests.timelines.feeds_helpers import (act, alice, api, bob, carol, dave, follow, get, ids, person,  # noqa: F401
                                           post, store)
from tests.timelines.test_list_timeline import make_list


def timeline(api, who, path, **params):
    response = get(api, who, path, params)
    check_statuses(response.json())
    return ids(response)


PATHS = ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/cats", "list"]


@pytest.mark.parametrize("path", PATHS)
def test_with_muted(api, store, alice, bob, carol, path):
    follow(api, bob, alice)
    follow(api, bob, carol)
    if path == "list":
        path = f"/api/v1/timelines/list/{make_list(api, bob, members=[alice, carol])}"
    before = post(api, alice, "before the mute #cats")["id"]
    act(api, bob, alice, "mute")
    during = post(api, alice, "while muted #cats")["id"]
    other = post(api, carol, "carol #cats")["id"]
    assert timeline(api, bob, path) == [other]
    assert timeline(api, bob, path, with_muted="false") == [other]
    assert timeline(api, bob, path, with_muted="true") == [other, during, before]
    page = get(api, bob, path, {"with_muted": "true", "limit": 2})
    assert ids(page) == [other, during] and f"max_id={during}" in page["Link"]
    assert timeline(api, bob, path, with_muted="true", max_id=during) == [before]
    assert timeline(api, bob, path, with_muted="true", min_id=before, limit=1) == [during]
    # A block is not a mute: with_muted does not bring a blocked account back.
    act(api, bob, carol, "block")
    assert timeline(api, bob, path, with_muted="true") == [during, before]


def test_with_muted_home_keeps_the_feed_rules(api, store, alice, bob, carol):
    follow(api, bob, alice)
    act(api, bob, alice, "mute")
    mine = post(api, bob, "mine")["id"]
    muted = post(api, alice, "muted")["id"]
    reply_to_stranger = post(api, alice, "@carol hi", in_reply_to_id=post(api, carol, "root")["id"])["id"]
    assert reply_to_stranger not in timeline(api, bob, "/api/v1/timelines/home", with_muted="true")
    assert timeline(api, bob, "/api/v1/timelines/home", with_muted="true") == [muted, mine]
    assert timeline(api, carol, "/api/v1/timelines/home", with_muted="true")[-1] != muted  # carol follows nobody
    assert get(api, bob, "/api/v1/timelines/home", {"with_muted": "true", "exclude_visibilities[]": "public"}).json() == []


def test_home_and_list_origin_and_media_parameters(api, store, alice, bob):
    from accounts.models import Account
    from statuses.models import Status
    from feeds.store import HOME, feed_store

    follow(api, bob, alice)
    local = post(api, alice, "local")["id"]
    remote = Account.objects.create(username="zed", domain="remote.example", uri="https://remote.example/users/zed")
    far = Status.objects.create(account=remote, local=False, text="far", content="<p>far</p>", visibility="public",
                                uri="https://remote.example/s/1")
    from relationships.models import Follow

    Follow.objects.create(account=bob.account, target_account=remote)
    feed_store().add_many(HOME, bob.id, [(far.id, None)])
    home = "/api/v1/timelines/home"
    assert timeline(api, bob, home) == [str(far.id), local]
    assert timeline(api, bob, home, local="true") == [local]
    assert timeline(api, bob, home, remote="true") == [str(far.id)]
    assert timeline(api, bob, home, only_media="true") == []
    assert timeline(api, bob, home, **{"exclude_visibilities[]": ["local", "list"]}) == [str(far.id), local]
    assert get(api, bob, home, {"exclude_visibilities[]": "secret"}, status=400).json()["error"]


def test_with_muted_home_keeps_exclusive_lists_followed_tags_languages_and_blocks(api, store, alice, bob, carol,
                                                                                  dave, person):
    """with_muted reads home from the database: nothing muted, it shows what the feed shows."""
    erin = person("erin")
    for who in (alice, carol, erin):
        follow(api, bob, who)
    follow(api, bob, dave, **{"languages[]": ["fr"]})
    exclusive = api.post("/api/v1/lists", {"title": "Carol only", "exclusive": "true"}, token=bob.token).json()["id"]
    assert api.post(f"/api/v1/lists/{exclusive}/accounts", {"account_ids[]": [carol.id]},
                    token=bob.token).status_code == 200
    assert api.post("/api/v1/tags/cats/follow", token=bob.token).status_code == 200
    stranger = person("stranger")
    blocked = person("blocked")
    act(api, bob, blocked, "block")
    posted = {
        "alice": post(api, alice, "from alice"),
        "carol_exclusive": post(api, carol, "for the list only"),
        "stranger_tag": post(api, stranger, "a stranger's #cats"),
        "stranger_untagged": post(api, stranger, "not for bob"),
        "dave_french": post(api, dave, "bonjour", language="fr"),
        "dave_english": post(api, dave, "hello", language="en"),
        "erin_mentions_blocked": post(api, erin, "@blocked hi"),
        "alice_to_stranger": post(api, alice, "@stranger hi", in_reply_to_id=post(api, stranger, "root")["id"]),
    }
    normal = timeline(api, bob, "/api/v1/timelines/home", limit=40)
    shown = {name for name, status in posted.items() if status["id"] in normal}
    assert shown == {"alice", "stranger_tag", "dave_french"}
    assert timeline(api, bob, "/api/v1/timelines/home", with_muted="true", limit=40) == normal
    # A muted tag poster and a muted follow come back; the exclusive list still keeps carol out.
    act(api, bob, stranger, "mute")
    act(api, bob, alice, "mute")
    act(api, bob, carol, "mute")
    assert posted["stranger_tag"]["id"] not in timeline(api, bob, "/api/v1/timelines/home", limit=40)
    again = timeline(api, bob, "/api/v1/timelines/home", with_muted="true", limit=40)
    assert again == normal


@pytest.mark.parametrize("policy, expected", [
    ("followed", {"to_carol", "to_bob", "self", "plain"}),
    ("list", {"to_bob", "self", "plain"}),
    ("none", {"to_bob", "self", "plain"}),
])
def test_with_muted_list_keeps_the_replies_policy(api, store, alice, bob, carol, dave, policy, expected):
    follow(api, bob, alice)
    follow(api, bob, carol)
    list_id = make_list(api, bob, replies_policy=policy, members=[alice])
    path = f"/api/v1/timelines/list/{list_id}"
    roots = {name: post(api, who, f"root by {name}") for name, who in (("carol", carol), ("dave", dave),
                                                                         ("bob", bob), ("alice", alice))}
    replies = {
        "to_carol": post(api, alice, "@carol hi", in_reply_to_id=roots["carol"]["id"]),
        "to_dave": post(api, alice, "@dave hi", in_reply_to_id=roots["dave"]["id"]),
        "to_bob": post(api, alice, "@bob hi", in_reply_to_id=roots["bob"]["id"]),
        "self": post(api, alice, "and more", in_reply_to_id=roots["alice"]["id"]),
        "plain": roots["alice"],
    }
    normal = timeline(api, bob, path, limit=40)
    assert {name for name, reply in replies.items() if reply["id"] in normal} == expected
    assert timeline(api, bob, path, with_muted="true", limit=40) == normal
    act(api, bob, alice, "mute")
    assert timeline(api, bob, path, limit=40) == []
    assert timeline(api, bob, path, with_muted="true", limit=40) == normal
