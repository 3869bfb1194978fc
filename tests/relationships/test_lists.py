"""Followers, following, blocks, mutes, endorsements, follow requests: paging by the
relationship row, hidden collections, constant queries."""
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Account
from relationships import services
from tests.factories import make_token


def links(response):
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", "")))


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()]


def walk(api, path, token=None):
    """Every item, following the Link header's next links."""
    seen, url = [], path
    while url:
        response = api.get(url.replace("http://127.0.0.1:8000", ""), token=token)
        seen += ids(response)
        url = links(response).get("next")
    return seen


def test_followers_and_following_page_by_follow_row(api, alice, person):
    others = [person(f"p{index}") for index in range(5)]
    # Followed in the reverse order of creation: the follow row decides the order, newest first
    for other in reversed(others):
        services.follow(other.account, alice.account)
        services.follow(alice.account, other.account)
    expected = [str(other.id) for other in others]  # others[0] was followed last
    response = api.get(f"/api/v1/accounts/{alice.id}/followers", {"limit": 2})
    assert ids(response) == expected[:2]
    link = links(response)
    assert "max_id=" in link["next"] and "min_id=" in link["prev"] and "limit=2" in link["next"]
    assert walk(api, f"/api/v1/accounts/{alice.id}/followers?limit=2") == expected
    assert walk(api, f"/api/v1/accounts/{alice.id}/following?limit=3") == expected
    # The prev link gives nothing newer here
    assert api.get(link["prev"].replace("http://127.0.0.1:8000", "")).json() == []


def test_counts_match_lists(api, alice, bob, carol):
    services.follow(bob.account, alice.account)
    services.follow(carol.account, alice.account)
    response = api.get(f"/api/v1/accounts/{alice.id}")
    assert response.json()["followers_count"] == 2
    assert len(ids(api.get(f"/api/v1/accounts/{alice.id}/followers"))) == 2


def test_hidden_collections(api, alice, bob, carol):
    services.follow(bob.account, alice.account)
    services.follow(alice.account, carol.account)
    Account.objects.filter(pk=alice.id).update(hide_collections=True)
    for path in ("followers", "following"):
        assert api.get(f"/api/v1/accounts/{alice.id}/{path}").json() == []
        assert api.get(f"/api/v1/accounts/{alice.id}/{path}", token=bob.token).json() == []
        assert len(ids(api.get(f"/api/v1/accounts/{alice.id}/{path}", token=alice.token))) == 1


def test_collections_of_suspended_or_blocking_accounts_are_empty(api, alice, bob, carol):
    services.follow(bob.account, alice.account)
    services.block(alice.account, carol.account)
    assert api.get(f"/api/v1/accounts/{alice.id}/followers", token=carol.token).json() == []
    assert ids(api.get(f"/api/v1/accounts/{alice.id}/followers", token=bob.token)) == [str(bob.id)]
    Account.objects.filter(pk=alice.id).update(suspended_at=timezone.now())
    assert api.get(f"/api/v1/accounts/{alice.id}/followers").json() == []


def test_lists_leave_out_accounts_the_viewer_blocks_or_mutes(api, alice, bob, carol, person):
    dave = person("dave")
    for follower in (bob, carol):
        services.follow(follower.account, alice.account)
    services.block(dave.account, bob.account)
    services.mute(dave.account, carol.account)
    assert ids(api.get(f"/api/v1/accounts/{alice.id}/followers", token=dave.token)) == []
    assert len(ids(api.get(f"/api/v1/accounts/{alice.id}/followers"))) == 2


def test_followers_unknown_account_and_scopes(api, alice):
    for path in ("followers", "following", "endorsements"):
        assert api.get(f"/api/v1/accounts/123/{path}").status_code == 404
        assert api.get(f"/api/v1/accounts/abc/{path}").status_code == 404
        # Public, but a token sent must carry read:accounts
        response = api.get(f"/api/v1/accounts/{alice.id}/{path}", token=make_token(alice.user, scopes="write"))
        assert response.status_code == 403
        assert api.get(f"/api/v1/accounts/{alice.id}/{path}", token="bad").status_code == 401
    assert api.get(f"/api/v1/accounts/{alice.id}/followers", {"limit": "many"}).status_code == 400


def test_followers_queries_are_constant(api, alice, person):
    for index in range(40):
        services.follow(person(f"f{index}").account, alice.account)

    def queries_for(limit):
        with CaptureQueriesContext(connection) as captured:
            assert len(ids(api.get(f"/api/v1/accounts/{alice.id}/followers", {"limit": limit},
                                   token=alice.token))) == limit
        return len(captured)

    assert queries_for(40) == queries_for(5)


def test_blocks_list(api, alice, person):
    blocked = [person(f"b{index}") for index in range(3)]
    for other in blocked:
        services.block(alice.account, other.account)
    expected = [str(other.id) for other in reversed(blocked)]
    assert walk(api, "/api/v1/blocks?limit=2", alice.token) == expected
    Account.objects.filter(pk=blocked[0].id).update(suspended_at=timezone.now())
    assert ids(api.get("/api/v1/blocks", token=alice.token)) == expected[:2]


def test_mutes_list(api, alice, person):
    muted = [person(f"m{index}") for index in range(3)]
    for index, other in enumerate(muted):
        services.mute(alice.account, other.account, duration=index * 60)
    response = api.get("/api/v1/mutes", token=alice.token)
    assert ids(response) == [str(other.id) for other in reversed(muted)]
    assert response.json()[-1]["mute_expires_at"] is None
    assert response.json()[0]["mute_expires_at"] is not None
    assert walk(api, "/api/v1/mutes?limit=1", alice.token) == ids(response)


def test_follow_requests_list_pages(api, alice, person):
    Account.objects.filter(pk=alice.id).update(locked=True)
    requesters = [person(f"r{index}") for index in range(3)]
    for other in requesters:
        services.follow(other.account, Account.objects.get(pk=alice.id))
    assert walk(api, "/api/v1/follow_requests?limit=2", alice.token) == [str(o.id) for o in reversed(requesters)]


def test_list_queries_are_constant(api, alice, person):
    Account.objects.filter(pk=alice.id).update(locked=True)
    alice_account = Account.objects.get(pk=alice.id)
    for index in range(12):
        other = person(f"o{index}")
        services.block(alice.account, other.account)
        services.mute(alice.account, other.account)
        services.follow(person(f"q{index}").account, alice_account)
    for path in ("/api/v1/blocks", "/api/v1/mutes", "/api/v1/follow_requests"):
        counts = []
        for limit in (2, 12):
            with CaptureQueriesContext(connection) as captured:
                assert len(ids(api.get(path, {"limit": limit}, token=alice.token))) == limit
            counts.append(len(captured))
        assert counts[0] == counts[1], path
