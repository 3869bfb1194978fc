"""Follow suggestions: GET /api/v1/suggestions, GET /api/v2/suggestions, DELETE /api/v1/suggestions/:id."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Account
from relationships import services
from tests.factories import make_token, make_user


def account(username, followers=0, active=True, **fields):
    created = make_user(username, signed_in=False).account
    fields.setdefault("last_status_at", timezone.now() if active else None)
    fields["followers_count"] = followers
    Account.objects.filter(pk=created.pk).update(**fields)
    created.refresh_from_db()
    return created


def v1(api, token, **params):
    response = api.get("/api/v1/suggestions", params, token=token)
    assert response.status_code == 200, response.content
    return [item["username"] for item in response.json()]


def v2(api, token, **params):
    response = api.get("/api/v2/suggestions", params, token=token)
    assert response.status_code == 200, response.content
    return [(item["account"]["username"], item["sources"], item["source"]) for item in response.json()]


@pytest.fixture
def me(user):
    return user.account


def test_popular_active_local_accounts(api, me, token):
    account("big", followers=10)
    account("small", followers=1)
    account("idle", followers=99, active=False)
    Account.objects.create(username="far", domain="remote.example", followers_count=500,
                           last_status_at=timezone.now())
    assert v1(api, token) == ["big", "small"]
    assert v2(api, token) == [("big", ["most_followed"], "global"), ("small", ["most_followed"], "global")]


def test_friends_of_friends_first(api, me, token):
    bob, carol = account("bob", active=False), account("carol", active=False)
    dave, erin = account("dave"), account("erin", active=False)
    services.follow(me, bob)
    services.follow(me, carol)
    services.follow(bob, dave)
    services.follow(bob, erin)
    services.follow(carol, erin)
    services.follow(bob, me)
    assert v2(api, token) == [("erin", ["friends_of_friends"], "past_interactions"),
                              ("dave", ["friends_of_friends", "most_followed"], "past_interactions")]


def test_friends_hiding_their_collections_reveal_nothing(api, me, token):
    bob, carol = account("bob", active=False), account("carol", active=False, hide_collections=True)
    dave, erin = account("dave", active=False), account("erin", active=False)
    services.follow(me, bob)
    services.follow(me, carol)
    services.follow(bob, dave)
    services.follow(carol, erin)  # whom carol follows is hers to know
    services.follow(carol, dave)
    assert v2(api, token) == [("dave", ["friends_of_friends"], "past_interactions")]
    assert v1(api, token) == ["dave"]


def test_never_suggested(api, me, token):
    for name in ("followed", "requested", "blocked", "blocker", "muted", "suspended", "silenced", "hidden", "fine"):
        account(name, followers=1)
    by_name = {a.username: a for a in Account.objects.all()}
    services.follow(me, by_name["followed"])
    Account.objects.filter(username="requested").update(locked=True)
    by_name["requested"].refresh_from_db()
    services.follow(me, by_name["requested"])
    services.block(me, by_name["blocked"])
    services.block(by_name["blocker"], me)
    services.mute(me, by_name["muted"])
    Account.objects.filter(username="suspended").update(suspended_at=timezone.now())
    Account.objects.filter(username="silenced").update(silenced_at=timezone.now())
    Account.objects.filter(username="hidden").update(discoverable=False)
    Account.objects.filter(pk=me.pk).update(last_status_at=timezone.now(), followers_count=100)
    assert v1(api, token) == ["fine"]


def test_dismissed_never_again(api, me, token):
    bob = account("bob", followers=2)
    account("carol", followers=1)
    response = api.delete(f"/api/v1/suggestions/{bob.id}", token=token)
    assert response.status_code == 200 and response.json() == {}
    assert api.delete(f"/api/v1/suggestions/{bob.id}", token=token).status_code == 200  # again: no error
    assert v1(api, token) == ["carol"]
    assert api.delete("/api/v2/suggestions/carol", token=token).status_code == 200
    assert v1(api, token) == []


def test_dismiss_errors(api, me, token):
    bob = account("bob")
    assert api.delete("/api/v1/suggestions/123", token=token).status_code == 404
    assert api.delete(f"/api/v1/suggestions/{bob.id}").status_code == 401
    assert api.delete(f"/api/v1/suggestions/{bob.id}", token=make_token(me.user, scopes="read")).status_code == 403
    assert api.delete(f"/api/v1/suggestions/{bob.id}", token=make_token(None, scopes="write")).status_code == 422
    write = make_token(me.user, scopes="write:accounts")
    assert api.delete(f"/api/v1/suggestions/{bob.id}", token=write).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/suggestions", "/api/v2/suggestions"])
def test_tokens_and_scopes(api, me, path):
    assert api.get(path).status_code == 401
    assert api.get(path, token=make_token(me.user, scopes="write")).status_code == 403
    assert api.get(path, token=make_token(None, scopes="read")).status_code == 422
    for scopes in ("read", "read:accounts"):
        assert api.get(path, token=make_token(me.user, scopes=scopes)).status_code == 200


def test_limit_and_offset(api, me, token):
    for n in range(5):
        account(f"user{n}", followers=10 - n)
    assert v1(api, token, limit=2) == ["user0", "user1"]
    assert v1(api, token, limit=2, offset=2) == ["user2", "user3"]
    assert len(v1(api, token, limit=500)) == 5
    assert len(v1(api, token, limit=0)) == 1  # clamped, as Mastodon
    assert api.get("/api/v1/suggestions", {"limit": "lots"}, token=token).status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/suggestions", "/api/v2/suggestions"])
def test_query_count(api, me, token, path, django_assert_max_num_queries):
    friend = account("friend", active=False)
    services.follow(me, friend)
    for n in range(3):
        services.follow(friend, account(f"few{n}", followers=1))
    with django_assert_max_num_queries(5):
        assert len(api.get(path, token=token).json()) == 3
    for n in range(27):
        account(f"many{n}", followers=1)
    for n in range(10):
        services.follow(friend, Account.objects.get(username=f"many{n}"))
    with django_assert_max_num_queries(5):
        assert len(api.get(path, token=token).json()) == 30


def test_not_suggested_when_inactive_for_long(api, me, token):
    account("old", followers=5, last_status_at=timezone.now() - timedelta(days=60))
    assert v1(api, token) == []
