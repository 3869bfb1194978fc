"""The periodic jobs run on both set-ups (the web process's scheduler on the embedded
default, Celery beat + worker in production): a scheduled status is published and a poll
is closed. PERIODIC_INTERVAL_SCALE (tests/system/conftest.py) shortens their intervals and
minimum delays to seconds."""
import secrets
import time
from datetime import datetime, timedelta, timezone

from tests.system.conftest import record

WAIT_SECONDS = 30


def test_scheduled_status_is_published(deployment):
    api = deployment.user()
    me = api.account_verify_credentials()
    text = "scheduled " + secrets.token_hex(4)
    # The minimum delay (5 minutes in production) is 3 s here.
    when = datetime.now(timezone.utc) + timedelta(seconds=5)
    scheduled = api.status_post(text, scheduled_at=when)
    assert "scheduled_at" in scheduled
    started = time.monotonic()
    published = None
    while time.monotonic() - started < WAIT_SECONDS:
        statuses = api.account_statuses(me["id"], limit=5)
        published = next((status for status in statuses if text in status["content"]), None)
        if published is not None:
            break
        time.sleep(0.5)
    assert published is not None, f"not published within {WAIT_SECONDS}s of {when.isoformat()}"
    assert api.scheduled_statuses() == []
    record(deployment.name, "scheduled status: published after its time",
           (datetime.now(timezone.utc) - when).total_seconds(), "s (upper bound)")


def test_poll_is_closed(deployment):
    author, voter = deployment.users(2)
    expires_in = deployment_min_expiration(author)
    ends = time.monotonic() + expires_in
    status = author.status_post("a poll " + secrets.token_hex(3),
                                poll=author.make_poll(["yes", "no"], expires_in=expires_in))
    voter.poll_vote(status["poll"]["id"], [0])
    started = time.monotonic()
    closed = None
    while time.monotonic() - started < expires_in + WAIT_SECONDS:
        notes = author.notifications(types=["poll"])
        closed = next((note for note in notes if str(note["status"]["id"]) == str(status["id"])), None)
        if closed is not None:
            break
        time.sleep(0.5)
    assert closed is not None, "no `poll` notification: the poll was not closed by the periodic job"
    assert author.poll(status["poll"]["id"])["expired"] is True
    record(deployment.name, "poll: closed (author notified) after it expired", time.monotonic() - ends, "s")


def deployment_min_expiration(api):
    return int(api.instance_v2()["configuration"]["polls"]["min_expiration"])
