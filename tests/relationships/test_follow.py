"""Follow, unfollow, remove from followers, follow requests, and the counters."""
from django.utils import timezone

from accounts.models import Account
from relationships.models import AccountPin, Follow, FollowRequest
from tests.relationships.conftest import act


def counts(person):
    account = person.refresh() if hasattr(person, "refresh") else Account.objects.get(pk=person.id)
    return account.following_count, account.followers_count


def test_follow_answers_the_relationship_and_counts(api, alice, bob, rel):
    response = act(api, alice, bob, "follow")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(bob.id)
    assert (body["following"], body["showing_reblogs"], body["notifying"]) == (True, True, False)
    assert body["languages"] is None
    assert body["requested"] is False
    assert counts(alice) == (1, 0) and counts(bob) == (0, 1)
    # The other side
    assert rel(bob, alice)["followed_by"] is True
    assert rel(bob, alice)["following"] is False


def test_following_again_changes_options_without_counting_twice(api, alice, bob):
    act(api, alice, bob, "follow")
    response = act(api, alice, bob, "follow", {"reblogs": "false", "notify": "true", "languages[]": ["en", "DE"]})
    body = response.json()
    assert (body["following"], body["showing_reblogs"], body["notifying"]) == (True, False, True)
    assert body["languages"] == ["en", "de"]
    # Options not sent stay as they were
    body = act(api, alice, bob, "follow").json()
    assert (body["showing_reblogs"], body["notifying"], body["languages"]) == (False, True, ["en", "de"])
    # An empty list means every language again
    body = act(api, alice, bob, "follow", {"languages": []}, format="json").json()
    assert body["languages"] is None
    assert counts(alice) == (1, 0) and counts(bob) == (0, 1)
    assert Follow.objects.count() == 1


def test_follow_with_a_json_body(api, alice, bob):
    body = act(api, alice, bob, "follow", {"reblogs": False, "languages": ["fr"]}, format="json").json()
    assert (body["showing_reblogs"], body["languages"]) == (False, ["fr"])


def test_follow_with_bad_languages(api, alice, bob):
    response = act(api, alice, bob, "follow", {"languages[]": ["english!"]})
    assert response.status_code == 422
    assert "languages" in response.json()["details"]
    assert not Follow.objects.exists()


def test_unfollow(api, alice, bob, rel):
    act(api, alice, bob, "follow")
    response = act(api, alice, bob, "unfollow")
    assert response.status_code == 200
    assert response.json()["following"] is False
    assert counts(alice) == (0, 0) and counts(bob) == (0, 0)
    assert rel(bob, alice)["followed_by"] is False
    # Unfollowing again is fine and changes nothing
    assert act(api, alice, bob, "unfollow").status_code == 200
    assert counts(alice) == (0, 0) and counts(bob) == (0, 0)


def test_unfollow_removes_the_endorsement(api, alice, bob):
    act(api, alice, bob, "follow")
    act(api, alice, bob, "pin")
    act(api, alice, bob, "unfollow")
    assert not AccountPin.objects.exists()


def test_remove_from_followers(api, alice, bob, rel):
    act(api, alice, bob, "follow")
    response = act(api, bob, alice, "remove_from_followers")
    assert response.status_code == 200
    assert response.json()["followed_by"] is False
    assert rel(alice, bob)["following"] is False
    assert counts(alice) == (0, 0) and counts(bob) == (0, 0)


def test_following_a_locked_account_is_a_request_until_authorized(api, alice, bob, rel):
    Account.objects.filter(pk=bob.id).update(locked=True)
    body = act(api, alice, bob, "follow", {"reblogs": "false", "notify": "true"}).json()
    assert (body["following"], body["requested"]) == (False, True)
    # The options chosen show already, as on Mastodon
    assert (body["showing_reblogs"], body["notifying"]) == (False, True)
    assert counts(alice) == (0, 0) and counts(bob) == (0, 0)
    assert rel(bob, alice)["requested_by"] is True
    assert [item["id"] for item in api.get("/api/v1/follow_requests", token=bob.token).json()] == [str(alice.id)]

    response = api.post(f"/api/v1/follow_requests/{alice.id}/authorize", token=bob.token)
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["followed_by"], response.json()["requested_by"]) == (
        str(alice.id), True, False)
    body = rel(alice, bob)
    assert (body["following"], body["requested"]) == (True, False)
    assert (body["showing_reblogs"], body["notifying"]) == (False, True)
    assert counts(alice) == (1, 0) and counts(bob) == (0, 1)
    assert api.get("/api/v1/follow_requests", token=bob.token).json() == []
    # No request left to authorize
    assert api.post(f"/api/v1/follow_requests/{alice.id}/authorize", token=bob.token).status_code == 404
    assert counts(bob) == (0, 1)


def test_following_again_while_requested_updates_the_request(api, alice, bob):
    Account.objects.filter(pk=bob.id).update(locked=True)
    act(api, alice, bob, "follow")
    body = act(api, alice, bob, "follow", {"reblogs": "0"}).json()
    assert (body["requested"], body["showing_reblogs"]) == (True, False)
    assert FollowRequest.objects.count() == 1


def test_reject_follow_request(api, alice, bob, rel):
    Account.objects.filter(pk=bob.id).update(locked=True)
    act(api, alice, bob, "follow")
    response = api.post(f"/api/v1/follow_requests/{alice.id}/reject", token=bob.token)
    assert response.status_code == 200
    assert response.json()["requested_by"] is False and response.json()["followed_by"] is False
    assert rel(alice, bob)["requested"] is False
    assert api.post(f"/api/v1/follow_requests/{alice.id}/reject", token=bob.token).status_code == 404
    assert counts(bob) == (0, 0)


def test_authorize_or_reject_without_a_request(api, alice, bob):
    for action in ("authorize", "reject"):
        response = api.post(f"/api/v1/follow_requests/{alice.id}/{action}", token=bob.token)
        assert response.status_code == 404
        assert response.json() == {"error": "Record not found"}
        assert api.post(f"/api/v1/follow_requests/123/{action}", token=bob.token).status_code == 404


def test_unfollow_withdraws_a_pending_request(api, alice, bob, rel):
    Account.objects.filter(pk=bob.id).update(locked=True)
    act(api, alice, bob, "follow")
    body = act(api, alice, bob, "unfollow").json()
    assert body["requested"] is False
    assert rel(bob, alice)["requested_by"] is False


def test_following_yourself_or_a_suspended_account_is_not_found(api, alice, bob):
    # Mastodon's FollowService: following_not_possible? raises RecordNotFound
    response = act(api, alice, alice, "follow")
    assert response.status_code == 404
    Account.objects.filter(pk=bob.id).update(suspended_at=timezone.now())
    assert act(api, alice, bob, "follow").status_code == 404
    assert counts(alice) == (0, 0)


def test_following_across_a_block_is_forbidden(api, alice, bob, carol):
    act(api, bob, alice, "block")
    response = act(api, alice, bob, "follow")
    assert response.status_code == 403
    assert response.json() == {"error": "This action is not allowed"}
    response = act(api, bob, alice, "follow")  # the one blocking
    assert response.status_code == 403
    assert not Follow.objects.exists() and not FollowRequest.objects.exists()


def test_following_a_moved_account_is_forbidden(api, alice, bob, carol):
    Account.objects.filter(pk=bob.id).update(moved_to=carol.account)
    assert act(api, alice, bob, "follow").status_code == 403


def test_following_a_remote_account_waits_for_it_to_accept(api, alice, remote):
    account = remote()
    body = act(api, alice, account.id, "follow").json()
    assert (body["following"], body["requested"]) == (False, True)


def test_unknown_account(api, alice):
    for account_id in ("123", "abc", "99999999999999999999999"):
        for action in ("follow", "unfollow", "remove_from_followers"):
            response = act(api, alice, account_id, action)
            assert response.status_code == 404, (account_id, action)
            assert response.json() == {"error": "Record not found"}


def test_concurrent_style_double_follow_counts_once(alice, bob):
    """Two follows of the same pair (as when two requests race) make one row, one count."""
    from relationships import services

    services.follow(alice.account, bob.account)
    services.follow(alice.account, bob.account)
    services.unfollow(alice.account, bob.account)
    services.unfollow(alice.account, bob.account)
    assert counts(alice) == (0, 0) and counts(bob) == (0, 0)


# POST /api/v1/follows (uri=username@domain)

def test_follow_by_handle(api, alice, bob):
    response = api.post("/api/v1/follows", {"uri": "bob"}, token=alice.token)
    assert response.status_code == 200, response.content
    assert response.json()["id"] == str(bob.id)
    assert response.json()["followers_count"] == 1
    assert Follow.objects.filter(account=alice.account, target_account=bob.account).exists()
    assert api.post("/api/v1/follows", {"uri": "@BOB@127.0.0.1:8000"}, token=alice.token).status_code == 200
    assert counts(bob) == (0, 1)


def test_follow_by_handle_errors(api, alice):
    response = api.post("/api/v1/follows", {"uri": "someone@remote.example"}, token=alice.token)
    assert response.status_code == 422
    assert response.json() == {"error": "Remote accounts are not supported yet"}
    assert api.post("/api/v1/follows", {"uri": "nobody"}, token=alice.token).status_code == 404
    assert api.post("/api/v1/follows", {}, token=alice.token).status_code == 400
    assert api.post("/api/v1/follows", {"uri": "@"}, token=alice.token).status_code == 422
    assert api.post("/api/v1/follows", {"uri": "bob"}).status_code == 401
