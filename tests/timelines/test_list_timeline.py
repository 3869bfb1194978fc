"""List timelines: members' posts by fan-out (both stores), replies_policy, membership
changes, ownership, privacy."""
import pytest

from tests.timelines.feeds_helpers import (  # noqa: F401
    act, alice, api, bob, carol, dave, delete_status, follow, get, ids, links, list_feed, person, post, query_of,
    status_action, store)


def make_list(api, owner, title="List", members=(), **options):
    response = api.post("/api/v1/lists", {"title": title, **options}, token=owner.token)
    assert response.status_code == 200, response.content
    list_id = response.json()["id"]
    if members:
        add(api, owner, list_id, *members)
    return list_id


def add(api, owner, list_id, *members):
    response = api.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [m.id for m in members]},
                        token=owner.token)
    assert response.status_code == 200, response.content


def timeline(api, who, list_id, **params):
    return ids(get(api, who, f"/api/v1/timelines/list/{list_id}", params))


def test_members_posts_reach_the_list(api, store, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, bob, carol)
    list_id = make_list(api, bob, members=[alice])
    from_alice = post(api, alice, "for the list")
    from_carol = post(api, carol, "not a member")
    private = post(api, alice, "followers only", visibility="private")
    post(api, alice, "@bob direct", visibility="direct")
    assert list_feed(list_id) == [private["id"], from_alice["id"]]
    assert timeline(api, bob, list_id) == [private["id"], from_alice["id"]]
    assert from_carol["id"] not in timeline(api, bob, list_id)
    # Exclusive or not, the list keeps home as it was (not exclusive here).
    assert set(ids(get(api, bob, "/api/v1/timelines/home"))) >= {from_alice["id"], from_carol["id"]}


def test_only_the_owner_reads_it(api, alice, bob, carol):
    follow(api, bob, alice)
    list_id = make_list(api, bob, members=[alice])
    get(api, carol, f"/api/v1/timelines/list/{list_id}", status=404)
    get(api, bob, "/api/v1/timelines/list/123", status=404)
    get(api, bob, "/api/v1/timelines/list/nope", status=404)
    assert api.get(f"/api/v1/timelines/list/{list_id}").status_code == 401
    from tests.factories import make_token

    assert api.get(f"/api/v1/timelines/list/{list_id}", token=make_token(bob.user, "read:statuses")).status_code == 403
    assert api.get(f"/api/v1/timelines/list/{list_id}", token=make_token(bob.user, "read:lists")).status_code == 200


def test_adding_merges_recent_posts_and_removing_takes_them_out(api, store, alice, bob):
    follow(api, bob, alice)
    older = post(api, alice, "before the list")
    list_id = make_list(api, bob, members=[alice])
    assert timeline(api, bob, list_id) == [older["id"]]
    response = api.delete(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [alice.id]}, token=bob.token,
                          format="query")
    assert response.status_code == 200, response.content
    assert list_feed(list_id) == []
    assert timeline(api, bob, list_id) == []


def test_unfollowing_a_member_empties_their_part(api, store, alice, bob):
    follow(api, bob, alice)
    list_id = make_list(api, bob, members=[alice])
    post(api, alice, "hello")
    act(api, bob, alice, "unfollow")
    assert list_feed(list_id) == []
    assert timeline(api, bob, list_id) == []


def test_deleted_status_and_deleted_list(api, store, alice, bob):
    follow(api, bob, alice)
    list_id = make_list(api, bob, members=[alice])
    status = post(api, alice, "soon gone")
    assert list_feed(list_id) == [status["id"]]
    delete_status(api, alice, status)
    assert list_feed(list_id) == []
    post(api, alice, "again")
    assert api.delete(f"/api/v1/lists/{list_id}", token=bob.token).status_code == 200
    assert list_feed(list_id) == []


@pytest.mark.parametrize("policy, expected", [
    ("followed", {"to_carol", "to_bob", "self"}),
    ("list", {"to_bob", "self"}),
    ("none", {"to_bob", "self"}),
])
def test_replies_policy(api, store, alice, bob, carol, dave, policy, expected):
    follow(api, bob, alice)
    follow(api, bob, carol)
    list_id = make_list(api, bob, replies_policy=policy, members=[alice])
    roots = {name: post(api, who, f"root by {name}") for name, who in (("carol", carol), ("dave", dave),
                                                                         ("bob", bob), ("alice", alice))}
    replies = {
        "to_carol": post(api, alice, "@carol hi", in_reply_to_id=roots["carol"]["id"]),
        "to_dave": post(api, alice, "@dave hi", in_reply_to_id=roots["dave"]["id"]),
        "to_bob": post(api, alice, "@bob hi", in_reply_to_id=roots["bob"]["id"]),
        "self": post(api, alice, "and more", in_reply_to_id=roots["alice"]["id"]),
    }
    shown = set(timeline(api, bob, list_id, limit=40))
    assert {name for name, reply in replies.items() if reply["id"] in shown} == expected
    if policy == "list":  # replies to other members pass
        add(api, bob, list_id, carol)
        again = post(api, alice, "@carol again", in_reply_to_id=roots["carol"]["id"])
        assert timeline(api, bob, list_id)[0] == again["id"]


def test_blocks_mutes_and_reblog_settings_apply(api, store, alice, bob, carol, person):
    follow(api, bob, alice, reblogs="false")
    follow(api, bob, carol)
    list_id = make_list(api, bob, members=[alice, carol])
    outsider = post(api, person("olga"), "boost me")
    reblog = status_action(api, alice, outsider, "reblog")
    from_carol = post(api, carol, "hi")
    assert reblog["id"] not in timeline(api, bob, list_id)
    act(api, bob, carol, "mute")
    assert from_carol["id"] not in list_feed(list_id)
    assert timeline(api, bob, list_id) == []


def test_pagination(api, store, alice, bob):
    follow(api, bob, alice)
    list_id = make_list(api, bob, members=[alice])
    posted = [post(api, alice, f"n{n}")["id"] for n in range(5)][::-1]
    first = get(api, bob, f"/api/v1/timelines/list/{list_id}", {"limit": 2})
    assert ids(first) == posted[:2]
    assert ids(get(api, bob, f"/api/v1/timelines/list/{list_id}", query_of(links(first)["next"]))) == posted[2:4]
    assert timeline(api, bob, list_id, min_id=posted[4], limit=2) == posted[2:4]


@pytest.mark.parametrize("count", [3, 40])
def test_query_count_is_constant(api, store, alice, bob, carol, count, django_assert_max_num_queries):
    follow(api, bob, alice)
    follow(api, bob, carol)
    list_id = make_list(api, bob, members=[alice, carol])
    for n in range(count):
        post(api, alice if n % 2 else carol, f"post {n} #x @dave")
    timeline(api, bob, list_id)
    with django_assert_max_num_queries(16):
        response = get(api, bob, f"/api/v1/timelines/list/{list_id}", {"limit": 40})
    assert len(response.json()) == count
