"""Annual reports ("Wrapstodon", Mastodon's AnnualReport, schema version 2), computed from
the year's real activity of the account:

- time_series: per month, the statuses posted (reblogs included) and the followers gained;
- top_hashtags: the hashtag used most in its own posts (one, as schema 2);
- top_statuses: its public or unlisted post reblogged most (`by_reblogs`; schema 2 leaves
  by_replies and by_favourites null);
- archetype (AnnualReport::Archetype): lurker under 10 posts, replies and reblogs; booster
  when reblogs are over twice the standalone posts; pollster when polls are over a tenth of
  them; replier when replies are over twice them; oracle otherwise.

States (GET …/state): `available` (generated), `generating` (the task runs), `eligible`
(the campaign's year, with enough activity: MIN_STATUSES), `ineligible`. As Mastodon, a
report may be generated only during the campaign, December 10th to 31st of the current
year (settings.ANNUAL_REPORTS_CAMPAIGN_YEAR overrides the year, None turns it off).
"""
import secrets
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from accounts.models import Account
from annual_reports import tasks
from annual_reports.models import GeneratedAnnualReport
from fedi import async_refreshes
from fedi.errors import NotFound
from relationships.models import Follow
from statuses.models import Status

SCHEMA_VERSION = 2
MIN_STATUSES = 5


def current_campaign(now: datetime | None = None) -> int | None:
    override = getattr(settings, "ANNUAL_REPORTS_CAMPAIGN_YEAR", "unset")
    if override != "unset":
        return None if override is None else int(override)
    now = (now or timezone.now()).astimezone(dt_timezone.utc)
    return now.year if now.month == 12 and now.day >= 10 else None


def _year_range(year: int) -> tuple[datetime, datetime]:
    return (datetime(year, 1, 1, tzinfo=dt_timezone.utc), datetime(year + 1, 1, 1, tzinfo=dt_timezone.utc))


def _statuses(account: Account, year: int):
    start, end = _year_range(year)
    return Status.objects.filter(account=account, created_at__gte=start, created_at__lt=end)


def eligible(account: Account, year: int) -> bool:
    return year == current_campaign() and _statuses(account, year).count() >= MIN_STATUSES


def state(account: Account, year: int) -> str:
    report = GeneratedAnnualReport.objects.filter(account=account, year=year).first()
    if report is not None:
        return "generating" if report.generating else "available"
    return "eligible" if eligible(account, year) else "ineligible"


def request_generation(account: Account, year: int) -> tuple[bool, str | None]:
    """Queue the report's generation when eligible and not made yet: (queued, async refresh id)."""
    if GeneratedAnnualReport.objects.filter(account=account, year=year).exists() or not eligible(account, year):
        return False, None
    try:
        with transaction.atomic():
            report = GeneratedAnnualReport.objects.create(account=account, year=year,
                                                          schema_version=SCHEMA_VERSION)
    except IntegrityError:  # another request queued it first
        return False, None
    refresh = async_refreshes.start(_refresh_name(report))
    report_id = report.id
    transaction.on_commit(lambda: tasks.generate.delay(report_id))
    return True, refresh


def _refresh_name(report: GeneratedAnnualReport) -> str:
    return f"annual_report:{report.account_id}:{report.year}"


def compute(account: Account, year: int) -> dict:
    """The report's data (schema 2) from the account's year."""
    statuses = _statuses(account, year)
    start, end = _year_range(year)
    posted = dict(statuses.annotate(month=ExtractMonth("created_at", tzinfo=dt_timezone.utc))
                  .values("month").annotate(n=Count("id")).order_by().values_list("month", "n"))
    gained = dict(Follow.objects.filter(target_account=account, created_at__gte=start, created_at__lt=end)
                  .annotate(month=ExtractMonth("created_at", tzinfo=dt_timezone.utc))
                  .values("month").annotate(n=Count("id")).order_by().values_list("month", "n"))
    time_series = [{"month": month, "statuses": posted.get(month, 0), "followers": gained.get(month, 0)}
                   for month in range(1, 13)]
    own = statuses.filter(reblog_of__isnull=True)
    top_tag = (Status.tags.through.objects.filter(status__in=own).values("tag__name")
               .annotate(count=Count("status_id")).order_by("-count", "tag__name").first())
    top_reblogged = (own.filter(visibility__in=("public", "unlisted"), reblogs_count__gt=0)
                     .order_by("-reblogs_count", "-id").values_list("id", flat=True).first())
    counts = statuses.aggregate(
        reblogs=Count("id", filter=Q(reblog_of__isnull=False)),
        replies=Count("id", filter=Q(reblog_of__isnull=True, in_reply_to_account__isnull=False)
                      & ~Q(in_reply_to_account=account)),
        standalone=Count("id", filter=Q(reblog_of__isnull=True) & (Q(in_reply_to_account__isnull=True)
                                                                   | Q(in_reply_to_account=account))),
        polls=Count("id", filter=Q(reblog_of__isnull=True, poll__isnull=False)))
    return {
        "archetype": _archetype(**counts),
        "time_series": time_series,
        "top_hashtags": [{"name": top_tag["tag__name"], "count": top_tag["count"]}] if top_tag else [],
        "top_statuses": {"by_reblogs": str(top_reblogged) if top_reblogged else None,
                         "by_replies": None, "by_favourites": None},
    }


def _archetype(*, reblogs: int, replies: int, standalone: int, polls: int) -> str:
    if standalone + replies + reblogs < 10:
        return "lurker"
    if reblogs > standalone * 2:
        return "booster"
    if polls > standalone * 0.1:
        return "pollster"
    if replies > standalone * 2:
        return "replier"
    return "oracle"


def generate(report_id: int) -> GeneratedAnnualReport | None:
    """The task's work: fill a queued report."""
    report = GeneratedAnnualReport.objects.select_related("account").filter(pk=report_id).first()
    if report is None:
        return None
    report.data = compute(report.account, report.year)
    report.schema_version = SCHEMA_VERSION
    report.share_key = report.share_key or secrets.token_hex(8)
    report.save(update_fields=["data", "schema_version", "share_key"])
    async_refreshes.finish(_refresh_name(report), 1)
    return report


def reports(account: Account, year: int | None = None):
    """Generated reports: the unread ones (Mastodon's index lists pending reports), or the
    one of `year` (404 when there is none)."""
    queryset = GeneratedAnnualReport.objects.filter(account=account, data__isnull=False)
    if year is None:
        return list(queryset.filter(viewed_at__isnull=True).order_by("year"))
    found = list(queryset.filter(year=year))
    if not found:
        raise NotFound()
    return found


def mark_read(account: Account, year: int) -> None:
    updated = (GeneratedAnnualReport.objects.filter(account=account, year=year, data__isnull=False)
               .update(viewed_at=timezone.now()))
    if not updated:
        raise NotFound()
