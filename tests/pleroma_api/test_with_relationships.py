"""Pleroma's with_relationships=true beyond the account lists: GET /api/v1/accounts/:id, the
timelines (home, public, tag, list, an account's statuses) and notifications put the viewer's
Relationship in `pleroma.relationship` of every account they show (authors, reblogged
authors, notification accounts), in a fixed number of queries per page; without it (or
signed out) the relationship stays {}."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.openapi import _validator
from tests.pleroma_api.schemas import ACCOUNT_PLEROMA, check, check_statuses
from tests.timelines.feeds_helpers import (act, alice, api, bob, carol, dave, follow, get, person, post,  # noqa: F401
                                           status_action)
from tests.timelines.test_list_timeline import make_list


def check_relationship(body, account_id):
    errors = list(_validator("#/components/schemas/Relationship").iter_errors(body))
    assert not errors, errors[:3]
    assert body["id"] == str(account_id)


def accounts_of(statuses):
    """Every account a list of Status entities shows: authors and reblogged authors."""
    shown = []
    for status in statuses:
        shown.append(status["account"])
        if status["reblog"]:
            shown.append(status["reblog"]["account"])
    return shown


def test_account(api, alice, bob):
    follow(api, bob, alice)
    path = f"/api/v1/accounts/{alice.id}"
    plain = get(api, bob, path).json()
    assert plain["pleroma"]["relationship"] == {}
    with_them = get(api, bob, path, {"with_relationships": "true"}).json()
    check(ACCOUNT_PLEROMA, with_them["pleroma"])
    relationship = with_them["pleroma"]["relationship"]
    check_relationship(relationship, alice.id)
    assert relationship["following"] is True and relationship["followed_by"] is False
    # Relative to the viewer; nothing for a signed-out one.
    assert get(api, alice, f"/api/v1/accounts/{bob.id}", {"with_relationships": "1"}).json()["pleroma"][
        "relationship"]["followed_by"] is True
    assert get(api, None, path, {"with_relationships": "true"}).json()["pleroma"]["relationship"] == {}
    # The same answer as without it, but for the relationship.
    with_them["pleroma"]["relationship"] = {}
    assert with_them == plain


def test_without_the_parameter_nothing_changes(api, alice, bob):
    follow(api, bob, alice)
    post(api, alice, "hello")
    for path in ("/api/v1/timelines/home", "/api/v1/timelines/public", f"/api/v1/accounts/{alice.id}/statuses"):
        plain = get(api, bob, path).content
        assert get(api, bob, path, {"with_relationships": "false"}).content == plain
        assert all(account["pleroma"]["relationship"] == {} for account in accounts_of(get(api, bob, path).json()))


TIMELINES = ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/cats", "list",
             "account"]


@pytest.mark.parametrize("path", TIMELINES)
def test_timelines(api, alice, bob, carol, path):
    follow(api, bob, alice)
    follow(api, bob, carol)
    act(api, carol, bob, "follow")
    if path == "list":
        path = f"/api/v1/timelines/list/{make_list(api, bob, members=[alice, carol])}"
    elif path == "account":
        path = f"/api/v1/accounts/{alice.id}/statuses"
    carols = post(api, carol, "carol's #cats")
    status_action(api, alice, carols, "reblog")
    post(api, alice, "alice's #cats")
    response = get(api, bob, path, {"with_relationships": "true"})
    statuses = response.json()
    check_statuses(statuses)
    shown = accounts_of(statuses)
    assert {account["id"] for account in shown} == {str(alice.id), str(carol.id)}
    for account in shown:
        check(ACCOUNT_PLEROMA, account["pleroma"])
        relationship = account["pleroma"]["relationship"]
        check_relationship(relationship, account["id"])
        assert relationship["following"] is True
        assert relationship["followed_by"] is (account["id"] == str(carol.id))
    anonymous = path.startswith("/api/v1/timelines/public") or path.startswith("/api/v1/timelines/tag")
    if anonymous:
        signed_out = get(api, None, path, {"with_relationships": "true"}).json()
        assert signed_out and all(account["pleroma"]["relationship"] == {} for account in accounts_of(signed_out))


def test_with_muted_home_too(api, alice, bob):
    follow(api, bob, alice)
    act(api, bob, alice, "mute")
    post(api, alice, "muted")
    [status] = get(api, bob, "/api/v1/timelines/home", {"with_muted": "true", "with_relationships": "true"}).json()
    relationship = status["account"]["pleroma"]["relationship"]
    assert relationship["muting"] is True and relationship["following"] is True


def test_notifications(api, alice, bob, carol):
    follow(api, alice, bob)
    act(api, carol, alice, "follow")
    post(api, bob, "@alice hi")
    status_action(api, carol, post(api, alice, "mine"), "favourite")
    listed = get(api, alice, "/api/v1/notifications", {"with_relationships": "true"}).json()
    assert [n["type"] for n in listed] == ["favourite", "mention", "follow"]
    for notification in listed:
        shown = [notification["account"]] + ([notification["status"]["account"]] if notification["status"] else [])
        for account in shown:
            check_relationship(account["pleroma"]["relationship"], account["id"])
    favourite, mentioned, followed = listed
    assert favourite["account"]["pleroma"]["relationship"]["followed_by"] is True  # carol follows alice
    assert favourite["status"]["account"]["id"] == str(alice.id)
    assert mentioned["status"]["account"]["pleroma"]["relationship"]["following"] is True  # alice follows bob
    assert followed["account"]["id"] == str(carol.id)
    one = get(api, alice, f"/api/v1/notifications/{mentioned['id']}", {"with_relationships": "true"}).json()
    assert one["account"]["pleroma"]["relationship"]["following"] is True
    plain = get(api, alice, "/api/v1/notifications").json()
    assert all(n["account"]["pleroma"]["relationship"] == {} for n in plain)


def _count(api, who, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = get(api, who, path, params)
    return len(queries), response.json()


@pytest.mark.parametrize("path", ["/api/v1/timelines/home", "/api/v1/timelines/public", "account"])
def test_timeline_queries_are_constant(api, bob, person, path):
    """A page of 2 authors and one of 12 run the same queries."""
    owner = person("owner")
    follow(api, bob, owner)
    if path == "account":
        path = f"/api/v1/accounts/{owner.id}/statuses"

    def add_authors(count, start):
        for index in range(start, start + count):
            author = person(f"author{index}")
            follow(api, bob, author)
            status = post(api, author, f"post {index}")
            status_action(api, owner, status, "reblog")  # the owner's statuses show every author
            post(api, owner, f"own {index}")

    add_authors(2, 0)
    params = {"with_relationships": "true", "limit": 40}
    get(api, bob, path, params)  # sign-in bookkeeping done
    small, page = _count(api, bob, path, params)
    assert page
    add_authors(10, 2)
    large, page = _count(api, bob, path, params)
    assert len({account["id"] for account in accounts_of(page)}) >= 11
    assert large <= small, (small, large)


def test_notification_queries_are_constant(api, alice, person):
    def notify(count, start):
        for index in range(start, start + count):
            post(api, person(f"fan{index}"), f"@alice hi {index}")

    notify(2, 0)
    params = {"with_relationships": "true"}
    get(api, alice, "/api/v1/notifications", params)
    small, page = _count(api, alice, "/api/v1/notifications", params)
    assert len(page) == 2
    notify(10, 2)
    large, page = _count(api, alice, "/api/v1/notifications", params)
    assert len(page) == 12 and large <= small, (small, large)
