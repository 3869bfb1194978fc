"""Every endpoint: 401 without a token, 403 with the wrong scope, 422 for app tokens, 404
for unknown accounts."""
import pytest

from tests.factories import make_token

ACCOUNT_ACTIONS = [
    ("follow", "write:follows"), ("unfollow", "write:follows"), ("remove_from_followers", "write:follows"),
    ("block", "write:blocks"), ("unblock", "write:blocks"), ("mute", "write:mutes"), ("unmute", "write:mutes"),
    ("pin", "write:accounts"), ("unpin", "write:accounts"), ("endorse", "write:accounts"),
    ("unendorse", "write:accounts"), ("note", "write:accounts"),
]
USER_LISTS = [("/api/v1/blocks", "read:blocks"), ("/api/v1/mutes", "read:mutes"),
              ("/api/v1/endorsements", "read:accounts"), ("/api/v1/follow_requests", "read:follows"),
              ("/api/v1/domain_blocks", "read:blocks")]


def wrong_scope(scope):
    return "read" if scope.startswith("write") else "write"


@pytest.mark.parametrize("action,scope", ACCOUNT_ACTIONS)
def test_account_actions(api, alice, bob, action, scope):
    path = f"/api/v1/accounts/{bob.id}/{action}"
    response = api.post(path)
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}
    response = api.post(path, token=make_token(alice.user, scopes=wrong_scope(scope)))
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    assert api.post(path, token=make_token(None, scopes="write")).status_code == 422
    assert api.post(f"/api/v1/accounts/123/{action}", token=alice.token).status_code == 404
    assert api.post(f"/api/v1/accounts/nope/{action}", token=alice.token).status_code == 404
    # The granular scope alone is enough (follow is the one needing it before pin)
    token = make_token(alice.user, scopes=f"{scope} write:follows")
    api.post(f"/api/v1/accounts/{bob.id}/follow", token=token)
    assert api.post(path, token=token).status_code == 200
    # GET is not served
    assert api.get(path, token=alice.token).status_code == 405


@pytest.mark.parametrize("path,scope", USER_LISTS)
def test_user_lists(api, alice, path, scope):
    assert api.get(path).status_code == 401
    assert api.get(path, token=make_token(alice.user, scopes="write")).status_code == 403
    assert api.get(path, token=make_token(None, scopes="read")).status_code == 422
    response = api.get(path, token=make_token(alice.user, scopes=scope))
    assert response.status_code == 200 and response.json() == []
    assert "Link" not in response


@pytest.mark.parametrize("action", ["authorize", "reject"])
def test_follow_request_actions(api, alice, bob, action):
    path = f"/api/v1/follow_requests/{bob.id}/{action}"
    assert api.post(path).status_code == 401
    assert api.post(path, token=make_token(alice.user, scopes="read")).status_code == 403
    assert api.post(f"/api/v1/follow_requests/nope/{action}", token=alice.token).status_code == 404


def test_follows_endpoint_scopes(api, alice, bob):
    assert api.post("/api/v1/follows", {"uri": "bob"}, token=make_token(alice.user, scopes="read")).status_code == 403
    assert api.post("/api/v1/follows", {"uri": "bob"},
                    token=make_token(alice.user, scopes="write:follows")).status_code == 200
