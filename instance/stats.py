"""Counts about this server: Instance stats and usage, weekly activity, NodeInfo usage."""
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Account, User

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


def statuses_between(start, end):
    """Local statuses created in [start, end). Counted from the statuses table once it exists;
    until then there are none."""
    return 0


def week_starts(now=None, weeks=ACTIVITY_WEEKS):
    """Midnight UTC of the Monday of this week and of the weeks before it, newest first."""
    now = now or timezone.now()
    today = now.astimezone(dt_timezone.utc).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(0, 0), tzinfo=dt_timezone.utc)
    return [monday - timedelta(weeks=index) for index in range(weeks)]


def weekly_activity(now=None):
    """Mastodon's /api/v1/instance/activity: per week, newest first, counts as strings.

    Logins count the users whose latest sign-in falls in that week (the latest is all we keep)."""
    starts = week_starts(now)
    ends = [start + timedelta(weeks=1) for start in starts]
    aggregates = {}
    for index, (start, end) in enumerate(zip(starts, ends)):
        aggregates[f"logins_{index}"] = Count("id", filter=Q(current_sign_in_at__gte=start, current_sign_in_at__lt=end))
        aggregates[f"registrations_{index}"] = Count("id", filter=Q(created_at__gte=start, created_at__lt=end))
    counts = User.objects.aggregate(**aggregates)
    return [
        {
            "week": str(int(start.timestamp())),
            "statuses": str(statuses_between(start, end)),
            "logins": str(counts[f"logins_{index}"]),
            "registrations": str(counts[f"registrations_{index}"]),
        }
        for index, (start, end) in enumerate(zip(starts, ends))
    ]
