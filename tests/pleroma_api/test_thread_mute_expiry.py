"""Pleroma's expires_in on POST /api/v1/statuses/:id/mute (the thread mute): the conversation
is muted for that many seconds (0 or none: until unmuted), counts as unmuted once the time
is past, and the periodic job statuses.purge_expired_conversation_mutes deletes it."""
from datetime import timedelta

import pytest
from django.utils import timezone

from statuses.models import ConversationMute
from tests.pleroma_api.schemas import check_status
from tests.timelines.feeds_helpers import alice, api, bob, carol, get, post  # noqa: F401


def mute(api, who, status_id, status=200, **data):
    response = api.post(f"/api/v1/statuses/{status_id}/mute", data, token=who.token)
    assert response.status_code == status, response.content
    return response.json()


def mentions(api, who):
    return [n["status"]["id"] for n in get(api, who, "/api/v1/notifications", {"types[]": "mention"}).json()]


def test_mute_with_expires_in(api, alice, bob, carol):
    root = post(api, alice, "a thread")["id"]
    muted = mute(api, alice, root, expires_in=3600)
    check_status(muted)
    assert muted["muted"] is True and muted["pleroma"]["thread_muted"] is True
    row = ConversationMute.objects.get()
    assert abs((row.expires_at - timezone.now()) - timedelta(hours=1)) < timedelta(minutes=1)
    quiet = post(api, bob, "@alice in the thread", in_reply_to_id=root)["id"]
    assert quiet not in mentions(api, alice)
    # Once past its time the mute counts as none: the thread is shown unmuted, its replies notify.
    ConversationMute.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    shown = get(api, alice, f"/api/v1/statuses/{root}").json()
    assert shown["muted"] is False and shown["pleroma"]["thread_muted"] is False
    loud = post(api, carol, "@alice still here", in_reply_to_id=root)["id"]
    assert loud in mentions(api, alice)


def test_without_expires_in_the_mute_stays(api, alice):
    root = post(api, alice, "a thread")["id"]
    assert mute(api, alice, root)["muted"] is True
    assert ConversationMute.objects.get().expires_at is None
    mute(api, alice, root, expires_in=60)
    assert ConversationMute.objects.get().expires_at is not None
    # Muting again sets the new expiry; 0 (or null in JSON) means until unmuted.
    mute(api, alice, root, expires_in=0)
    assert ConversationMute.objects.get().expires_at is None
    response = api.post(f"/api/v1/statuses/{root}/mute", {"expires_in": None}, format="json", token=alice.token)
    assert response.status_code == 200 and ConversationMute.objects.get().expires_at is None
    assert api.post(f"/api/v1/statuses/{root}/unmute", token=alice.token).json()["muted"] is False
    assert not ConversationMute.objects.exists()


@pytest.mark.parametrize("value", ["soon", "-5", "1e99"])
def test_a_bad_expires_in_is_refused(api, alice, value):
    root = post(api, alice, "a thread")["id"]
    assert mute(api, alice, root, status=400, expires_in=value)["error"]
    assert not ConversationMute.objects.exists()


def test_the_periodic_job_lifts_expired_thread_mutes(api, alice, bob):
    from fedi.periodic import registered_tasks, schedule_intervals

    assert "statuses.purge_expired_conversation_mutes" in schedule_intervals()
    soon = post(api, alice, "soon unmuted")["id"]
    forever = post(api, alice, "muted for good")["id"]
    later = post(api, alice, "muted for a day")["id"]
    mute(api, bob, soon, expires_in=60)
    mute(api, bob, forever)
    mute(api, bob, later, expires_in=86400)
    ConversationMute.objects.filter(expires_at__lt=timezone.now() + timedelta(minutes=5)).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    # The job as beat (or the embedded default's scheduler) runs it, found by its scheduled name.
    assert registered_tasks()["statuses.purge_expired_conversation_mutes"].delay().get() == 1
    assert ConversationMute.objects.count() == 2
    assert get(api, bob, f"/api/v1/statuses/{soon}").json()["muted"] is False
    assert get(api, bob, f"/api/v1/statuses/{forever}").json()["muted"] is True
    assert get(api, bob, f"/api/v1/statuses/{later}").json()["muted"] is True
