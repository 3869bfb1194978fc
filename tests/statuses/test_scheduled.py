"""Scheduled statuses: scheduling through POST /api/v1/statuses, listing, rescheduling,
cancelling, Mastodon's limits, and publishing on time with media and poll."""
from datetime import datetime, timedelta, timezone as dt_timezone
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from media_attachments.models import MediaAttachment
from polls.models import Poll
from statuses import tasks
from statuses.models import ScheduledStatus, Status

TOO_SOON = "Validation failed: Scheduled at The scheduled date must be in the future"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def later(**delta):
    return (timezone.now() + timedelta(**delta)).isoformat()


@pytest.fixture
def schedule(api, token_of):
    """schedule(user, text, when=in an hour, **params) -> the ScheduledStatus JSON."""

    def _schedule(user, text="Later", when=None, **params):
        response = api.post("/api/v1/statuses", {"status": text, "scheduled_at": when or later(hours=1), **params},
                            token=token_of(user))
        assert response.status_code == 200, response.content
        return response.json()

    return _schedule


def make_due(scheduled_id):
    ScheduledStatus.objects.filter(pk=scheduled_id).update(scheduled_at=timezone.now() - timedelta(seconds=1))


def upload_image(api, token, description="a red square"):
    buffer = BytesIO()
    Image.new("RGB", (32, 24), (200, 10, 10)).save(buffer, "PNG")
    upload = SimpleUploadedFile("red.png", buffer.getvalue(), content_type="image/png")
    response = api.post("/api/v1/media", {"file": upload, "description": description}, token=token,
                        format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


# --- Scheduling and reading -----------------------------------------------------------------

def test_schedule_list_show(api, alice, bob, token_of, schedule):
    when = later(minutes=30)
    scheduled = schedule(alice, "Hello future", when=when, visibility="unlisted", spoiler_text="cw",
                         language="en")
    assert scheduled["scheduled_at"].startswith(when[:16])
    params = scheduled["params"]
    assert params["text"] == "Hello future"
    assert params["visibility"] == "unlisted" and params["spoiler_text"] == "cw" and params["language"] == "en"
    assert params["scheduled_at"] is None and params["poll"] is None and params["media_ids"] is None
    assert scheduled["media_attachments"] == []
    assert not Status.objects.exists()

    listed = api.get("/api/v1/scheduled_statuses", token=token_of(alice)).json()
    assert [item["id"] for item in listed] == [scheduled["id"]]
    shown = api.get(f"/api/v1/scheduled_statuses/{scheduled['id']}", token=token_of(alice))
    assert shown.status_code == 200 and shown.json()["id"] == scheduled["id"]

    # someone else's: not found, whatever the method
    assert api.get("/api/v1/scheduled_statuses", token=token_of(bob)).json() == []
    for method in ("get", "put", "delete"):
        response = getattr(api, method)(f"/api/v1/scheduled_statuses/{scheduled['id']}", token=token_of(bob))
        assert response.status_code == 404, method
        assert response.json()["error"] == "Record not found"
    assert ScheduledStatus.objects.filter(pk=scheduled["id"]).exists()


def test_scheduled_statuses_need_a_user_token(api, alice, schedule, make_token, make_app):
    scheduled = schedule(alice)
    assert api.get("/api/v1/scheduled_statuses").status_code == 401
    assert api.get(f"/api/v1/scheduled_statuses/{scheduled['id']}").status_code == 401
    write_only = make_token(alice, scopes="write:statuses")
    assert api.get("/api/v1/scheduled_statuses", token=write_only).status_code == 403
    read_only = make_token(alice, scopes="read:statuses")
    assert api.delete(f"/api/v1/scheduled_statuses/{scheduled['id']}", token=read_only).status_code == 403
    app_token = make_token(None, app=make_app())
    assert api.get("/api/v1/scheduled_statuses", token=app_token).status_code in (401, 403, 422)


@pytest.mark.parametrize("when", [timedelta(minutes=2), timedelta(minutes=-5)])
def test_too_soon_is_refused(api, alice, token_of, when):
    response = api.post("/api/v1/statuses", {"status": "x", "scheduled_at": (timezone.now() + when).isoformat()},
                        token=token_of(alice))
    assert response.status_code == 422
    assert response.json()["error"] == TOO_SOON
    assert not ScheduledStatus.objects.exists()


def test_unknown_ids(api, alice, token_of):
    for scheduled_id in ("abc", "123", "99999999999999999999999"):
        assert api.get(f"/api/v1/scheduled_statuses/{scheduled_id}", token=token_of(alice)).status_code == 404


def test_list_pages_with_link_headers_in_constant_queries(api, alice, token_of, schedule,
                                                         django_assert_max_num_queries):
    token = token_of(alice)
    ids = [schedule(alice, f"post {index}", when=later(hours=index + 1))["id"] for index in range(5)]
    api.get("/api/v1/scheduled_statuses", token=token)  # warm up (token lookups cached)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/scheduled_statuses", {"limit": 2}, token=token)
    assert [item["id"] for item in response.json()] == ids[::-1][:2]  # newest first
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    next_url = response["Link"].split(";")[0].strip("<>")
    following = api.get(next_url.split("testserver")[-1].split("8000")[-1], token=token).json()
    assert [item["id"] for item in following] == ids[::-1][2:4]
    assert [item["id"] for item in api.get("/api/v1/scheduled_statuses", {"limit": 50},
                                           token=token).json()] == ids[::-1]


def test_list_with_media_stays_constant(api, alice, token_of, schedule, django_assert_max_num_queries):
    token = token_of(alice)
    for index in range(3):
        media = upload_image(api, token)
        schedule(alice, f"with media {index}", **{"media_ids[]": [media["id"]]})
    api.get("/api/v1/scheduled_statuses", token=token)
    with django_assert_max_num_queries(8):
        listed = api.get("/api/v1/scheduled_statuses", token=token).json()
    assert len(listed) == 3 and all(len(item["media_attachments"]) == 1 for item in listed)


# --- Rescheduling and cancelling ------------------------------------------------------------

def test_reschedule(api, alice, token_of, schedule):
    scheduled = schedule(alice)
    when = later(days=2)
    response = api.put(f"/api/v1/scheduled_statuses/{scheduled['id']}", {"scheduled_at": when}, token=token_of(alice))
    assert response.status_code == 200, response.content
    assert response.json()["scheduled_at"].startswith(when[:16])
    assert ScheduledStatus.objects.get(pk=scheduled["id"]).scheduled_at > timezone.now() + timedelta(days=1)

    response = api.put(f"/api/v1/scheduled_statuses/{scheduled['id']}", {"scheduled_at": later(minutes=1)},
                       token=token_of(alice), format="json")
    assert response.status_code == 422
    assert response.json()["error"] == TOO_SOON
    response = api.put(f"/api/v1/scheduled_statuses/{scheduled['id']}", {"scheduled_at": "next tuesday"},
                       token=token_of(alice))
    assert response.status_code == 422
    # nothing given: nothing changes
    response = api.put(f"/api/v1/scheduled_statuses/{scheduled['id']}", {}, token=token_of(alice))
    assert response.status_code == 200 and response.json()["scheduled_at"].startswith(when[:16])


def test_cancel_frees_the_media(api, alice, token_of, schedule):
    token = token_of(alice)
    media = upload_image(api, token)
    scheduled = schedule(alice, "with a picture", **{"media_ids[]": [media["id"]]})
    assert [item["id"] for item in scheduled["media_attachments"]] == [media["id"]]
    assert scheduled["params"]["media_ids"] == [media["id"]]
    # attached to the scheduled status: it may not be deleted nor used elsewhere
    assert api.delete(f"/api/v1/media/{media['id']}", token=token).status_code == 422
    response = api.delete(f"/api/v1/scheduled_statuses/{scheduled['id']}", token=token)
    assert response.status_code == 200 and response.json() == {}
    assert not ScheduledStatus.objects.exists()
    assert api.get(f"/api/v1/scheduled_statuses/{scheduled['id']}", token=token).status_code == 404
    assert MediaAttachment.objects.get(pk=media["id"]).scheduled_status_id is None
    assert api.delete(f"/api/v1/media/{media['id']}", token=token).status_code == 200


# --- Mastodon's limits ----------------------------------------------------------------------

def test_daily_limit(api, alice, bob, token_of):
    day = (timezone.now() + timedelta(days=3)).date()
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=dt_timezone.utc)
    ScheduledStatus.objects.bulk_create([ScheduledStatus(account=alice.account, scheduled_at=noon, params={})
                                         for _ in range(25)])
    response = api.post("/api/v1/statuses", {"status": "one too many",
                                             "scheduled_at": (noon + timedelta(hours=3)).isoformat()},
                        token=token_of(alice))
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: You have exceeded the limit of 25 scheduled posts for today"
    # another day is fine, and so is another account on that day
    other_day = api.post("/api/v1/statuses", {"status": "fine", "scheduled_at": (noon + timedelta(days=1)).isoformat()},
                         token=token_of(alice))
    assert other_day.status_code == 200
    assert api.post("/api/v1/statuses", {"status": "fine", "scheduled_at": noon.isoformat()},
                    token=token_of(bob)).status_code == 200
    # moving one onto the full day is refused too; moving one within it is not
    response = api.put(f"/api/v1/scheduled_statuses/{other_day.json()['id']}",
                       {"scheduled_at": (noon + timedelta(hours=1)).isoformat()}, token=token_of(alice))
    assert response.status_code == 422
    inside = ScheduledStatus.objects.filter(account=alice.account, scheduled_at=noon).first()
    response = api.put(f"/api/v1/scheduled_statuses/{inside.id}",
                       {"scheduled_at": (noon + timedelta(hours=2)).isoformat()}, token=token_of(alice))
    assert response.status_code == 200


def test_total_limit(api, alice, token_of):
    start = timezone.now() + timedelta(days=1)
    ScheduledStatus.objects.bulk_create([
        ScheduledStatus(account=alice.account, scheduled_at=start + timedelta(days=index // 20), params={})
        for index in range(300)])
    response = api.post("/api/v1/statuses", {"status": "x", "scheduled_at": (start + timedelta(days=200)).isoformat()},
                        token=token_of(alice))
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: You have exceeded the limit of 300 scheduled posts"
    assert ScheduledStatus.objects.count() == 300


# --- Publishing -----------------------------------------------------------------------------

def test_published_on_time_with_media(api, alice, token_of, schedule):
    token = token_of(alice)
    first = upload_image(api, token, "first")
    second = upload_image(api, token, "second")
    scheduled = schedule(alice, "Pictures #later", visibility="unlisted", sensitive="true",
                         **{"media_ids[]": [first["id"], second["id"]]})
    assert tasks.publish_due_scheduled.delay().get() == 0  # not due: nothing happens
    assert ScheduledStatus.objects.exists() and not Status.objects.exists()

    make_due(scheduled["id"])
    assert tasks.publish_due_scheduled.delay().get() == 1
    assert not ScheduledStatus.objects.exists()
    status = Status.objects.get()
    assert status.text == "Pictures #later" and status.visibility == "unlisted" and status.sensitive
    shown = api.get(f"/api/v1/statuses/{status.id}", token=token).json()
    assert [item["id"] for item in shown["media_attachments"]] == [first["id"], second["id"]]
    assert [item["description"] for item in shown["media_attachments"]] == ["first", "second"]
    assert shown["tags"][0]["name"] == "later"
    assert shown["application"] is not None
    assert all(item.scheduled_status_id is None for item in MediaAttachment.objects.all())
    assert api.get("/api/v1/scheduled_statuses", token=token).json() == []
    # published once: running again does nothing
    assert tasks.publish_due_scheduled.delay().get() == 0
    assert tasks.publish_scheduled_status.delay(int(scheduled["id"])).get() is None
    assert Status.objects.count() == 1


def test_published_with_poll(api, alice, bob, token_of, schedule):
    scheduled = schedule(alice, "Vote later", **{"poll[options][]": ["yes", "no"], "poll[expires_in]": "600",
                                                 "poll[multiple]": "true"})
    assert scheduled["params"]["poll"] == {"options": ["yes", "no"], "expires_in": 600, "multiple": True,
                                           "hide_totals": False}
    assert not Poll.objects.exists()
    make_due(scheduled["id"])
    status_id = tasks.publish_scheduled_status.delay(int(scheduled["id"])).get()
    poll = Poll.objects.get(status_id=status_id)
    assert poll.options == ["yes", "no"] and poll.multiple
    # the poll runs from publication
    assert timedelta(seconds=590) < poll.expires_at - timezone.now() <= timedelta(seconds=600)
    response = api.post(f"/api/v1/polls/{poll.id}/votes", {"choices[]": ["0", "1"]}, token=token_of(bob))
    assert response.status_code == 200 and response.json()["votes_count"] == 2


def test_scheduled_reply(api, alice, bob, token_of, schedule, post):
    original = post(bob, "question")
    scheduled = schedule(alice, "answer", in_reply_to_id=original["id"])
    assert scheduled["params"]["in_reply_to_id"] == int(original["id"])
    make_due(scheduled["id"])
    tasks.publish_due_scheduled.delay()
    reply = Status.objects.get(account=alice.account)
    assert reply.in_reply_to_id == int(original["id"])
    assert Status.objects.get(pk=original["id"]).replies_count == 1


def test_reply_to_a_deleted_status_is_dropped(api, alice, bob, token_of, schedule, post):
    original = post(bob, "soon gone")
    scheduled = schedule(alice, "answer", in_reply_to_id=original["id"])
    api.delete(f"/api/v1/statuses/{original['id']}", token=token_of(bob))
    make_due(scheduled["id"])
    tasks.publish_due_scheduled.delay()
    assert not ScheduledStatus.objects.exists()
    assert not Status.objects.filter(account=alice.account).exists()


def test_suspended_author_is_not_published(alice, schedule):
    scheduled = schedule(alice)
    alice.account.suspended_at = timezone.now()
    alice.account.save(update_fields=["suspended_at"])
    make_due(scheduled["id"])
    tasks.publish_due_scheduled.delay()
    assert not Status.objects.exists() and not ScheduledStatus.objects.exists()


def test_only_due_ones_are_published(alice, schedule):
    due = schedule(alice, "due")
    schedule(alice, "not yet", when=later(days=1))
    make_due(due["id"])
    assert tasks.publish_due_scheduled.delay().get() == 1
    assert list(Status.objects.values_list("text", flat=True)) == ["due"]
    assert list(ScheduledStatus.objects.values_list("params__text", flat=True)) == ["not yet"]


def test_published_with_its_content_type(api, alice, token_of, schedule):
    """Pleroma's content_type is kept until the status is posted (Markdown rendered then)."""
    scheduled = schedule(alice, "**bold** later", content_type="text/markdown")
    assert scheduled["params"]["content_type"] == "text/markdown"
    make_due(scheduled["id"])
    status_id = tasks.publish_scheduled_status.delay(int(scheduled["id"])).get()
    status = Status.objects.get(pk=status_id)
    assert status.content_type == "text/markdown" and "<strong>bold</strong>" in status.content
    source = api.get(f"/api/v1/statuses/{status_id}/source", token=token_of(alice)).json()
    assert source["content_type"] == "text/markdown"
