"""Each notification type this server can cause now, made by the real HTTP action and
removed by its undo."""
from accounts.models import Account
from accounts.roles import find_role
from notifications.models import Notification


def test_follow_notifies_and_unfollow_retracts(api, alice, bob, act, notifications):
    act(bob, "follow", alice)
    (notification,) = notifications(alice)
    assert notification["type"] == "follow"
    assert notification["account"]["id"] == str(bob.id)
    assert notification["status"] is None
    assert notification["group_key"].startswith("follow-")
    assert notifications(bob) == []  # nothing for your own action
    act(bob, "unfollow", alice)
    assert notifications(alice) == []


def test_following_again_does_not_notify_twice(alice, bob, act, notifications):
    act(bob, "follow", alice)
    act(bob, "follow", alice, {"reblogs": "false"})  # changes options only
    assert len(notifications(alice)) == 1


def test_follow_request_notifies_and_reject_or_authorize_retracts(api, alice, bob, carol, act, notifications,
                                                                   committed):
    Account.objects.filter(pk=alice.id).update(locked=True)
    act(bob, "follow", alice)
    act(carol, "follow", alice)
    types = {(n["type"], n["account"]["id"]) for n in notifications(alice)}
    assert types == {("follow_request", str(bob.id)), ("follow_request", str(carol.id))}
    with committed():
        assert api.post(f"/api/v1/follow_requests/{bob.id}/reject", token=alice.token).status_code == 200
        assert api.post(f"/api/v1/follow_requests/{carol.id}/authorize", token=alice.token).status_code == 200
    assert notifications(alice) == []


def test_withdrawn_follow_request_is_retracted(alice, bob, act, notifications):
    Account.objects.filter(pk=alice.id).update(locked=True)
    act(bob, "follow", alice)
    assert [n["type"] for n in notifications(alice)] == ["follow_request"]
    act(bob, "unfollow", alice)
    assert notifications(alice) == []


def test_remove_from_followers_and_block_retract_the_follow(alice, bob, carol, act, notifications):
    act(bob, "follow", alice)
    act(carol, "follow", alice)
    act(alice, "remove_from_followers", bob)
    assert [n["account"]["id"] for n in notifications(alice)] == [str(carol.id)]
    act(alice, "block", carol)
    assert notifications(alice) == []


def test_admin_sign_up_goes_to_staff_who_manage_users(api, person, notifications, django_capture_on_commit_callbacks):
    from tests.factories import make_app, make_token

    admin = person("admin1", role=find_role("Admin"))
    moderator = person("mod1", role=find_role("Moderator"))
    plain = person("plain")
    app = make_app()
    app_token = make_token(None, app=app)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/accounts", {"username": "newbie", "email": "newbie@example.com",
                                                 "password": "hunter2hunter2", "agreement": "true"},
                            token=app_token)
    assert response.status_code == 200, response.content
    newbie = Account.objects.get(username="newbie")
    for staff in (admin, moderator):
        (notification,) = notifications(staff)
        assert notification["type"] == "admin.sign_up"
        assert notification["account"]["id"] == str(newbie.id)
    assert notifications(plain) == []


def test_notify_is_idempotent(alice, bob):
    from notifications.services import notify

    first = notify(alice.account, "follow", bob.account)
    assert first is not None
    assert notify(alice.account, "follow", bob.account) is None
    assert Notification.objects.filter(recipient=alice.account).count() == 1


def test_unknown_type_is_a_programming_error(alice, bob):
    import pytest

    from notifications.services import notify

    with pytest.raises(ValueError):
        notify(alice.account, "nonsense", bob.account)


def test_remote_and_unavailable_recipients_get_nothing(alice, bob, remote):
    from notifications.services import notify

    far = remote()
    assert notify(far, "follow", alice.account) is None
    alice.user.disabled = True
    alice.user.save()
    assert notify(alice.account, "follow", bob.account) is None
