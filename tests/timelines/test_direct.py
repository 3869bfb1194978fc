"""GET /api/v1/timelines/direct (deprecated): the direct statuses the viewer may see."""
from tests.timelines.feeds_helpers import act, alice, api, bob, carol, get, ids, links, post, query_of  # noqa: F401

DIRECT = "/api/v1/timelines/direct"


def test_only_direct_statuses_the_viewer_wrote_or_is_mentioned_in(api, alice, bob, carol):
    to_bob = post(api, alice, "@bob secret", visibility="direct")
    own = post(api, bob, "@carol mine", visibility="direct")
    to_carol = post(api, alice, "@carol not for bob", visibility="direct")
    post(api, alice, "@bob public", visibility="public")
    post(api, alice, "@bob private", visibility="private")
    assert ids(get(api, bob, DIRECT)) == [own["id"], to_bob["id"]]
    assert ids(get(api, carol, DIRECT)) == [to_carol["id"], own["id"]]
    get(api, None, DIRECT, status=401)


def test_blocked_and_muted_authors_are_left_out(api, alice, bob, carol):
    from_alice = post(api, alice, "@bob hi", visibility="direct")
    from_carol = post(api, carol, "@bob hey", visibility="direct")
    act(api, bob, alice, "mute")
    assert ids(get(api, bob, DIRECT)) == [from_carol["id"]]
    act(api, bob, carol, "block")
    assert ids(get(api, bob, DIRECT)) == []
    assert from_alice["id"] not in ids(get(api, bob, DIRECT))


def test_paginates_like_the_other_timelines(api, alice, bob, django_assert_max_num_queries):
    posted = [post(api, alice, f"@bob {n}", visibility="direct")["id"] for n in range(5)]
    first = get(api, bob, DIRECT, {"limit": 2})
    assert ids(first) == posted[::-1][:2]
    nav = links(first)
    assert ids(get(api, bob, DIRECT, query_of(nav["next"]))) == posted[::-1][2:4]
    assert ids(get(api, bob, DIRECT, {"min_id": posted[1], "limit": 2})) == [posted[3], posted[2]]
    with django_assert_max_num_queries(40):
        get(api, bob, DIRECT, {"limit": 40})
