"""The functions other apps call (timelines, statuses), and counters under concurrency."""
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.models import Account
from relationships import services
from relationships.models import Follow, Mute
from relationships.queries import (follow_requests_count, hidden_account_ids, hidden_accounts_q,
                                   is_blocked_between, is_following, is_muting)


def test_is_blocked_between_cuts_both_ways(alice, bob, carol):
    services.block(alice.account, bob.account)
    assert is_blocked_between(alice.account, bob.account)
    assert is_blocked_between(bob.account, alice.account)
    assert is_blocked_between(bob.id, alice.id)
    assert not is_blocked_between(alice.account, carol.account)


def test_hidden_account_ids(alice, bob, carol, person, remote):
    dave, erin = person("dave"), person("erin")
    spammer, other = remote("spammer", "spam.example"), remote("other", "other.example")
    services.block(alice.account, bob.account)
    services.block(carol.account, alice.account)
    services.mute(alice.account, dave.account)
    services.mute(alice.account, erin.account, duration=60)
    services.block_domain(alice.account, "spam.example")
    assert hidden_account_ids(alice.account) == {bob.id, carol.id, dave.id, erin.id, spammer.id}
    Mute.objects.filter(target_account=erin.account).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert hidden_account_ids(alice.account) == {bob.id, carol.id, dave.id, spammer.id}
    # The same as a filter on other rows
    visible = Account.objects.exclude(hidden_accounts_q(alice.account, "id")).values_list("id", flat=True)
    assert set(visible) == {alice.id, erin.id, other.id}
    assert hidden_account_ids(bob.account) == {alice.id}


def test_small_helpers(alice, bob):
    Account.objects.filter(pk=bob.id).update(locked=True)
    services.follow(alice.account, Account.objects.get(pk=bob.id))
    assert follow_requests_count(bob.account) == 1
    assert not is_following(alice.account, bob.account)
    services.authorize_follow_request(bob.account, alice.account)
    assert is_following(alice.account, bob.account)
    services.mute(alice.account, bob.account, duration=30)
    assert is_muting(alice.account, bob.account)
    assert not is_muting(alice.account, bob.account, now=timezone.now() + timedelta(seconds=31))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
def test_racing_follows_and_unfollows_count_once():
    from tests.factories import make_user

    alice, bob = make_user("racer_a").account, make_user("racer_b").account

    def race(action):
        barrier = threading.Barrier(4)

        def run():
            try:
                barrier.wait()
                action(alice, bob)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    race(services.follow)
    assert Follow.objects.count() == 1
    alice.refresh_from_db(), bob.refresh_from_db()
    assert (alice.following_count, bob.followers_count) == (1, 1)
    race(services.unfollow)
    alice.refresh_from_db(), bob.refresh_from_db()
    assert (alice.following_count, bob.followers_count) == (0, 0)
