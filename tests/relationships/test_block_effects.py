"""A block, end to end: neither side sees the other's posts anywhere, follows are gone both
ways, and the relationship says so from both sides."""
from tests.timelines.feeds_helpers import act, alice, api, bob, carol, post, store  # noqa: F401


def _ids(response):
    assert response.status_code == 200, response.content
    return [status["id"] for status in response.json()]


def test_after_a_block_neither_side_sees_the_other(api, store, alice, bob, carol):  # noqa: F811
    act(api, alice, bob, "follow")
    act(api, bob, alice, "follow")
    from_alice = post(api, alice, "alice says #hello")
    from_bob = post(api, bob, "bob says #hello")
    bob_reply = post(api, bob, "bob replies", in_reply_to_id=from_alice["id"])
    carol_boost = api.post(f"/api/v1/statuses/{from_bob['id']}/reblog", token=carol.token).json()
    act(api, alice, carol, "follow")
    assert from_bob["id"] in _ids(api.get("/api/v1/timelines/home", token=alice.token))

    relationship = act(api, alice, bob, "block")
    assert relationship["blocking"] is True and relationship["following"] is False
    assert relationship["followed_by"] is False
    seen_by_bob = api.get("/api/v1/accounts/relationships", {"id[]": [alice.id]}, token=bob.token).json()[0]
    assert seen_by_bob["blocked_by"] is True and seen_by_bob["following"] is False
    alice.refresh(), bob.refresh()
    assert alice.account.following_count == 1 and alice.account.followers_count == 0  # carol remains
    assert bob.account.following_count == 0 and bob.account.followers_count == 0

    for viewer, other_posts in ((alice, {from_bob["id"], bob_reply["id"], carol_boost["id"]}),
                                (bob, {from_alice["id"]})):
        for path in ("/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/hello"):
            assert not other_posts & set(_ids(api.get(path, token=viewer.token))), (viewer.user, path)
    context = api.get(f"/api/v1/statuses/{from_alice['id']}/context", token=alice.token).json()
    assert bob_reply["id"] not in [status["id"] for status in context["descendants"]]
    # the blocked side cannot open the blocker's posts or profile statuses at all
    assert api.get(f"/api/v1/statuses/{from_alice['id']}", token=bob.token).status_code == 404
    assert _ids(api.get(f"/api/v1/accounts/{alice.id}/statuses", token=bob.token)) == []
    # and cannot follow back
    assert api.post(f"/api/v1/accounts/{alice.id}/follow", token=bob.token).status_code == 403
