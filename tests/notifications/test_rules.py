"""Who never notifies whom: blocks both ways, mutes that hide notifications, blocked
domains, suspended senders, your own actions."""
from datetime import timedelta

from django.utils import timezone

from accounts.models import Account
from notifications.models import Notification
from notifications.services import notify
from relationships import services as relationships
from relationships.models import Mute


def test_no_notification_from_blocked_or_blocking_accounts(alice, bob, carol, act, notifications):
    act(alice, "block", bob)
    act(carol, "block", alice)
    assert notify(alice.account, "follow", bob.account) is None
    assert notify(alice.account, "follow", carol.account) is None
    assert notifications(alice) == []


def test_block_hides_earlier_notifications_and_unblock_shows_them(alice, bob, act, notifications):
    assert notify(alice.account, "admin.sign_up", bob.account) is not None
    act(alice, "block", bob)
    assert notifications(alice) == []
    act(alice, "unblock", bob)
    assert [n["type"] for n in notifications(alice)] == ["admin.sign_up"]


def test_mute_with_notifications_hidden_drops_them(alice, bob, act, notifications):
    act(alice, "mute", bob)  # notifications=true by default
    act(bob, "follow", alice)
    assert notifications(alice) == []


def test_mute_without_hiding_notifications_lets_them_through(alice, bob, act, notifications):
    act(alice, "mute", bob, {"notifications": "false"})
    act(bob, "follow", alice)
    assert [n["type"] for n in notifications(alice)] == ["follow"]


def test_expired_mute_does_not_drop(alice, bob, act, notifications):
    act(alice, "mute", bob, {"duration": "60"})
    Mute.objects.filter(account=alice.account).update(expires_at=timezone.now() - timedelta(seconds=1))
    act(bob, "follow", alice)
    assert [n["type"] for n in notifications(alice)] == ["follow"]


def test_blocked_domain_drops_unless_followed(alice, remote, act, notifications):
    far = remote("far", "far.example")
    relationships.block_domain(alice.account, "far.example")
    assert notify(alice.account, "follow", far) is None
    other = remote("friend", "friends.example")
    relationships.block_domain(alice.account, "friends.example")
    relationships.Follow.objects.create(account=alice.account, target_account=other)
    assert notify(alice.account, "follow", other) is not None


def test_suspended_sender_notifies_nobody_and_disappears(alice, bob, notifications):
    assert notify(alice.account, "follow", bob.account) is not None
    Account.objects.filter(pk=bob.id).update(suspended_at=timezone.now())
    assert notifications(alice) == []
    bob.account.refresh_from_db()
    assert notify(alice.account, "follow_request", bob.account) is None


def test_own_actions_never_notify_except_poll(alice):
    assert notify(alice.account, "follow", alice.account) is None
    assert notify(alice.account, "poll", alice.account) is not None


def test_deleted_sender_takes_its_notifications(alice, bob):
    notify(alice.account, "follow", bob.account)
    bob.account.delete()
    assert not Notification.objects.filter(recipient=alice.account).exists()
