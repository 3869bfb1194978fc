"""Annual reports (Wrapstodon): state, generation by the Celery task from the year's real
activity, the reports, the read marker; and the async refresh the generation reports on."""
import re
from datetime import datetime, timezone as dt_timezone

import pytest

from relationships.models import Follow
from statuses.models import Status
from tags.models import Tag

YEAR = 2026


@pytest.fixture
def campaign(settings):
    settings.ANNUAL_REPORTS_CAMPAIGN_YEAR = YEAR


def at(month, day=15):
    return datetime(YEAR, month, day, 12, tzinfo=dt_timezone.utc)


def activity(alice, bob, carol):
    """alice's year: 12 posts over three months (two with #cats, one with #dogs), 3 replies
    to bob, 2 reblogs; bob and carol follow her in March and May; a post of 2025."""
    cats, dogs = Tag.objects.create(name="cats", normalized="cats"), Tag.objects.create(name="dogs", normalized="dogs")
    posts = []
    for n in range(12):
        status = Status.objects.create(account=alice.account, text=f"post {n}", content=f"<p>post {n}</p>",
                                       created_at=at(1 + n % 3))
        posts.append(status)
    posts[0].tags.add(cats), posts[1].tags.add(cats), posts[2].tags.add(dogs)
    Status.objects.filter(pk=posts[5].pk).update(reblogs_count=4)
    Status.objects.filter(pk=posts[6].pk).update(reblogs_count=9, visibility="private")  # not shareable
    bob_post = Status.objects.create(account=bob.account, text="hi", content="<p>hi</p>", created_at=at(2))
    for n in range(3):
        Status.objects.create(account=alice.account, text="re", content="<p>re</p>", created_at=at(4),
                              in_reply_to=bob_post, in_reply_to_account=bob.account)
    for n in range(2):
        Status.objects.create(account=alice.account, reblog_of=bob_post, created_at=at(6))
    Status.objects.create(account=alice.account, text="old", content="<p>old</p>",
                          created_at=datetime(YEAR - 1, 12, 31, tzinfo=dt_timezone.utc))
    Follow.objects.create(account=bob.account, target_account=alice.account, created_at=at(3))
    Follow.objects.create(account=carol.account, target_account=alice.account, created_at=at(5))
    return posts


def test_generate_read_and_state(api, alice, bob, carol, campaign, django_capture_on_commit_callbacks):
    posts = activity(alice, bob, carol)
    state = f"/api/v1/annual_reports/{YEAR}/state"
    assert api.get(state, token=alice.token).json() == {"state": "eligible"}
    assert api.get(state, token=carol.token).json() == {"state": "ineligible"}  # no activity
    assert api.get(f"/api/v1/annual_reports/{YEAR}", token=alice.token).status_code == 404

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.post(f"/api/v1/annual_reports/{YEAR}/generate", token=alice.token)
    assert response.status_code == 202 and response.json() == {}
    refresh_id = re.match(r'id="([^"]+)", retry=\d+', response["Mastodon-Async-Refresh"]).group(1)
    assert api.get(state, token=alice.token).json() == {"state": "generating"}
    refresh = api.get(f"/api/v1_alpha/async_refreshes/{refresh_id}", token=alice.token).json()
    assert refresh["async_refresh"]["status"] == "running"
    for callback in queued:
        callback()  # the Celery task (eager)
    assert api.get(state, token=alice.token).json() == {"state": "available"}
    refresh = api.get(f"/api/v1_alpha/async_refreshes/{refresh_id}", token=alice.token).json()
    assert refresh["async_refresh"] == {"id": refresh_id, "status": "finished", "result_count": 1}
    assert api.post(f"/api/v1/annual_reports/{YEAR}/generate", token=alice.token).status_code == 200

    wrapped = api.get(f"/api/v1/annual_reports/{YEAR}", token=alice.token).json()
    (report,) = wrapped["annual_reports"]
    assert report["year"] == YEAR and report["schema_version"] == 2 and report["account_id"] == str(alice.id)
    data = report["data"]
    assert data["archetype"] == "oracle"  # 12 standalone posts, 3 replies, 2 reblogs
    by_month = {entry["month"]: (entry["statuses"], entry["followers"]) for entry in data["time_series"]}
    assert by_month[1] == (4, 0) and by_month[2] == (4, 0) and by_month[3] == (4, 1)
    assert by_month[4] == (3, 0) and by_month[5] == (0, 1) and by_month[6] == (2, 0) and by_month[12] == (0, 0)
    assert data["top_hashtags"] == [{"name": "cats", "count": 2}]
    assert data["top_statuses"] == {"by_reblogs": str(posts[5].id), "by_replies": None, "by_favourites": None}
    assert [s["id"] for s in wrapped["statuses"]] == [str(posts[5].id)]
    assert [a["id"] for a in wrapped["accounts"]] == [str(alice.id)]

    # the index lists the unread reports; reading one takes it off
    assert [r["year"] for r in api.get("/api/v1/annual_reports", token=alice.token).json()["annual_reports"]] == [YEAR]
    assert api.post(f"/api/v1/annual_reports/{YEAR}/read", token=alice.token).json() == {}
    assert api.get("/api/v1/annual_reports", token=alice.token).json()["annual_reports"] == []
    assert api.get(f"/api/v1/annual_reports/{YEAR}", token=alice.token).status_code == 200  # still there
    assert api.get(f"/api/v1/annual_reports/{YEAR}", token=bob.token).status_code == 404  # only one's own


def test_outside_the_campaign_and_bad_input(api, alice, bob, carol, settings):
    activity(alice, bob, carol)
    settings.ANNUAL_REPORTS_CAMPAIGN_YEAR = None  # no campaign running
    assert api.get(f"/api/v1/annual_reports/{YEAR}/state", token=alice.token).json() == {"state": "ineligible"}
    response = api.post(f"/api/v1/annual_reports/{YEAR}/generate", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert api.post(f"/api/v1/annual_reports/{YEAR}/read", token=alice.token).status_code == 404
    assert api.get("/api/v1/annual_reports/abc", token=alice.token).status_code == 404
    assert api.get("/api/v1/annual_reports").status_code == 401
    assert api.get("/api/v1_alpha/async_refreshes/forged", token=alice.token).status_code == 404


def test_archetypes():
    from annual_reports.services import _archetype

    assert _archetype(reblogs=1, replies=1, standalone=1, polls=0) == "lurker"
    assert _archetype(reblogs=30, replies=0, standalone=10, polls=0) == "booster"
    assert _archetype(reblogs=0, replies=0, standalone=20, polls=3) == "pollster"
    assert _archetype(reblogs=0, replies=30, standalone=10, polls=0) == "replier"
    assert _archetype(reblogs=5, replies=5, standalone=20, polls=1) == "oracle"
