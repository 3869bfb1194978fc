"""Scheduled statuses (Mastodon's ScheduledStatus, ScheduledStatusValidator and
PublishScheduledStatusWorker).

statuses.services.posting creates them (POST /api/v1/statuses with scheduled_at); here
they are listed, rescheduled, cancelled and, when due, published:

    check_limits(account, when)              # 422 past Mastodon's 300 total / 25 a day
    reschedule(scheduled, when)              # PUT scheduled_at (at least 5 minutes ahead)
    cancel(scheduled)                        # DELETE: its media become unattached again
    publish(scheduled_id)                    # post it now (the Status), and forget it
    publish_due()                            # periodic: publish what is due, queue what is near
"""
import logging
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fedi.errors import NotFound, ValidationFailed
from fedi.params import MAX_ID, id_in_url
from statuses.models import ScheduledStatus, Status
from statuses.tasks import publish_scheduled_status
from statuses.visibility import can_see

logger = logging.getLogger(__name__)

# As PostStatusService::MIN_SCHEDULE_OFFSET (shortened in tests by PERIODIC_INTERVAL_SCALE).
MIN_SCHEDULE_DELAY = timedelta(minutes=5) * settings.PERIODIC_INTERVAL_SCALE
MAX_TOTAL_SCHEDULED = 300                    # ScheduledStatusValidator::MAX_TOTAL_STATUSES
MAX_DAILY_SCHEDULED = 25                     # ScheduledStatusValidator::MAX_DAILY_STATUSES
# The periodic task runs every minute; what falls due before its next run is queued with an ETA.
PUBLISH_LOOKAHEAD = timedelta(minutes=2) * settings.PERIODIC_INTERVAL_SCALE

# Mastodon's messages (config/locales/en.yml, scheduled_statuses.*).
TOO_SOON = "The scheduled date must be in the future"
OVER_TOTAL_LIMIT = "You have exceeded the limit of {limit} scheduled posts"
OVER_DAILY_LIMIT = "You have exceeded the limit of {limit} scheduled posts for today"


def scheduled_of(account):
    """The account's scheduled statuses, with their media (for lists)."""
    return (ScheduledStatus.objects.filter(account_id=account.id).select_related("account__user")
            .prefetch_related("media_attachments"))


def find_scheduled(account, scheduled_id):
    """One of the account's scheduled statuses; 404 for anyone else's or an unknown id."""
    pk = id_in_url(scheduled_id)
    scheduled = scheduled_of(account).filter(pk=pk).first()
    if scheduled is None:
        raise NotFound()
    return scheduled


def _day_bounds(when):
    day = when.astimezone(dt_timezone.utc).date()
    start = datetime.combine(day, time.min, tzinfo=dt_timezone.utc)
    return start, start + timedelta(days=1)


def check_limits(account, when, *, exclude=None, check_time=True):
    """422 (as Mastodon's ScheduledStatusValidator) when `when` is less than 5 minutes
    ahead (unless check_time is false: the caller checked), or the account has
    MAX_TOTAL_SCHEDULED scheduled statuses, or MAX_DAILY_SCHEDULED on that (UTC) day;
    `exclude` is the one being rescheduled."""
    problems = ValidationFailed()
    if check_time and when < timezone.now() + MIN_SCHEDULE_DELAY:
        problems.add("scheduled_at", "ERR_INVALID", TOO_SOON)
    others = ScheduledStatus.objects.filter(account_id=account.id)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    messages = []
    if others.count() >= MAX_TOTAL_SCHEDULED:
        messages.append(OVER_TOTAL_LIMIT.format(limit=MAX_TOTAL_SCHEDULED))
    start, end = _day_bounds(when)
    if others.filter(scheduled_at__gte=start, scheduled_at__lt=end).count() >= MAX_DAILY_SCHEDULED:
        messages.append(OVER_DAILY_LIMIT.format(limit=MAX_DAILY_SCHEDULED))
    if not problems and not messages:
        return
    parts = [f"Scheduled at {item['description']}" for item in problems.details.get("scheduled_at", [])] + messages
    error = ValidationFailed("Validation failed: " + ", ".join(parts))
    for message in messages:
        error.add("base", "ERR_INVALID", message)
    for item in problems.details.get("scheduled_at", []):
        error.add("scheduled_at", item["error"], item["description"])
    raise error


def reschedule(scheduled, when):
    """PUT /api/v1/scheduled_statuses/:id: a new time (None leaves it as it is)."""
    if when is None:
        return scheduled
    with transaction.atomic():
        check_limits(scheduled.account, when, exclude=scheduled)
        scheduled.scheduled_at = when
        scheduled.save(update_fields=["scheduled_at"])
    transaction.on_commit(lambda: queue_if_near(scheduled))
    return scheduled


def cancel(scheduled):
    """DELETE: the scheduled status goes; its media stay the author's, unattached."""
    scheduled.delete()


# --- Publishing ---------------------------------------------------------------------------

def queue_if_near(scheduled, lookahead=PUBLISH_LOOKAHEAD):
    """Queue publish for the exact time when it is before the next periodic run."""
    if scheduled.scheduled_at - timezone.now() > lookahead:
        return

    publish_scheduled_status.apply_async(args=[scheduled.id], eta=scheduled.scheduled_at)


def publish(scheduled_id, *, now=None):
    """Post a due scheduled status with its stored params, media and poll, and delete it.
    Returns the Status, or None when it is gone (another worker published it), not due
    yet, or cannot be posted any more (author suspended, replied-to status gone or no
    longer visible: dropped, as Mastodon's PublishScheduledStatusWorker does)."""
    now = now or timezone.now()
    with transaction.atomic():
        scheduled = ScheduledStatus.objects.select_for_update().filter(pk=scheduled_id).first()
        if scheduled is None or scheduled.scheduled_at > now:
            return None
        media = list(scheduled.media_attachments.all())
        status = _post(scheduled, media)
        scheduled.delete()
    return status


def _post(scheduled, media):
    from statuses.services.posting import create_status  # a cycle: statuses.services.posting imports this module

    account = scheduled.account
    if account.suspended_at is not None:
        return None
    params = scheduled.params or {}
    thread = None
    if params.get("in_reply_to_id"):
        thread = (Status.objects.select_related("account", "reblog_of").filter(pk=params["in_reply_to_id"])
                  .first())
        if thread is None or not can_see(account, thread):
            logger.info("scheduled status %s dropped: the status it replies to is gone", scheduled.id)
            return None
    order = {str(media_id): index for index, media_id in enumerate(params.get("media_ids") or [])}
    media.sort(key=lambda item: (order.get(str(item.id), len(order)), item.id))
    poll = params.get("poll") or None
    if poll:
        poll = {"options": list(poll.get("options") or []), "expires_in": int(poll.get("expires_in") or 0),
                "multiple": bool(poll.get("multiple")), "hide_totals": bool(poll.get("hide_totals"))}
    return create_status(
        account, text=params.get("text") or "", spoiler_text=params.get("spoiler_text") or "",
        visibility=params.get("visibility") or "public", sensitive=bool(params.get("sensitive")),
        language=params.get("language") or None, thread=thread, media=media, poll_values=poll,
        application=scheduled.application, content_type=params.get("content_type") or "text/plain")


def publish_due(now=None):
    """The periodic run: publish every scheduled status that is due, and queue those due
    before the next run for their exact time. Returns how many were published."""
    now = now or timezone.now()
    due = list(ScheduledStatus.objects.filter(scheduled_at__lte=now).order_by("scheduled_at")
               .values_list("id", flat=True)[:1000])
    published = 0
    for scheduled_id in due:
        try:
            if publish(scheduled_id, now=now) is not None:
                published += 1
        except Exception:  # one broken scheduled status must not hold back the others
            logger.exception("publishing scheduled status %s failed", scheduled_id)
    for scheduled in ScheduledStatus.objects.filter(scheduled_at__gt=now, scheduled_at__lte=now + PUBLISH_LOOKAHEAD):
        queue_if_near(scheduled)
    return published
