"""Lists over HTTP: CRUD, validation, ownership, scopes, members (only followed accounts),
pagination by membership row, /accounts/:id/lists, and memberships following the follow."""
import re

import pytest
from django.utils import timezone

from relationships import services as relationships
from tests.factories import make_token, make_user
from feeds import lists as list_services
from feeds.models import List, ListAccount


class Person:
    def __init__(self, username, **kwargs):
        self.user = make_user(username, **kwargs)
        self.account = self.user.account
        self.id = self.account.id
        self.token = make_token(self.user)


@pytest.fixture
def alice(db):
    return Person("alice")


@pytest.fixture
def bob(db):
    return Person("bob")


@pytest.fixture
def carol(db):
    return Person("carol")


def links(response):
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", "")))


def make_list(api, person, title="Friends", **fields):
    response = api.post("/api/v1/lists", {"title": title, **fields}, token=person.token)
    assert response.status_code == 200, response.content
    return response.json()


def members(api, person, list_id, **query):
    response = api.get(f"/api/v1/lists/{list_id}/accounts", query, token=person.token)
    assert response.status_code == 200, response.content
    return [account["id"] for account in response.json()]


def add(api, person, list_id, *accounts):
    return api.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [str(a.id) for a in accounts]},
                    token=person.token)


# --- CRUD --------------------------------------------------------------------------------

def test_create_with_defaults_and_read_back(api, alice):
    created = make_list(api, alice, "Friends")
    assert created == {"id": created["id"], "title": "Friends", "replies_policy": "list", "exclusive": False}
    assert api.get(f"/api/v1/lists/{created['id']}", token=alice.token).json() == created
    assert api.get("/api/v1/lists", token=alice.token).json() == [created]


def test_create_with_every_field_form_and_json(api, alice):
    form = make_list(api, alice, "Work", replies_policy="followed", exclusive="true")
    assert (form["replies_policy"], form["exclusive"]) == ("followed", True)
    response = api.post("/api/v1/lists", {"title": "News", "replies_policy": "none", "exclusive": True},
                        token=alice.token, format="json")
    assert response.status_code == 200
    assert response.json()["replies_policy"] == "none" and response.json()["exclusive"] is True
    titles = [item["title"] for item in api.get("/api/v1/lists", token=alice.token).json()]
    assert titles == ["Work", "News"]  # in creation order


@pytest.mark.parametrize("data", [{}, {"title": ""}, {"title": "   "}])
def test_blank_title_is_422(api, alice, data):
    response = api.post("/api/v1/lists", data, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Title can't be blank"


def test_title_too_long_and_bad_replies_policy(api, alice):
    response = api.post("/api/v1/lists", {"title": "x" * 257}, token=alice.token)
    assert response.status_code == 422 and "too long" in response.json()["error"]
    assert make_list(api, alice, "x" * 256)["title"] == "x" * 256
    response = api.post("/api/v1/lists", {"title": "A", "replies_policy": "some"}, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "'some' is not a valid replies_policy"
    assert List.objects.filter(account=alice.account, title="A").count() == 0


def test_update_changes_only_what_is_sent(api, alice):
    created = make_list(api, alice, "Friends", replies_policy="followed")
    path = f"/api/v1/lists/{created['id']}"
    response = api.put(path, {"exclusive": "1"}, token=alice.token)
    assert response.json() == {**created, "exclusive": True}
    response = api.put(path, {"title": "Pals", "replies_policy": "none"}, token=alice.token, format="json")
    assert response.json() == {"id": created["id"], "title": "Pals", "replies_policy": "none", "exclusive": True}
    assert api.put(path, {"title": ""}, token=alice.token).status_code == 422
    response = api.put(path, {"replies_policy": "everyone"}, token=alice.token)
    assert response.status_code == 422 and response.json()["error"] == "'everyone' is not a valid replies_policy"
    assert api.get(path, token=alice.token).json()["title"] == "Pals"


def test_delete(api, alice):
    created = make_list(api, alice)
    response = api.delete(f"/api/v1/lists/{created['id']}", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert api.get(f"/api/v1/lists/{created['id']}", token=alice.token).status_code == 404
    assert api.get("/api/v1/lists", token=alice.token).json() == []


def test_others_lists_are_not_found(api, alice, bob):
    theirs = make_list(api, bob, "Bob's")
    path = f"/api/v1/lists/{theirs['id']}"
    for method, data in (("get", None), ("put", {"title": "Mine now"}), ("delete", None)):
        response = getattr(api, method)(path, data, token=alice.token)
        assert response.status_code == 404 and response.json() == {"error": "Record not found"}
    for method in ("get", "post", "delete"):
        assert getattr(api, method)(f"{path}/accounts", {"account_ids[]": [str(bob.id)]},
                                    token=alice.token).status_code == 404
    assert api.get("/api/v1/lists", token=alice.token).json() == []
    assert api.get(path, token=bob.token).json()["title"] == "Bob's"
    for missing in ("123", "abc", "99999999999999999999999"):
        assert api.get(f"/api/v1/lists/{missing}", token=alice.token).status_code == 404


def test_scopes_and_tokens(api, alice):
    created = make_list(api, alice)
    read_only = make_token(alice.user, scopes="read:lists")
    write_only = make_token(alice.user, scopes="write:lists")
    other_scope = make_token(alice.user, scopes="read:accounts write:accounts")
    assert api.get("/api/v1/lists", token=read_only).status_code == 200
    assert api.get(f"/api/v1/lists/{created['id']}/accounts", token=read_only).status_code == 200
    assert api.post("/api/v1/lists", {"title": "x"}, token=read_only).status_code == 403
    assert api.get("/api/v1/lists", token=write_only).status_code == 403
    assert api.post("/api/v1/lists", {"title": "x"}, token=write_only).status_code == 200
    assert api.put(f"/api/v1/lists/{created['id']}", {"title": "y"}, token=write_only).status_code == 200
    assert api.delete(f"/api/v1/lists/{created['id']}/accounts", token=read_only).status_code == 403
    assert api.get("/api/v1/lists", token=other_scope).status_code == 403
    assert api.get(f"/api/v1/accounts/{alice.id}/lists", token=other_scope).status_code == 403
    assert api.get("/api/v1/lists", token=make_token(alice.user, scopes="read")).status_code == 200
    assert api.get("/api/v1/lists").status_code == 401
    assert api.get("/api/v1/lists", token=make_token(None, scopes="read write")).status_code == 422


def test_at_most_fifty_lists(api, alice):
    List.objects.bulk_create([List(account=alice.account, title=f"L{index}") for index in range(50)])
    response = api.post("/api/v1/lists", {"title": "One more"}, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: You have reached the maximum number of lists"


# --- Members ---------------------------------------------------------------------------------

def test_only_followed_accounts_can_be_added(api, alice, bob, carol):
    created = make_list(api, alice)
    relationships.follow(alice.account, bob.account)
    response = add(api, alice, created["id"], bob, carol)  # carol is not followed: nothing is added
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Account must be a followed account"
    assert members(api, alice, created["id"]) == []
    response = add(api, alice, created["id"], bob)
    assert response.status_code == 200 and response.json() == {}
    assert members(api, alice, created["id"]) == [str(bob.id)]
    response = add(api, alice, created["id"], bob)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Account is already on the list"
    # The owner may be in its own list without following itself
    assert add(api, alice, created["id"], alice).status_code == 200
    assert set(members(api, alice, created["id"])) == {str(bob.id), str(alice.id)}


def test_adding_unknown_accounts(api, alice, bob):
    created = make_list(api, alice)
    relationships.follow(alice.account, bob.account)
    path = f"/api/v1/lists/{created['id']}/accounts"
    assert api.post(path, {"account_ids[]": [str(bob.id), "123"]}, token=alice.token).status_code == 404
    assert api.post(path, {"account_ids[]": ["nope"]}, token=alice.token).status_code == 404
    assert api.post(path, {}, token=alice.token).json() == {}  # nothing to add
    assert members(api, alice, created["id"]) == []
    response = api.post(path, {"account_ids": [str(bob.id)]}, token=alice.token, format="json")
    assert response.status_code == 200
    assert members(api, alice, created["id"]) == [str(bob.id)]


def test_remove_accounts(api, alice, bob, carol):
    created = make_list(api, alice)
    for other in (bob, carol):
        relationships.follow(alice.account, other.account)
    add(api, alice, created["id"], bob, carol)
    path = f"/api/v1/lists/{created['id']}/accounts"
    response = api.delete(path, {"account_ids[]": [str(bob.id), "123", "x"]}, token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert members(api, alice, created["id"]) == [str(carol.id)]
    response = api.delete(f"{path}?account_ids[]={carol.id}", token=alice.token)
    assert response.status_code == 200
    assert members(api, alice, created["id"]) == []


@pytest.mark.parametrize("cut", ["unfollow", "block", "blocked_by", "remove_from_followers"])
def test_losing_the_follow_leaves_the_lists(api, alice, bob, carol, cut):
    first, second = make_list(api, alice, "One"), make_list(api, alice, "Two")
    relationships.follow(alice.account, bob.account)
    relationships.follow(alice.account, carol.account)
    for created in (first, second):
        assert add(api, alice, created["id"], bob, carol).status_code == 200
    if cut == "unfollow":
        assert api.post(f"/api/v1/accounts/{bob.id}/unfollow", token=alice.token).status_code == 200
    elif cut == "block":
        relationships.block(alice.account, bob.account)
    elif cut == "blocked_by":
        relationships.block(bob.account, alice.account)
    else:
        relationships.remove_from_followers(bob.account, alice.account)
    for created in (first, second):
        assert members(api, alice, created["id"]) == [str(carol.id)]
    assert api.get(f"/api/v1/accounts/{bob.id}/lists", token=alice.token).json() == []


def test_pending_follow_request_counts_and_moves_to_the_follow(api, alice, bob):
    bob.account.locked = True
    bob.account.save()
    created = make_list(api, alice)
    relationships.follow(alice.account, bob.account)  # a request: bob is locked
    assert add(api, alice, created["id"], bob).status_code == 200
    assert members(api, alice, created["id"]) == [str(bob.id)]
    assert list_services.member_ids(int(created["id"])) == set()  # pending: posts do not reach the list yet
    assert list_services.member_ids(int(created["id"]), active_only=False) == {bob.id}
    response = api.post(f"/api/v1/follow_requests/{alice.id}/authorize", token=bob.token)
    assert response.status_code == 200
    assert members(api, alice, created["id"]) == [str(bob.id)]
    row = ListAccount.objects.get(list_id=created["id"], account=bob.account)
    assert row.follow_id is not None and row.follow_request_id is None
    assert list_services.member_ids(int(created["id"])) == {bob.id}


def test_rejected_follow_request_leaves_the_list(api, alice, bob):
    bob.account.locked = True
    bob.account.save()
    created = make_list(api, alice)
    relationships.follow(alice.account, bob.account)
    add(api, alice, created["id"], bob)
    assert api.post(f"/api/v1/follow_requests/{alice.id}/reject", token=bob.token).status_code == 200
    assert members(api, alice, created["id"]) == []


def test_members_page_by_membership_newest_first(api, alice):
    created = make_list(api, alice)
    others = [Person(f"member{index}") for index in range(5)]
    for other in others:
        relationships.follow(alice.account, other.account)
    # Added in reverse order of creation: the membership row decides the order
    for other in reversed(others):
        assert add(api, alice, created["id"], other).status_code == 200
    expected = [str(other.id) for other in others]  # others[0] was added last
    path = f"/api/v1/lists/{created['id']}/accounts"
    response = api.get(path, {"limit": 2}, token=alice.token)
    assert [item["id"] for item in response.json()] == expected[:2]
    seen, url = [], f"{path}?limit=2"
    while url:
        response = api.get(url.replace("http://127.0.0.1:8000", ""), token=alice.token)
        seen += [item["id"] for item in response.json()]
        url = links(response).get("next")
    assert seen == expected
    first = api.get(path, {"limit": 2}, token=alice.token)
    prev = links(first)["prev"].replace("http://127.0.0.1:8000", "")
    assert api.get(prev, token=alice.token).json() == []
    # limit=0: everyone, no pagination
    response = api.get(path, {"limit": 0}, token=alice.token)
    assert [item["id"] for item in response.json()] == expected and "Link" not in response
    # the default page holds 40
    assert members(api, alice, created["id"]) == expected


def test_suspended_members_are_left_out(api, alice, bob, carol):
    created = make_list(api, alice)
    for other in (bob, carol):
        relationships.follow(alice.account, other.account)
    add(api, alice, created["id"], bob, carol)
    bob.account.suspended_at = timezone.now()
    bob.account.save()
    assert members(api, alice, created["id"]) == [str(carol.id)]
    assert members(api, alice, created["id"], limit=0) == [str(carol.id)]


def test_member_list_runs_constant_queries(api, alice, django_assert_max_num_queries):
    created = make_list(api, alice)
    path = f"/api/v1/lists/{created['id']}/accounts"

    def fill(count):
        for index in range(count):
            other = Person(f"q{len(ListAccount.objects.all())}_{index}")
            relationships.follow(alice.account, other.account)
            list_services.add_accounts(List.objects.get(pk=created["id"]), [other.id])

    fill(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert len(api.get(path, token=alice.token).json()) == 2
    fill(10)
    with django_assert_max_num_queries(len(small)):
        assert len(api.get(path, token=alice.token).json()) == 12
    with django_assert_max_num_queries(len(small)):
        assert len(api.get(path, {"limit": 0}, token=alice.token).json()) == 12


# --- /api/v1/accounts/:id/lists ----------------------------------------------------------

def test_lists_containing_an_account(api, alice, bob, carol):
    one, two, three = (make_list(api, alice, title) for title in ("One", "Two", "Three"))
    relationships.follow(alice.account, bob.account)
    add(api, alice, one["id"], bob)
    add(api, alice, three["id"], bob)
    # bob's own list holding carol is not alice's business
    relationships.follow(bob.account, alice.account)
    bobs = make_list(api, bob, "Bob's")
    add(api, bob, bobs["id"], alice)
    response = api.get(f"/api/v1/accounts/{bob.id}/lists", token=alice.token)
    assert response.status_code == 200
    assert [item["title"] for item in response.json()] == ["One", "Three"]
    assert api.get(f"/api/v1/accounts/{carol.id}/lists", token=alice.token).json() == []
    assert [item["title"] for item in api.get(f"/api/v1/accounts/{alice.id}/lists", token=bob.token).json()] \
        == ["Bob's"]
    assert api.get("/api/v1/accounts/123/lists", token=alice.token).status_code == 404
    assert api.get(f"/api/v1/accounts/{bob.id}/lists").status_code == 401
    assert two["id"] not in [item["id"] for item in response.json()]


def test_lists_with_member_for_fan_out(api, alice, bob, carol):
    relationships.follow(alice.account, bob.account)
    relationships.follow(carol.account, bob.account)
    mine, theirs, empty = make_list(api, alice, "A"), make_list(api, carol, "C"), make_list(api, alice, "E")
    add(api, alice, mine["id"], bob)
    add(api, carol, theirs["id"], bob)
    add(api, alice, empty["id"], alice)
    found = {str(item.id) for item in list_services.lists_with_member(bob.account)}
    assert found == {mine["id"], theirs["id"]}
    assert {str(item.id) for item in list_services.lists_with_member(alice.id)} == {empty["id"]}
    relationships.unfollow(carol.account, bob.account)
    assert {str(item.id) for item in list_services.lists_with_member(bob.id)} == {mine["id"]}
