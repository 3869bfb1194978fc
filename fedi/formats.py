"""Values formatted as Mastodon formats them."""
from datetime import date, datetime, timezone


def iso(moment: object) -> str | None:
    """ISO 8601 with milliseconds and Z: 2022-04-30T14:19:05.000Z (None stays None)."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    if isinstance(moment, date):
        return moment.isoformat()
    return str(moment)


def iso_date(moment: date | datetime | None) -> str | None:
    """A date only (e.g. last_status_at): 2022-04-30."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        moment = moment.astimezone(timezone.utc).date()
    return moment.isoformat()
