"""GET /api/v1/accounts?id[]=, accounts by handle, identity_proofs, lists, and search."""
import pytest
from django.utils import timezone

from accounts.models import Account
from relationships import services
from tests.factories import make_token, make_user


def remote(username, domain="remote.example", **fields):
    return Account.objects.create(username=username, domain=domain, uri=f"https://{domain}/users/{username}",
                                  url=f"https://{domain}/@{username}", **fields)


def ids(response):
    assert response.status_code == 200, response.content
    return [account["id"] for account in response.json()]


# GET /api/v1/accounts?id[]=...

def test_multiple_accounts_in_the_order_requested(api, user):
    bob = make_user("bob").account
    far = remote("far")
    response = api.get("/api/v1/accounts", {"id[]": [str(far.id), "123", str(user.account_id), str(bob.id)]})
    assert ids(response) == [str(far.id), str(user.account_id), str(bob.id)]


def test_multiple_accounts_leaves_out_duplicates_and_unconfirmed(api, user):
    pending = make_user("pending", confirmed=False).account
    response = api.get("/api/v1/accounts", {"id[]": [user.account_id, user.account_id, pending.id]},
                       token=make_token(user, scopes="read:accounts"))
    assert ids(response) == [str(user.account_id)]
    assert ids(api.get("/api/v1/accounts")) == []


def test_multiple_accounts_bad_input(api, user):
    response = api.get("/api/v1/accounts", {"id[]": [str(n) for n in range(1, 42)]})
    assert response.status_code == 422
    assert "40" in response.json()["error"]
    assert api.get("/api/v1/accounts", {"id[]": ["abc"]}).status_code == 400
    assert api.get("/api/v1/accounts", {"id[]": [user.account_id]}, token="nope").status_code == 401
    token = make_token(user, scopes="write")
    assert api.get("/api/v1/accounts", {"id[]": [user.account_id]}, token=token).status_code == 403


def test_multiple_accounts_query_count(api, user, django_assert_max_num_queries):
    few = [make_user(f"few{n}").account_id for n in range(3)]
    many = few + [make_user(f"many{n}").account_id for n in range(27)]
    for wanted in (few, many):
        with django_assert_max_num_queries(3):
            assert len(ids(api.get("/api/v1/accounts", {"id[]": wanted}))) == len(wanted)


def test_registration_still_on_the_same_path(api, db):
    response = api.post("/api/v1/accounts", {"username": "x"})
    assert response.status_code == 401


# GET /api/v1/accounts/:id by handle (Pleroma)

def test_account_by_username_and_handle(api, user):
    far = remote("far")
    assert api.get("/api/v1/accounts/alice").json()["id"] == str(user.account_id)
    assert api.get("/api/v1/accounts/ALICE").json()["id"] == str(user.account_id)
    assert api.get(f"/api/v1/accounts/{user.account_id}").json()["username"] == "alice"
    assert api.get("/api/v1/accounts/far@remote.example").json()["id"] == str(far.id)
    assert api.get("/api/v1/accounts/far").status_code == 404  # not a local account
    assert api.get("/api/v1/accounts/nobody@remote.example").status_code == 404


def test_digit_username_when_no_such_id(api, db):
    digits = make_user("12345").account
    assert api.get("/api/v1/accounts/12345").json()["id"] == str(digits.id)


# identity_proofs and lists

def test_identity_proofs_are_always_empty(api, user, token):
    response = api.get(f"/api/v1/accounts/{user.account_id}/identity_proofs", token=token)
    assert response.status_code == 200 and response.json() == []
    assert api.get("/api/v1/accounts/123/identity_proofs", token=token).status_code == 404
    assert api.get(f"/api/v1/accounts/{user.account_id}/identity_proofs").status_code == 401
    app_token = make_token(None, scopes="read")
    assert api.get(f"/api/v1/accounts/{user.account_id}/identity_proofs", token=app_token).status_code == 422


def test_account_lists(api, user, token):
    bob = make_user("bob").account
    response = api.get(f"/api/v1/accounts/{bob.id}/lists", token=token)
    assert response.status_code == 200 and response.json() == []
    assert api.get("/api/v1/accounts/123/lists", token=token).status_code == 404
    assert api.get(f"/api/v1/accounts/{bob.id}/lists").status_code == 401
    assert api.get(f"/api/v1/accounts/{bob.id}/lists", token=make_token(user, scopes="read:lists")).status_code == 200
    response = api.get(f"/api/v1/accounts/{bob.id}/lists", token=make_token(user, scopes="read:accounts"))
    assert response.status_code == 403


# GET /api/v1/accounts/search

def search(api, token, q, **params):
    return api.get("/api/v1/accounts/search", {"q": q, **params}, token=token)


def usernames(response):
    assert response.status_code == 200, response.content
    return [account["acct"] for account in response.json()]


@pytest.fixture
def people(user):
    """alice searching; bob (2 followers), bobby (5 followers), "Bob Smith" display name, a remote bob."""
    make_user("bob")
    Account.objects.filter(username="bob").update(followers_count=2)
    make_user("bobby")
    Account.objects.filter(username="bobby").update(followers_count=5)
    make_user("zed", display_name="Uncle Bob")
    remote("bob", followers_count=50)
    make_user("carol")


def test_search_exact_match_first_then_by_followers(api, token, people):
    assert usernames(search(api, token, "bob")) == ["bob", "bob@remote.example", "bobby", "zed"]
    assert usernames(search(api, token, "@BOB")) == ["bob", "bob@remote.example", "bobby", "zed"]
    assert usernames(search(api, token, "bobb")) == ["bobby"]
    assert usernames(search(api, token, "uncle")) == ["zed"]
    assert usernames(search(api, token, "nobody")) == []


def test_search_followed_accounts_first(api, user, token, people):
    services.follow(user.account, Account.objects.get(username="zed"))
    assert usernames(search(api, token, "bob")) == ["bob", "zed", "bob@remote.example", "bobby"]
    assert usernames(search(api, token, "bob", following="true")) == ["zed"]


def test_search_with_a_domain(api, token, people):
    assert usernames(search(api, token, "bob@remote.example")) == ["bob@remote.example"]
    assert usernames(search(api, token, "@bob@remote")) == ["bob@remote.example"]
    assert usernames(search(api, token, "bob@127.0.0.1:8000")) == ["bob", "bobby"]


def test_search_limit_offset_and_resolve(api, token, people):
    assert usernames(search(api, token, "bob", limit=2)) == ["bob", "bob@remote.example"]
    assert usernames(search(api, token, "bob", limit=2, offset=2)) == ["bobby", "zed"]
    assert usernames(search(api, token, "bob", limit=500, resolve="true")) == ["bob", "bob@remote.example",
                                                                              "bobby", "zed"]


def test_search_leaves_out_hidden_and_suspended_accounts(api, user, token, people):
    bob, bobby, zed = (Account.objects.get(username=name, domain=None) for name in ("bob", "bobby", "zed"))
    services.block(user.account, bob)
    services.block(bobby, user.account)
    services.mute(user.account, zed)
    assert usernames(search(api, token, "bob")) == ["bob@remote.example"]
    Account.objects.filter(domain="remote.example").update(suspended_at=timezone.now())
    assert usernames(search(api, token, "bob")) == []
    make_user("bobpending", confirmed=False)
    assert usernames(search(api, token, "bobp")) == []


def test_search_bad_input_and_tokens(api, user, token):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = api.get("/api/v1/accounts/search", params, token=token)
        assert response.status_code == 400
        assert "q" in response.json()["error"]
    assert search(api, token, "bob", limit="many").status_code == 400
    assert api.get("/api/v1/accounts/search", {"q": "bob"}).status_code == 401
    assert search(api, make_token(user, scopes="write"), "bob").status_code == 403
    assert search(api, make_token(None, scopes="read"), "bob").status_code == 422
    assert search(api, make_token(user, scopes="read:accounts"), "bob").status_code == 200


def test_search_query_count(api, user, token, django_assert_max_num_queries):
    for n in range(3):
        make_user(f"few{n}")
    with django_assert_max_num_queries(3):
        assert len(usernames(search(api, token, "few"))) == 3
    for n in range(30):
        make_user(f"many{n}")
    with django_assert_max_num_queries(3):
        assert len(usernames(search(api, token, "many"))) == 30
