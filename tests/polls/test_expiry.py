"""A poll that ends notifies its voters and its author, once (periodic task and ETA task)."""
from datetime import timedelta

from django.utils import timezone

from notifications.models import Notification
from polls import tasks
from polls.models import Poll


def poll_notifications():
    return sorted((row.recipient_id, row.from_account_id, row.status_id)
                  for row in Notification.objects.filter(type="poll"))


def test_expiry_notifies_voters_and_author_once(api, alice, bob, carol, post_poll, vote, token_of):
    status = post_poll(alice, ["a", "b"], multiple=True)
    poll_id = status["poll"]["id"]
    assert vote(bob, poll_id, 0, 1).status_code == 200
    assert vote(carol, poll_id, 1).status_code == 200

    assert tasks.close_expired_polls.delay().get() == 0  # not ended yet: nothing happens
    assert tasks.close_poll.delay(int(poll_id)).get() is False
    assert poll_notifications() == []

    Poll.objects.filter(pk=poll_id).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tasks.close_expired_polls.delay().get() == 1
    status_id = int(status["id"])
    assert poll_notifications() == sorted([(alice.account.id, alice.account.id, status_id),
                                           (bob.account.id, alice.account.id, status_id),
                                           (carol.account.id, alice.account.id, status_id)])
    assert Poll.objects.get(pk=poll_id).closed_notified is True
    # again, by the sweep or by the ETA task: nobody is notified twice
    assert tasks.close_expired_polls.delay().get() == 0
    assert tasks.close_poll.delay(int(poll_id)).get() is False
    assert Notification.objects.filter(type="poll").count() == 3

    # the voter sees the ended poll in their notifications, results shown
    response = api.get("/api/v1/notifications", {"types[]": ["poll"]}, token=token_of(bob))
    if response.status_code == 200:  # the notifications API is served by its own app
        entries = response.json()
        assert entries and entries[0]["type"] == "poll"
        assert entries[0]["status"]["poll"]["expired"] is True
        assert entries[0]["status"]["poll"]["options"][1]["votes_count"] == 2


def test_a_poll_without_voters_notifies_its_author(alice, post_poll):
    status = post_poll(alice)
    Poll.objects.filter(pk=status["poll"]["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.close_poll.delay(int(status["poll"]["id"])).get() is True
    assert poll_notifications() == [(alice.account.id, alice.account.id, int(status["id"]))]


def test_an_eta_task_is_queued_at_creation_and_does_nothing_early(alice, bob, post_poll,
                                                                 django_capture_on_commit_callbacks):
    # In eager mode the ETA task runs at once: it must leave a poll that has not ended alone.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        status = post_poll(alice, expires_in=300)
    assert callbacks
    poll = Poll.objects.get(pk=status["poll"]["id"])
    assert poll.closed_notified is False and not poll.expired
    assert poll_notifications() == []


def test_the_sweep_only_takes_polls_that_ended(alice, post_poll):
    ended = post_poll(alice, text="ended")["poll"]["id"]
    running = post_poll(alice, text="running", expires_in=86400)["poll"]["id"]
    Poll.objects.filter(pk=ended).update(expires_at=timezone.now() - timedelta(hours=1))
    assert tasks.close_expired_polls.delay().get() == 1
    assert Poll.objects.get(pk=ended).closed_notified is True
    assert Poll.objects.get(pk=running).closed_notified is False
