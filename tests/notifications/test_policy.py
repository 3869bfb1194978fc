"""The notification policy (v2 and v1 forms), each setting's accept / filter / drop, and
the requests filtered notifications land in."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Account
from notifications.models import Notification, NotificationRequest
from relationships.models import Follow


def set_policy(api, viewer, **values):
    response = api.patch("/api/v2/notifications/policy", values, token=viewer.token)
    assert response.status_code == 200, response.content
    return response.json()


def age(person, days):
    Account.objects.filter(pk=person.id).update(created_at=timezone.now() - timedelta(days=days))
    person.account.refresh_from_db()


def test_default_policy(api, alice):
    response = api.get("/api/v2/notifications/policy", token=alice.token)
    assert response.status_code == 200
    assert response.json() == {
        "for_not_following": "accept", "for_not_followers": "accept", "for_new_accounts": "accept",
        "for_private_mentions": "filter", "for_limited_accounts": "filter",
        "summary": {"pending_requests_count": 0, "pending_notifications_count": 0},
    }


def test_patch_changes_only_what_is_sent_and_rejects_bad_values(api, alice):
    body = set_policy(api, alice, for_not_following="filter")
    assert body["for_not_following"] == "filter" and body["for_private_mentions"] == "filter"
    body = set_policy(api, alice, for_new_accounts="drop")
    assert body["for_not_following"] == "filter" and body["for_new_accounts"] == "drop"
    response = api.patch("/api/v2/notifications/policy", {"for_not_followers": "sometimes"}, token=alice.token)
    assert response.status_code == 422
    assert "for_not_followers" in response.json()["details"]
    assert api.get("/api/v2/notifications/policy", token=alice.token).json()["for_not_followers"] == "accept"


def test_v1_policy_is_the_boolean_form(api, alice):
    # Left out of the OpenAPI file; tests/spec/supplement.json documents it.
    response = api.get("/api/v1/notifications/policy", token=alice.token)
    assert response.status_code == 200
    assert response.json() == {"filter_not_following": False, "filter_not_followers": False,
                               "filter_new_accounts": False, "filter_private_mentions": True,
                               "summary": {"pending_requests_count": 0, "pending_notifications_count": 0}}
    response = api.patch("/api/v1/notifications/policy", {"filter_not_following": "true",
                                                           "filter_private_mentions": "false"}, token=alice.token)
    assert response.json()["filter_not_following"] is True
    v2 = api.get("/api/v2/notifications/policy", token=alice.token).json()
    assert v2["for_not_following"] == "filter" and v2["for_private_mentions"] == "accept"


@pytest.mark.parametrize("setting, prepare", [
    ("for_not_following", None),
    ("for_not_followers", None),
    ("for_new_accounts", None),
    ("for_limited_accounts", "silence"),
])
@pytest.mark.parametrize("value", ["accept", "filter", "drop"])
def test_each_setting(api, alice, bob, act, notifications, setting, prepare, value):
    if setting != "for_new_accounts":
        age(bob, 60)  # only the setting under test applies
    if setting != "for_limited_accounts":
        set_policy(api, alice, for_limited_accounts="accept")
    if prepare == "silence":
        Account.objects.filter(pk=bob.id).update(silenced_at=timezone.now())
    set_policy(api, alice, **{setting: value})
    act(bob, "follow", alice)
    listed = notifications(alice)
    stored = Notification.objects.filter(recipient=alice.account)
    kind = "follow_request" if prepare == "silence" else "follow"  # a limited account asks to follow
    if value == "accept":
        assert [n["type"] for n in listed] == [kind]
        assert not NotificationRequest.objects.exists()
    elif value == "filter":
        assert listed == []
        assert stored.get().filtered
        assert [n["type"] for n in notifications(alice, include_filtered="true")] == [kind]
        assert NotificationRequest.objects.filter(recipient=alice.account, from_account=bob.account).exists()
    else:
        assert listed == [] and not stored.exists()
        assert not NotificationRequest.objects.exists()


def test_settings_spare_accounts_the_user_follows(api, alice, bob, act, notifications):
    set_policy(api, alice, for_not_following="drop", for_new_accounts="drop", for_limited_accounts="drop")
    Account.objects.filter(pk=bob.id).update(silenced_at=timezone.now())
    act(alice, "follow", bob)
    act(bob, "follow", alice)
    assert [n["type"] for n in notifications(alice)] == ["follow_request"]  # limited: asks to follow


def test_old_followers_are_followers_new_ones_are_not(api, alice, bob, carol, act, notifications):
    from notifications.services import notify

    set_policy(api, alice, for_not_followers="drop")
    act(bob, "follow", alice)  # a follower of a minute is not one yet (Mastodon: 3 days)
    assert notifications(alice) == []
    Follow.objects.filter(account=bob.account).update(created_at=timezone.now() - timedelta(days=4))
    assert notify(alice.account, "mention", bob.account) is not None
    assert notify(alice.account, "mention", carol.account) is None


def test_non_filterable_types_ignore_the_policy(api, alice, bob):
    from notifications.services import notify

    set_policy(api, alice, for_not_following="drop", for_new_accounts="drop")
    assert notify(alice.account, "admin.sign_up", bob.account) is not None
    assert notify(alice.account, "follow", bob.account) is None


# --- Requests ----------------------------------------------------------------------------------

@pytest.fixture
def filtered(api, alice, person, act):
    """alice filters strangers; three of them followed her."""
    set_policy(api, alice, for_not_following="filter")
    people = [person(f"stranger{index}") for index in range(3)]
    for someone in people:
        act(someone, "follow", alice)
    return people


def test_requests_list_and_summary(api, alice, filtered):
    response = api.get("/api/v1/notifications/requests", token=alice.token)
    assert response.status_code == 200
    requests = response.json()
    assert [r["account"]["id"] for r in requests] == [str(p.id) for p in reversed(filtered)]
    assert all(r["notifications_count"] == "1" and r["last_status"] is None for r in requests)
    one = api.get(f"/api/v1/notifications/requests/{requests[0]['id']}", token=alice.token)
    assert one.status_code == 200 and one.json()["id"] == requests[0]["id"]
    summary = api.get("/api/v2/notifications/policy", token=alice.token).json()["summary"]
    assert summary == {"pending_requests_count": 3, "pending_notifications_count": 3}
    page = api.get("/api/v1/notifications/requests", {"limit": 2}, token=alice.token)
    assert len(page.json()) == 2 and 'rel="next"' in page["Link"]


def test_accept_merges_and_lets_future_notifications_through(api, alice, filtered, act, notifications):
    stranger = filtered[0]
    request_id = NotificationRequest.objects.get(from_account=stranger.account).id
    response = api.post(f"/api/v1/notifications/requests/{request_id}/accept", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert [n["account"]["id"] for n in notifications(alice)] == [str(stranger.id)]
    assert api.get("/api/v1/notifications/requests/merged", token=alice.token).json() == {"merged": True}
    act(stranger, "unfollow", alice)
    act(stranger, "follow", alice)
    assert [n["account"]["id"] for n in notifications(alice)] == [str(stranger.id)]
    assert not NotificationRequest.objects.filter(from_account=stranger.account).exists()


def test_dismiss_removes_the_request_and_its_notifications(api, alice, filtered, notifications):
    stranger = filtered[1]
    request_id = NotificationRequest.objects.get(from_account=stranger.account).id
    assert api.post(f"/api/v1/notifications/requests/{request_id}/dismiss", token=alice.token).status_code == 200
    assert not Notification.objects.filter(from_account=stranger.account).exists()
    assert api.get(f"/api/v1/notifications/requests/{request_id}", token=alice.token).status_code == 404


def test_bulk_accept_and_dismiss(api, alice, filtered, notifications):
    ids = {p.id: NotificationRequest.objects.get(from_account_id=p.id).id for p in filtered}
    response = api.post("/api/v1/notifications/requests/accept",
                        {"id[]": [ids[filtered[0].id], ids[filtered[1].id]]}, token=alice.token)
    assert response.status_code == 200
    assert len(notifications(alice)) == 2
    response = api.post("/api/v1/notifications/requests/dismiss", {"id[]": [ids[filtered[2].id]]},
                        token=alice.token)
    assert response.status_code == 200
    assert not NotificationRequest.objects.exists()
    assert api.post("/api/v1/notifications/requests/dismiss", {}, token=alice.token).status_code == 400


def test_requests_of_others_are_not_found(api, alice, bob, filtered):
    request_id = NotificationRequest.objects.first().id
    for path in (f"/api/v1/notifications/requests/{request_id}", "/api/v1/notifications/requests/abc"):
        assert api.get(path, token=bob.token).status_code == 404
    assert api.post(f"/api/v1/notifications/requests/{request_id}/accept", token=bob.token).status_code == 404
    assert api.post("/api/v1/notifications/requests/accept", {"id[]": [request_id]}, token=bob.token).status_code == 200
    assert NotificationRequest.objects.filter(pk=request_id).exists()


def test_retracting_the_last_filtered_notification_removes_the_request(api, alice, filtered, act):
    act(filtered[0], "unfollow", alice)
    assert not NotificationRequest.objects.filter(from_account=filtered[0].account).exists()
