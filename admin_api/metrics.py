"""The dashboard's numbers (Mastodon's Admin::Metrics): measures (daily counts over a
period, with the previous period's total), dimensions (top-N breakdowns) and retention
(cohorts of new users and how many stayed active). Reads only, all from the database.

Mastodon counts activity in Redis as it happens; here "active" means a local user signed in
(their last sign-in falls in the bucket) or posted in it: the data this server keeps."""
import os
import platform
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

import django
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from accounts.models import Account, User
from fedi.errors import BadRequest
from fedi.params import parse_id
from instance.languages import ISO_639_1
from media_attachments.models import MediaAttachment
from relationships.models import Follow
from reports.models import Report
from statuses.models import Favourite, Status
from tags.models import Tag

UTC = dt_timezone.utc


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _daily(queryset, field, distinct=None):
    """{date: count} over a queryset already limited to the period."""
    rows = queryset.annotate(day=TruncDate(field, tzinfo=UTC)).values("day")
    rows = rows.annotate(n=Count(distinct, distinct=True) if distinct else Count("pk"))
    return {row["day"]: row["n"] for row in rows}


def _between(field, start, end):
    return {f"{field}__gte": midnight(start), f"{field}__lt": midnight(end + timedelta(days=1))}


def _active_pairs(start, end):
    """(day, user id) for every local user active on a day of the period."""
    pairs = {(moment.astimezone(UTC).date(), pk) for pk, moment in
             User.objects.filter(**_between("current_sign_in_at", start, end)).values_list("pk", "current_sign_in_at")}
    posts = Status.objects.filter(local=True, **_between("created_at", start, end)).values_list(
        "account__user__pk", "created_at")
    pairs |= {(moment.astimezone(UTC).date(), pk) for pk, moment in posts if pk is not None}
    return pairs


class Measure:
    unit = None
    distinct = None
    needs = None  # the extra parameter: "id" (a tag) or "domain"

    def __init__(self, param=None):
        self.param = param

    def queryset(self):
        raise NotImplementedError

    def field(self):
        return "created_at"

    def daily(self, start, end):
        return _daily(self.queryset().filter(**_between(self.field(), start, end)), self.field(), self.distinct)

    def total(self, start, end):
        rows = self.queryset().filter(**_between(self.field(), start, end))
        if self.distinct:
            return rows.values(self.distinct).distinct().count()
        return rows.count()

    def human(self, total):
        return None


class ActiveUsers(Measure):
    def daily(self, start, end):
        counts = {}
        for day, _ in _active_pairs(start, end):
            counts[day] = counts.get(day, 0) + 1
        return counts

    def total(self, start, end):
        return len({pk for _, pk in _active_pairs(start, end)})


class NewUsers(Measure):
    def queryset(self):
        return User.objects.all()


class Interactions(Measure):
    """Favourites, boosts and replies received by local statuses."""

    def _parts(self):
        return [(Favourite.objects.filter(status__local=True), "created_at"),
                (Status.objects.filter(reblog_of__local=True), "created_at"),
                (Status.objects.filter(in_reply_to__local=True, reblog_of__isnull=True), "created_at")]

    def daily(self, start, end):
        counts = {}
        for queryset, field in self._parts():
            for day, n in _daily(queryset.filter(**_between(field, start, end)), field).items():
                counts[day] = counts.get(day, 0) + n
        return counts

    def total(self, start, end):
        return sum(queryset.filter(**_between(field, start, end)).count() for queryset, field in self._parts())


class OpenedReports(Measure):
    def queryset(self):
        return Report.objects.all()


class ResolvedReports(Measure):
    def queryset(self):
        return Report.objects.filter(action_taken_at__isnull=False)

    def field(self):
        return "action_taken_at"


class TagUses(Measure):
    needs = "id"

    def queryset(self):
        return Status.objects.filter(tags__id=self.param, reblog_of__isnull=True)


class TagAccounts(TagUses):
    distinct = "account_id"


class TagServers(TagUses):
    distinct = "account__domain"

    def queryset(self):
        return super().queryset().filter(account__domain__isnull=False)


class InstanceAccounts(Measure):
    needs = "domain"

    def queryset(self):
        return Account.objects.filter(domain__iexact=self.param)


class InstanceStatuses(InstanceAccounts):
    def queryset(self):
        return Status.objects.filter(account__domain__iexact=self.param)


class InstanceReports(InstanceAccounts):
    def queryset(self):
        return Report.objects.filter(target_account__domain__iexact=self.param)


class InstanceFollows(InstanceAccounts):
    def queryset(self):
        return Follow.objects.filter(target_account__domain__iexact=self.param, account__domain__isnull=True)


class InstanceFollowers(InstanceAccounts):
    def queryset(self):
        return Follow.objects.filter(account__domain__iexact=self.param, target_account__domain__isnull=True)


def _size(attachment):
    total = 0
    for name in ("file", "thumbnail", "small"):
        stored = getattr(attachment, name, None)
        if stored:
            try:
                total += stored.size
            except (OSError, ValueError):  # a remote or missing file takes no space here
                pass
    return total


class InstanceMediaAttachments(InstanceAccounts):
    unit = "bytes"

    def queryset(self):
        return MediaAttachment.objects.filter(account__domain__iexact=self.param)

    def daily(self, start, end):
        counts = {}
        for attachment in self.queryset().filter(**_between("created_at", start, end)).only(
                "created_at", "file", "thumbnail", "small"):
            day = attachment.created_at.astimezone(UTC).date()
            counts[day] = counts.get(day, 0) + _size(attachment)
        return counts

    def total(self, start, end):
        return sum(self.daily(start, end).values())

    def human(self, total):
        return _human_bytes(total)


def _human_bytes(value):
    for unit in ("Bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value} {unit}" if unit == "Bytes" else f"{value:.2f} {unit}"
        value /= 1024


MEASURES = {
    "active_users": ActiveUsers, "new_users": NewUsers, "interactions": Interactions,
    "opened_reports": OpenedReports, "resolved_reports": ResolvedReports, "tag_accounts": TagAccounts,
    "tag_uses": TagUses, "tag_servers": TagServers, "instance_accounts": InstanceAccounts,
    "instance_media_attachments": InstanceMediaAttachments, "instance_reports": InstanceReports,
    "instance_statuses": InstanceStatuses, "instance_follows": InstanceFollows,
    "instance_followers": InstanceFollowers,
}


def _param(params, key, name):
    value = params.sub(key).str(name) if params.given(key) else params.str(f"{key}[{name}]")
    if not value:
        raise BadRequest(f"param is missing or the value is empty: {key}[{name}]")
    if name == "id":
        return parse_id(value, f"{key}[id]")
    return value.strip()


def measures(keys, start: date, end: date, params) -> list[dict]:
    """Admin::Measure entities for the known keys (unknown ones are left out, as Mastodon)."""
    length = (end - start).days + 1
    previous_start, previous_end = start - timedelta(days=length), start - timedelta(days=1)
    result = []
    for key in dict.fromkeys(keys):
        cls = MEASURES.get(key)
        if cls is None:
            continue
        measure = cls(_param(params, key, cls.needs) if cls.needs else None)
        daily = measure.daily(start, end)
        total = measure.total(start, end)
        result.append({"key": key, "unit": measure.unit, "total": str(total), "human_value": measure.human(total),
                       "previous_total": str(measure.total(previous_start, previous_end)),
                       "data": [{"date": midnight(day).isoformat().replace("+00:00", "Z"),
                                 "value": str(daily.get(day, 0))} for day in days_between(start, end)]})
    return result


# --- Dimensions -------------------------------------------------------------------------------

def _top(queryset, field, limit, human=None):
    rows = queryset.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [{"key": str(row[field]), "human_key": human(row[field]) if human else str(row[field]),
             "value": str(row["n"])} for row in rows[:limit]]


def _language_name(code):
    entry = ISO_639_1.get(code)
    if isinstance(entry, (list, tuple)):
        return entry[0]
    return entry or code


def _space_usage():
    data = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        data.append({"key": "postgresql", "human_key": "PostgreSQL", "value": str(size), "unit": "bytes",
                     "human_value": _human_bytes(size)})
    elif connection.vendor == "sqlite":
        size = os.path.getsize(connection.settings_dict["NAME"]) if os.path.exists(
            str(connection.settings_dict["NAME"])) else 0
        data.append({"key": "sqlite", "human_key": "SQLite", "value": str(size), "unit": "bytes",
                     "human_value": _human_bytes(size)})
    media = 0
    for attachment in MediaAttachment.objects.filter(account__domain__isnull=True).only("file", "thumbnail", "small"):
        media += _size(attachment)
    data.append({"key": "media", "human_key": "Media storage", "value": str(media), "unit": "bytes",
                 "human_value": _human_bytes(media)})
    return data


def _software_versions():
    data = [{"key": "mastodon", "human_key": settings.SOFTWARE_NAME, "value": settings.SOFTWARE_VERSION,
             "human_value": settings.SOFTWARE_VERSION},
            {"key": "python", "human_key": "Python", "value": platform.python_version(),
             "human_value": platform.python_version()},
            {"key": "django", "human_key": "Django", "value": django.get_version(),
             "human_value": django.get_version()}]
    if connection.vendor == "postgresql":
        version = ".".join(str(connection.pg_version // 10000 if n == 0 else connection.pg_version % 10000)
                           for n in range(2))
        data.append({"key": "postgresql", "human_key": "PostgreSQL", "value": version, "human_value": version})
    return data


def dimensions(keys, start: date, end: date, limit: int, params) -> list[dict]:
    period = _between("created_at", start, end)
    statuses = Status.objects.filter(reblog_of__isnull=True, **period)
    result = []
    for key in dict.fromkeys(keys):
        if key == "languages":
            data = _top(statuses.filter(local=True), "language", limit, _language_name)
        elif key == "sources":
            data = _top(statuses.filter(local=True), "application__name", limit)
        elif key == "servers":
            data = _top(statuses.filter(account__domain__isnull=False), "account__domain", limit)
        elif key == "space_usage":
            data = _space_usage()
        elif key == "software_versions":
            data = _software_versions()
        elif key == "tag_servers":
            tag = _param(params, key, "id")
            data = _top(statuses.filter(tags__id=tag, account__domain__isnull=False), "account__domain", limit)
        elif key == "tag_languages":
            tag = _param(params, key, "id")
            data = _top(statuses.filter(tags__id=tag), "language", limit, _language_name)
        elif key == "instance_accounts":
            domain = _param(params, key, "domain")
            rows = Account.objects.filter(domain__iexact=domain).order_by("-followers_count", "id")[:limit]
            data = [{"key": account.username, "human_key": f"{account.username}@{account.domain}",
                     "value": str(account.followers_count)} for account in rows]
        elif key == "instance_languages":
            domain = _param(params, key, "domain")
            data = _top(statuses.filter(account__domain__iexact=domain), "language", limit, _language_name)
        else:
            continue
        result.append({"key": key, "data": data})
    return result


# --- Retention --------------------------------------------------------------------------------

def _period_start(day: date, frequency: str) -> date:
    return day.replace(day=1) if frequency == "month" else day


def _next_period(day: date, frequency: str) -> date:
    if frequency == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def retention(start: date, end: date, frequency: str) -> list[dict]:
    """Admin::Cohort entities: for each period, the users who signed up in it and, for it and
    each later period up to end_at, how many of them were active."""
    frequency = frequency if frequency in ("day", "month") else "day"
    first = _period_start(start, frequency)
    periods = []
    current = first
    while current <= end:
        periods.append(current)
        current = _next_period(current, frequency)
    signups = {}
    for pk, created in User.objects.filter(**_between("created_at", first, end)).values_list("pk", "created_at"):
        signups.setdefault(_period_start(created.astimezone(UTC).date(), frequency), set()).add(pk)
    active = {}
    for day, pk in _active_pairs(first, end):
        active.setdefault(_period_start(day, frequency), set()).add(pk)
    cohorts = []
    for period in periods:
        members = signups.get(period, set())
        data = []
        for later in periods[periods.index(period):]:
            value = len(members & active.get(later, set()))
            data.append({"date": midnight(later).isoformat(), "rate": (value / len(members)) if members else 0.0,
                         "value": str(value)})
        cohorts.append({"period": midnight(period).isoformat(), "frequency": frequency, "data": data})
    return cohorts
