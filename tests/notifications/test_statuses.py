"""Notifications about statuses, caused over HTTP by posting, favouriting, reblogging and
editing (the statuses app calls notify() and retract())."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, NotificationRequest


@pytest.fixture
def post(api, committed):
    """post(person, text, **fields) -> the Status entity, after its on-commit work."""
    def call(author, text, **fields):
        with committed():
            response = api.post("/api/v1/statuses", {"status": text, **fields}, token=author.token)
        assert response.status_code == 200, response.content
        return response.json()
    return call


@pytest.fixture
def on_status(api, committed):
    """on_status(person, status, "favourite") -> POST /api/v1/statuses/:id/<action>."""
    def call(viewer, status, action, data=None, method="post"):
        with committed():
            response = getattr(api, method)(f"/api/v1/statuses/{status['id']}/{action}" if action
                                            else f"/api/v1/statuses/{status['id']}", data, token=viewer.token)
        assert response.status_code == 200, response.content
        return response
    return call


def test_mention_notifies_with_the_status(alice, bob, post, notifications, on_status):
    status = post(bob, "hello @alice")
    (notification,) = notifications(alice)
    assert notification["type"] == "mention"
    assert notification["account"]["id"] == str(bob.id)
    assert notification["status"]["id"] == status["id"]
    assert notification["group_key"] == f"ungrouped-{notification['id']}"
    on_status(bob, status, None, method="delete")
    assert notifications(alice) == []


def test_favourite_and_unfavourite(alice, bob, post, notifications, on_status):
    status = post(alice, "a post")
    on_status(bob, status, "favourite")
    (notification,) = notifications(alice)
    assert notification["type"] == "favourite" and notification["status"]["id"] == status["id"]
    assert notification["status"]["favourited"] is False  # as alice sees it
    assert notification["group_key"].startswith(f"favourite-{status['id']}-")
    on_status(alice, status, "favourite")  # her own: nothing
    assert len(notifications(alice)) == 1
    on_status(bob, status, "unfavourite")
    assert notifications(alice) == []


def test_reblog_and_unreblog(alice, bob, post, notifications, on_status):
    status = post(alice, "boost me")
    on_status(bob, status, "reblog")
    (notification,) = notifications(alice)
    assert notification["type"] == "reblog" and notification["status"]["id"] == status["id"]
    on_status(bob, status, "unreblog")
    assert notifications(alice) == []


def test_favourites_of_one_status_group(api, alice, bob, carol, post, on_status):
    status = post(alice, "popular")
    other = post(alice, "less popular")
    on_status(bob, status, "favourite")
    on_status(carol, status, "favourite")
    on_status(bob, other, "favourite")
    body = api.get("/api/v2/notifications", token=alice.token).json()
    groups = body["notification_groups"]
    assert [(g["status_id"], g["notifications_count"]) for g in groups] == [(other["id"], 1), (status["id"], 2)]
    assert groups[1]["sample_account_ids"] == [str(carol.id), str(bob.id)]
    assert [s["id"] for s in body["statuses"]] == [other["id"], status["id"]]


def test_new_posts_of_followed_accounts_with_notify(alice, bob, act, post, notifications):
    act(bob, "follow", alice, {"notify": "true"})
    status = post(alice, "news")
    kinds = [(n["type"], n["status"]["id"] if n["status"] else None) for n in notifications(bob)]
    assert kinds == [("status", status["id"])]


def test_edits_notify_rebloggers_once_per_edit(alice, bob, post, notifications, on_status):
    status = post(alice, "first draft")
    on_status(bob, status, "reblog")
    on_status(alice, status, None, {"status": "second draft"}, method="put")
    (first,) = notifications(bob)
    assert first["type"] == "update" and first["status"]["content"].startswith("<p>second")
    on_status(alice, status, None, {"status": "third draft"}, method="put")
    (second,) = notifications(bob)
    assert int(second["id"]) > int(first["id"])


def test_muted_conversation_is_silent(alice, bob, post, notifications, on_status):
    status = post(alice, "do not disturb")
    on_status(alice, status, "mute")
    on_status(bob, status, "favourite")
    assert notifications(alice) == []


def test_private_mentions_from_strangers_are_filtered(api, alice, bob, post, notifications):
    dm = post(bob, "@alice psst", visibility="direct")
    assert notifications(alice) == []
    (request,) = api.get("/api/v1/notifications/requests", token=alice.token).json()
    assert request["account"]["id"] == str(bob.id) and request["last_status"]["id"] == dm["id"]
    assert request["notifications_count"] == "1"
    summary = api.get("/api/v2/notifications/policy", token=alice.token).json()["summary"]
    assert summary == {"pending_requests_count": 1, "pending_notifications_count": 1}


def test_replies_to_a_conversation_the_user_started_are_not_filtered(alice, bob, post, notifications):
    started = post(alice, "@bob hi, privately", visibility="direct")
    post(bob, "@alice hello back", visibility="direct", in_reply_to_id=started["id"])
    assert [n["type"] for n in notifications(alice)] == ["mention"]
    assert not NotificationRequest.objects.filter(recipient=alice.account).exists()
    assert NotificationRequest.objects.filter(recipient=bob.account).exists()  # alice is a stranger to bob


def test_private_mentions_from_followed_accounts_are_accepted(alice, bob, act, post, notifications):
    act(alice, "follow", bob)
    post(bob, "@alice psst", visibility="direct")
    assert [n["type"] for n in notifications(alice)] == ["mention"]


def test_private_mentions_with_the_policy_accepting(api, alice, bob, post, notifications):
    api.patch("/api/v2/notifications/policy", {"for_private_mentions": "accept"}, token=alice.token)
    post(bob, "@alice psst", visibility="direct")
    assert [n["type"] for n in notifications(alice)] == ["mention"]
    api.patch("/api/v2/notifications/policy", {"for_private_mentions": "drop"}, token=alice.token)
    post(bob, "@alice again", visibility="direct")
    assert len(notifications(alice, include_filtered="true")) == 1


@pytest.mark.parametrize("path", ["/api/v1/notifications", "/api/v2/notifications",
                                  "/api/v1/notifications/requests"])
def test_pages_with_statuses_cost_a_fixed_number_of_queries(api, alice, person, path, committed):
    from statuses.services.posting import post_status

    if "requests" in path:
        api.patch("/api/v2/notifications/policy", {"for_not_following": "filter"}, token=alice.token)
    senders = [person(f"poster{index}") for index in range(40)]

    def mention(count):
        for sender in senders[:count]:
            with committed():
                post_status(sender.account, text=f"@alice hi from {sender.account.username}")

    def measure():
        cache.clear()  # the same cold start both times (the viewer's filters are cached)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path, {"grouped_types[]": ["favourite"]} if "v2" in path else {}, token=alice.token)
        assert response.status_code == 200
        return len(queries)

    mention(3)
    small = measure()
    Notification.objects.all().delete()
    NotificationRequest.objects.all().delete()
    mention(40)
    large = measure()
    assert large == small


def test_notifications_of_a_status_the_recipient_may_no_longer_see(api, alice, bob, act, post, on_status,
                                                                   notifications):
    """A follower removed since (then the post edited) keeps no window on it: the
    notification goes from /api/v1/notifications, /:id and /api/v2/notifications."""
    act(bob, "follow", alice, {"notify": "true"})
    status = post(alice, "for my followers", visibility="private")
    (notification,) = [n for n in notifications(bob) if n["type"] == "status"]
    assert notification["status"]["id"] == status["id"]
    act(alice, "remove_from_followers", bob)
    on_status(alice, status, None, {"status": "a new secret"}, method="put")
    assert [n for n in notifications(bob) if n["status"]] == []
    assert api.get(f"/api/v1/notifications/{notification['id']}", token=bob.token).status_code == 404
    grouped = api.get("/api/v2/notifications", token=bob.token).json()
    assert grouped["statuses"] == [] and all(g["status_id"] is None for g in grouped["notification_groups"])
    assert api.get(f"/api/v2/notifications/{notification['group_key']}", token=bob.token).status_code == 404
    unread = api.get("/api/v1/notifications/unread_count", token=bob.token).json()
    assert unread["count"] == 0
    act(bob, "follow", alice)  # a follower again: the notification is theirs to see again
    (again,) = [n for n in notifications(bob) if n["type"] == "status"]
    assert again["status"]["content"] == "<p>a new secret</p>"
