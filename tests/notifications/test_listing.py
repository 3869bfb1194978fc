"""GET /api/v1/notifications and the single-notification methods: filters, pagination,
dismissing, unread count, access and a fixed number of queries."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import find_role
from notifications.models import Notification
from notifications.services import notify


@pytest.fixture
def followers(person, alice, act):
    """Five accounts that followed alice, oldest first."""
    people = [person(f"fan{index}") for index in range(5)]
    for someone in people:
        act(someone, "follow", alice)
    return people


def ids(items):
    return [item["id"] for item in items]


def test_list_newest_first_with_link_header(api, alice, followers):
    response = api.get("/api/v1/notifications", {"limit": 2}, token=alice.token)
    assert response.status_code == 200
    first = response.json()
    assert [n["account"]["id"] for n in first] == [str(followers[4].id), str(followers[3].id)]
    link = response["Link"]
    assert f"max_id={first[-1]['id']}" in link and f"min_id={first[0]['id']}" in link
    second = api.get("/api/v1/notifications", {"limit": 2, "max_id": first[-1]["id"]}, token=alice.token).json()
    assert [n["account"]["id"] for n in second] == [str(followers[2].id), str(followers[1].id)]
    newer = api.get("/api/v1/notifications", {"min_id": second[0]["id"], "limit": 1}, token=alice.token).json()
    assert ids(newer) == [ids(first)[1]]
    since = api.get("/api/v1/notifications", {"since_id": second[0]["id"]}, token=alice.token).json()
    assert ids(since) == ids(first)
    assert len(api.get("/api/v1/notifications", {"limit": 500}, token=alice.token).json()) == 5


def test_entity_shape(api, alice, followers):
    (notification,) = api.get("/api/v1/notifications", {"limit": 1}, token=alice.token).json()
    assert set(notification) >= {"id", "type", "group_key", "created_at", "account", "status", "report", "event",
                                 "moderation_warning"}
    assert notification["created_at"].endswith("Z")


def test_types_exclude_types_and_account_id(api, alice, bob, followers, notifications):
    notify(alice.account, "admin.sign_up", bob.account)
    assert [n["type"] for n in notifications(alice, **{"types[]": ["admin.sign_up"]})] == ["admin.sign_up"]
    assert {n["type"] for n in notifications(alice, **{"exclude_types[]": ["follow"]})} == {"admin.sign_up"}
    assert len(notifications(alice, **{"types[]": ["follow", "mention"]})) == 5
    assert notifications(alice, **{"types[]": ["bogus"]}) == []
    only = notifications(alice, account_id=str(followers[0].id))
    assert [n["account"]["id"] for n in only] == [str(followers[0].id)]


def test_get_one_and_someone_elses(api, alice, bob, followers):
    notification = Notification.objects.filter(recipient=alice.account).first()
    response = api.get(f"/api/v1/notifications/{notification.id}", token=alice.token)
    assert response.status_code == 200 and response.json()["id"] == str(notification.id)
    assert api.get(f"/api/v1/notifications/{notification.id}", token=bob.token).status_code == 404
    assert api.get("/api/v1/notifications/12x", token=alice.token).status_code == 404
    assert api.get("/api/v1/notifications/99999999999999999999999", token=alice.token).status_code == 404


def test_dismiss_one_old_dismiss_and_clear(api, alice, bob, followers, notifications):
    listed = notifications(alice)
    assert api.post(f"/api/v1/notifications/{listed[0]['id']}/dismiss", token=bob.token).status_code == 404
    response = api.post(f"/api/v1/notifications/{listed[0]['id']}/dismiss", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    response = api.post("/api/v1/notifications/dismiss", {"id": listed[1]["id"]}, token=alice.token)
    assert response.status_code == 200
    assert ids(notifications(alice)) == ids(listed[2:])
    assert api.post("/api/v1/notifications/dismiss", {}, token=alice.token).status_code == 400
    assert api.post("/api/v1/notifications/dismiss", {"id": listed[0]["id"]}, token=alice.token).status_code == 404
    assert api.post("/api/v1/notifications/clear", token=alice.token).json() == {}
    assert notifications(alice) == []


def test_unread_count(api, alice, followers):
    response = api.get("/api/v1/notifications/unread_count", token=alice.token)
    assert response.status_code == 200 and response.json() == {"count": 5}
    assert api.get("/api/v1/notifications/unread_count", {"limit": 2}, token=alice.token).json() == {"count": 2}
    assert api.get("/api/v1/notifications/unread_count", {"exclude_types[]": ["follow"]},
                   token=alice.token).json() == {"count": 0}


def test_unread_count_follows_the_marker(api, alice, followers):
    listed = api.get("/api/v1/notifications", token=alice.token).json()
    response = api.post("/api/v1/markers", {"notifications[last_read_id]": listed[2]["id"]}, token=alice.token)
    assert response.status_code == 200, response.content
    assert api.get("/api/v1/notifications/unread_count", token=alice.token).json() == {"count": 2}


def test_pleroma_read(api, alice, followers):
    listed = api.get("/api/v1/notifications", token=alice.token).json()
    response = api.post("/api/v1/pleroma/notifications/read", {"id": listed[3]["id"]}, token=alice.token)
    assert response.status_code == 200
    assert response.json()["id"] == listed[3]["id"]
    response = api.post("/api/v1/pleroma/notifications/read", {"max_id": listed[1]["id"]}, token=alice.token)
    assert response.status_code == 200
    assert ids(response.json()) == ids(listed[1:])
    assert api.get("/api/v1/notifications/unread_count", token=alice.token).json() == {"count": 1}
    marker = api.get("/api/v1/markers", {"timeline[]": ["notifications"]}, token=alice.token).json()
    assert marker["notifications"]["last_read_id"] == listed[1]["id"]
    # never moves back
    api.post("/api/v1/pleroma/notifications/read", {"id": listed[4]["id"]}, token=alice.token)
    assert api.get("/api/v1/notifications/unread_count", token=alice.token).json() == {"count": 1}
    assert api.post("/api/v1/pleroma/notifications/read", {}, token=alice.token).status_code == 400


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/notifications"), ("get", "/api/v1/notifications/1"), ("post", "/api/v1/notifications/clear"),
    ("post", "/api/v1/notifications/1/dismiss"), ("get", "/api/v1/notifications/unread_count"),
    ("get", "/api/v2/notifications"), ("get", "/api/v2/notifications/policy"),
    ("patch", "/api/v2/notifications/policy"), ("get", "/api/v1/notifications/requests"),
    ("get", "/api/v1/push/subscription"),
])
def test_a_token_is_required(api, method, path):
    assert getattr(api, method)(path).status_code == 401


@pytest.mark.parametrize("scopes, method, path, allowed", [
    ("read:notifications", "get", "/api/v1/notifications", True),
    ("read", "get", "/api/v2/notifications", True),
    ("write", "get", "/api/v1/notifications", False),
    ("read:statuses", "get", "/api/v1/notifications", False),
    ("read:notifications", "post", "/api/v1/notifications/clear", False),
    ("write:notifications", "post", "/api/v1/notifications/clear", True),
    ("read", "patch", "/api/v2/notifications/policy", False),
    ("read write follow", "get", "/api/v1/push/subscription", False),
    ("push", "get", "/api/v1/push/subscription", None),
])
def test_scopes(api, alice, make_token, scopes, method, path, allowed):
    token = make_token(alice.user, scopes=scopes)
    status = getattr(api, method)(path, token=token).status_code
    if allowed is None:
        assert status == 404  # allowed, and there is no subscription yet
    else:
        assert (status == 200) is allowed and (allowed or status == 403)


def test_app_token_is_refused(api, make_token):
    token = make_token(None, scopes="read write push")
    assert api.get("/api/v1/notifications", token=token).status_code == 422


def count_queries(api, path, token, params=None):
    cache.clear()  # the same cold start each time (the viewer's filters are cached)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, params or {}, token=token)
    assert response.status_code == 200, response.content
    return len(queries), response


@pytest.mark.parametrize("path", ["/api/v1/notifications", "/api/v2/notifications"])
def test_a_page_of_forty_costs_a_fixed_number_of_queries(api, alice, person, path, committed):
    # Admin role: accounts with a highlighted role render it (no query per account either).
    senders = [person(f"sender{index}", role=find_role("Moderator") if index % 2 else None) for index in range(41)]
    for sender in senders[:3]:
        notify(alice.account, "follow", sender.account)
        notify(alice.account, "admin.sign_up", sender.account)
    small, _ = count_queries(api, path, alice.token, {"grouped_types[]": ["favourite"]}
                             if "v2" in path else None)
    for sender in senders[3:]:
        notify(alice.account, "follow", sender.account)
        notify(alice.account, "admin.sign_up", sender.account)
    large, response = count_queries(api, path, alice.token, {"grouped_types[]": ["favourite"]}
                                    if "v2" in path else None)
    body = response.json()
    assert len(body if isinstance(body, list) else body["notification_groups"]) == 40
    assert large == small


@pytest.mark.parametrize("path, params", [
    ("/api/v1/notifications", {"max_id": "abc"}),
    ("/api/v1/notifications", {"limit": "many"}),
    ("/api/v1/notifications", {"account_id": "x"}),
    ("/api/v2/notifications", {"min_id": "1e3"}),
    ("/api/v1/notifications/unread_count", {"limit": "x"}),
])
def test_bad_parameters_are_4xx(api, alice, path, params):
    assert api.get(path, params, token=alice.token).status_code == 400


def test_odd_but_harmless_parameters(api, alice, followers):
    assert len(api.get("/api/v1/notifications", {"limit": "0"}, token=alice.token).json()) == 1
    body = api.get("/api/v2/notifications", {"expand_accounts": "everything", "grouped_types[]": ["nonsense"]},
                   token=alice.token).json()
    assert len(body["notification_groups"]) == 5
    assert api.get("/api/v1/notifications", {"types[]": "follow"}, token=alice.token).status_code == 200
