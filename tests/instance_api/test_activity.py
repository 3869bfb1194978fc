"""GET /api/v1/instance/activity from real data over simulated weeks: local statuses,
distinct users logging in (recorded as they come back), registrations."""
from datetime import timedelta

from django.utils import timezone

from accounts.models import Account, User
from fedi.auth import note_activity
from instance_api import stats
from instance.models import WeeklyLogin
from statuses.models import Status
from tests.factories import make_user


def test_weekly_counts_from_generated_activity(api, db):
    monday = stats.week_starts()[0]
    alice, bob = make_user("alice", signed_in=False), make_user("bob", signed_in=False)
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(created_at=monday - timedelta(weeks=5))
    remote = Account.objects.create(username="far", domain="remote.example", uri="https://remote.example/u/far")
    # week -2: alice posts 3 times and logs in twice (one login counted); bob logs in
    for n in range(3):
        Status.objects.create(account=alice.account, text="x", content="<p>x</p>",
                              created_at=monday - timedelta(weeks=2) + timedelta(hours=n))
    Status.objects.create(account=remote, text="x", content="<p>x</p>", local=False,
                          created_at=monday - timedelta(weeks=2))  # not local: not counted
    for user, days in ((alice, 0), (alice, 1), (bob, 3)):
        stats.record_login(user=user, now=monday - timedelta(weeks=2) + timedelta(days=days))
    # this week: a reblog, a new user who uses the API (recorded by the real path)
    Status.objects.create(account=bob.account, reblog_of=Status.objects.filter(account=alice.account).first(),
                          created_at=timezone.now())
    carol = make_user("carol", signed_in=False)
    note_activity(carol)
    assert WeeklyLogin.objects.filter(user=carol).count() == 1
    weeks = api.get("/api/v1/instance/activity").json()
    assert (weeks[0]["statuses"], weeks[0]["logins"], weeks[0]["registrations"]) == ("1", "1", "1")
    assert (weeks[2]["statuses"], weeks[2]["logins"], weeks[2]["registrations"]) == ("3", "2", "0")
    assert weeks[5]["registrations"] == "2"
    assert sum(int(week["statuses"]) for week in weeks) == 4
