"""Grouped notifications (/api/v2/notifications): group keys, pagination, one group, its
accounts, dismissing and the unread count."""
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import group_key_for, notify


@pytest.fixture
def followed(alice, person, act, bob):
    """Three accounts followed alice, then bob signed up (as alice would hear as staff)."""
    people = [person(f"fan{index}") for index in range(3)]
    for someone in people:
        act(someone, "follow", alice)
    notify(alice.account, "admin.sign_up", bob.account)
    return people


def grouped(api, viewer, **params):
    response = api.get("/api/v2/notifications", params, token=viewer.token)
    assert response.status_code == 200, response.content
    return response


def test_follows_group_together(api, alice, bob, followed):
    body = grouped(api, alice).json()
    signup, follows = body["notification_groups"]
    assert signup["type"] == "admin.sign_up" and signup["notifications_count"] == 1
    assert signup["group_key"].startswith("admin.sign_up-")
    assert follows["type"] == "follow" and follows["notifications_count"] == 3
    assert follows["group_key"] == Notification.objects.filter(type="follow").first().group_key
    assert follows["sample_account_ids"] == [str(p.id) for p in reversed(followed)]
    newest = Notification.objects.filter(type="follow").order_by("-id").first()
    oldest = Notification.objects.filter(type="follow").order_by("id").first()
    assert follows["most_recent_notification_id"] == newest.id
    assert follows["page_max_id"] == str(newest.id) and follows["page_min_id"] == str(oldest.id)
    assert follows["latest_page_notification_at"].endswith("Z")
    assert follows["status_id"] is None
    assert {account["id"] for account in body["accounts"]} == {str(p.id) for p in followed} | {str(bob.id)}
    assert body["statuses"] == [] and body["partial_accounts"] == []


def test_grouped_types_turns_grouping_off(api, alice, followed):
    body = grouped(api, alice, **{"grouped_types[]": ["favourite"]}).json()
    keys = [group["group_key"] for group in body["notification_groups"]]
    assert len(keys) == 4 and all(key.startswith("ungrouped-") for key in keys)
    assert all(group["notifications_count"] == 1 for group in body["notification_groups"])


def test_partial_avatars(api, alice, followed):
    body = grouped(api, alice, expand_accounts="partial_avatars").json()
    follows = body["notification_groups"][1]
    assert [a["id"] for a in body["accounts"]][1:] == [follows["sample_account_ids"][0]]
    assert [a["id"] for a in body["partial_accounts"]] == follows["sample_account_ids"][1:]
    assert set(body["partial_accounts"][0]) == {"id", "acct", "url", "avatar", "avatar_static", "avatar_description",
                                                "locked", "bot"}


def test_pages_of_groups(api, alice, followed):
    first = grouped(api, alice, limit=1)
    (signup,) = first.json()["notification_groups"]
    assert signup["type"] == "admin.sign_up"
    assert 'rel="next"' in first["Link"]
    second = grouped(api, alice, limit=1, max_id=signup["page_min_id"]).json()
    (follows,) = second["notification_groups"]
    assert follows["type"] == "follow" and follows["notifications_count"] == 3
    newer = grouped(api, alice, min_id=follows["page_max_id"]).json()["notification_groups"]
    assert [group["type"] for group in newer] == ["admin.sign_up"]
    older = grouped(api, alice, max_id=follows["page_max_id"]).json()["notification_groups"]
    assert older[0]["notifications_count"] == 2  # the rest of the group, older than the cursor


def test_one_group_and_its_accounts(api, alice, bob, followed):
    key = Notification.objects.filter(type="follow").first().group_key
    response = api.get(f"/api/v2/notifications/{key}", token=alice.token)
    assert response.status_code == 200
    (group,) = response.json()["notification_groups"]
    assert group["notifications_count"] == 3 and group["page_min_id"] is None
    accounts = api.get(f"/api/v2/notifications/{key}/accounts", token=alice.token)
    assert accounts.status_code == 200
    assert [a["id"] for a in accounts.json()] == [str(p.id) for p in reversed(followed)]
    ungrouped = Notification.objects.get(type="admin.sign_up")
    response = api.get(f"/api/v2/notifications/ungrouped-{ungrouped.id}", token=alice.token)
    assert response.status_code == 200
    assert response.json()["notification_groups"][0]["group_key"] == f"ungrouped-{ungrouped.id}"
    for missing in ("follow-1", "ungrouped-x", "ungrouped-99999999999999999999"):
        assert api.get(f"/api/v2/notifications/{missing}", token=alice.token).status_code == 404
    assert api.get(f"/api/v2/notifications/{key}", token=bob.token).status_code == 404


def test_dismiss_a_group(api, alice, bob, followed):
    key = Notification.objects.filter(type="follow").first().group_key
    assert api.post(f"/api/v2/notifications/{key}/dismiss", token=bob.token).status_code == 200
    assert Notification.objects.filter(type="follow").count() == 3
    response = api.post(f"/api/v2/notifications/{key}/dismiss", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert not Notification.objects.filter(type="follow").exists()


def test_unread_count_counts_groups(api, alice, followed):
    assert api.get("/api/v2/notifications/unread_count", token=alice.token).json() == {"count": 2}
    assert api.get("/api/v2/notifications/unread_count", {"grouped_types[]": ["reblog"]},
                   token=alice.token).json() == {"count": 4}
    listed = api.get("/api/v1/notifications", token=alice.token).json()
    api.post("/api/v1/markers", {"notifications[last_read_id]": listed[1]["id"]}, token=alice.token)
    assert api.get("/api/v2/notifications/unread_count", token=alice.token).json() == {"count": 1}


def test_group_keys_span_at_most_twelve_hours(alice, bob):
    start = timezone.now() - timedelta(hours=30)
    first = group_key_for(alice.account, "follow", None, start)
    Notification.objects.create(recipient=alice.account, type="follow", from_account=bob.account, group_key=first,
                                activity_key="x", created_at=start)
    assert group_key_for(alice.account, "follow", None, start + timedelta(hours=11)) == first
    later = group_key_for(alice.account, "follow", None, start + timedelta(hours=13))
    assert later != first and later.startswith("follow-")
    assert group_key_for(alice.account, "favourite", 42, start) == f"favourite-42-{int(start.timestamp()) // 3600}"
    assert group_key_for(alice.account, "mention", 42, start) is None


def test_filtered_notifications_are_not_grouped(api, alice, bob, act):
    api.patch("/api/v2/notifications/policy", {"for_not_following": "filter"}, token=alice.token)
    act(bob, "follow", alice)
    notification = Notification.objects.get(recipient=alice.account)
    assert notification.filtered and notification.group_key is None
    assert grouped(api, alice).json()["notification_groups"] == []
    body = grouped(api, alice, include_filtered="true").json()
    assert body["notification_groups"][0]["group_key"] == f"ungrouped-{notification.id}"
