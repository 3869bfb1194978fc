"""Blocks and mutes, mute expiry."""
from datetime import timedelta

from django.utils import timezone

from accounts.models import Account
from relationships.models import AccountPin, Block, Follow, FollowRequest, Mute
from relationships.queries import hidden_account_ids, is_muting
from tests.relationships.conftest import act


def test_block_shows_on_both_sides(api, alice, bob, rel):
    response = act(api, alice, bob, "block")
    assert response.status_code == 200
    assert response.json()["blocking"] is True and response.json()["blocked_by"] is False
    other_side = rel(bob, alice)
    assert other_side["blocked_by"] is True and other_side["blocking"] is False
    # Blocking again is fine
    assert act(api, alice, bob, "block").json()["blocking"] is True
    assert Block.objects.count() == 1


def test_block_removes_follows_requests_and_endorsements_both_ways(api, alice, bob):
    act(api, alice, bob, "follow")
    act(api, bob, alice, "follow")
    act(api, alice, bob, "pin")
    act(api, bob, alice, "pin")
    body = act(api, alice, bob, "block").json()
    assert (body["following"], body["followed_by"], body["endorsed"]) == (False, False, False)
    assert not Follow.objects.exists() and not AccountPin.objects.exists()
    for person in (alice, bob):
        account = person.refresh()
        assert (account.following_count, account.followers_count) == (0, 0)


def test_block_removes_pending_requests_both_ways(api, alice, bob):
    Account.objects.filter(pk__in=[alice.id, bob.id]).update(locked=True)
    act(api, alice, bob, "follow")
    act(api, bob, alice, "follow")
    body = act(api, alice, bob, "block").json()
    assert (body["requested"], body["requested_by"]) == (False, False)
    assert not FollowRequest.objects.exists()


def test_unblock(api, alice, bob, rel):
    act(api, alice, bob, "block")
    response = act(api, alice, bob, "unblock")
    assert response.status_code == 200 and response.json()["blocking"] is False
    assert rel(bob, alice)["blocked_by"] is False
    assert act(api, alice, bob, "unblock").status_code == 200
    assert act(api, bob, alice, "follow").json()["following"] is True


def test_blocking_yourself_does_nothing(api, alice):
    response = act(api, alice, alice, "block")
    assert response.status_code == 200 and response.json()["blocking"] is False
    assert not Block.objects.exists()


def test_mute_defaults_to_notifications(api, alice, bob, rel):
    body = act(api, alice, bob, "mute").json()
    assert (body["muting"], body["muting_notifications"], body["muting_expires_at"]) == (True, True, None)
    # Muting is not visible to the muted account
    assert rel(bob, alice)["muting"] is False
    # Muting again with notifications=false keeps the mute, stops hiding notifications
    body = act(api, alice, bob, "mute", {"notifications": "false"}).json()
    assert (body["muting"], body["muting_notifications"]) == (True, False)
    assert Mute.objects.count() == 1
    # A mute does not touch follows
    assert act(api, alice, bob, "follow").json()["following"] is True


def test_unmute(api, alice, bob):
    act(api, alice, bob, "mute")
    body = act(api, alice, bob, "unmute").json()
    assert (body["muting"], body["muting_notifications"]) == (False, False)
    assert act(api, alice, bob, "unmute").status_code == 200


def test_timed_mute_expires(api, alice, bob, rel):
    before = timezone.now()
    body = act(api, alice, bob, "mute", {"duration": "3600"}).json()
    assert body["muting"] is True
    expires = Mute.objects.get().expires_at
    assert timedelta(seconds=3590) < expires - before < timedelta(seconds=3610)
    assert body["muting_expires_at"].endswith("Z")
    listed = api.get("/api/v1/mutes", token=alice.token).json()
    assert [item["id"] for item in listed] == [str(bob.id)]
    assert listed[0]["mute_expires_at"] == body["muting_expires_at"]
    assert bob.id in hidden_account_ids(alice.account)

    # Time passes: the mute no longer counts anywhere
    Mute.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    body = rel(alice, bob)
    assert (body["muting"], body["muting_notifications"], body["muting_expires_at"]) == (False, False, None)
    assert api.get("/api/v1/mutes", token=alice.token).json() == []
    assert bob.id not in hidden_account_ids(alice.account)
    assert not is_muting(alice.account, bob.account)

    # Muting again starts a new mute, indefinite without a duration
    body = act(api, alice, bob, "mute").json()
    assert (body["muting"], body["muting_expires_at"]) == (True, None)


def test_mute_with_bad_duration(api, alice, bob):
    for duration in ("soon", "-5", "1e99"):
        response = act(api, alice, bob, "mute", {"duration": duration})
        assert response.status_code == 400, duration
    assert not Mute.objects.exists()


def test_mute_yourself_does_nothing(api, alice):
    assert act(api, alice, alice, "mute").json()["muting"] is False


def test_purge_expired_mutes(alice, bob, carol):
    from relationships import services

    services.mute(alice.account, bob.account, duration=60)
    services.mute(alice.account, carol.account)
    assert services.purge_expired_mutes(now=timezone.now() + timedelta(seconds=61)) == 1
    assert list(Mute.objects.values_list("target_account_id", flat=True)) == [carol.id]


def test_the_periodic_job_lifts_expired_mutes(alice, bob, carol):
    """fedi/periodic.py promises it: the beat schedule's job deletes mutes past their expiry."""
    from fedi.periodic import registered_tasks, schedule_intervals
    from relationships import services

    assert "relationships.purge_expired_mutes" in schedule_intervals()
    services.mute(alice.account, bob.account, duration=60)
    services.mute(alice.account, carol.account)
    Mute.objects.filter(target_account=bob.account).update(expires_at=timezone.now() - timedelta(seconds=1))
    # The job as beat (or the embedded default's scheduler) runs it, found by its scheduled name.
    assert registered_tasks()["relationships.purge_expired_mutes"].delay().get() == 1
    assert list(Mute.objects.values_list("target_account_id", flat=True)) == [carol.id]
    assert not is_muting(alice.account, bob.account)
