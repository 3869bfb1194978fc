"""Counts about this server: Instance stats and usage, weekly activity, NodeInfo usage."""
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Account, User
from instance.models import WeeklyLogin

ACTIVITY_WEEKS = 12


def user_count():
    """Confirmed local users whose account is not suspended (Mastodon's user_count)."""
    return User.objects.filter(confirmed_at__isnull=False, account__suspended_at__isnull=True).count()


def status_count():
    """Statuses posted from this server: the sum of the local accounts' counters, which the
    status services keep up to date."""
    total = Account.objects.filter(domain__isnull=True).aggregate(total=Sum("statuses_count"))["total"]
    return total or 0


def domain_count():
    """Other servers this one knows: distinct domains of remote accounts."""
    return Account.objects.filter(domain__isnull=False).values("domain").distinct().count()


def active_user_count(days):
    """Local users who signed in, or signed up, in the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    return User.objects.filter(Q(current_sign_in_at__gte=since) | Q(created_at__gte=since)).count()


def record_login(sender=None, user=None, now=None, **kwargs) -> None:
    """Receiver of fedi.auth.user_returned: the user logged in this week."""
    if user is None:
        return
    WeeklyLogin.objects.get_or_create(user_id=user.pk, week=week_starts(now, 1)[0].date())


def week_starts(now=None, weeks=ACTIVITY_WEEKS):
    """Midnight UTC of the Monday of this week and of the weeks before it, newest first."""
    now = now or timezone.now()
    today = now.astimezone(dt_timezone.utc).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(0, 0), tzinfo=dt_timezone.utc)
    return [monday - timedelta(weeks=index) for index in range(weeks)]


def weekly_activity(now=None):
    """Mastodon's /api/v1/instance/activity: per week, newest first, counts as strings.

    Logins count the distinct users who used the server that week (instance.WeeklyLogin,
    recorded when a user comes back; their latest sign-in too)."""
    starts = week_starts(now)
    ends = [start + timedelta(weeks=1) for start in starts]
    aggregates = {}
    for index, (start, end) in enumerate(zip(starts, ends)):
        logged_in = WeeklyLogin.objects.filter(week=start.date()).values("user_id")
        aggregates[f"logins_{index}"] = Count("id", filter=Q(current_sign_in_at__gte=start, current_sign_in_at__lt=end)
                                              | Q(id__in=logged_in))
        aggregates[f"registrations_{index}"] = Count("id", filter=Q(created_at__gte=start, created_at__lt=end))
    counts = User.objects.aggregate(**aggregates)
    statuses = Account._meta.get_field("statuses").related_model.objects
    posted = statuses.filter(account__domain__isnull=True, created_at__gte=starts[-1], created_at__lt=ends[0]) \
        .aggregate(**{f"statuses_{index}": Count("id", filter=Q(created_at__gte=start, created_at__lt=end))
                      for index, (start, end) in enumerate(zip(starts, ends))})
    return [
        {
            "week": str(int(start.timestamp())),
            "statuses": str(posted[f"statuses_{index}"]),
            "logins": str(counts[f"logins_{index}"]),
            "registrations": str(counts[f"registrations_{index}"]),
        }
        for index, (start, end) in enumerate(zip(starts, ends))
    ]
