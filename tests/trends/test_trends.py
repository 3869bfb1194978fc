"""Trends computed by the periodic job from activity generated over simulated days."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Account
from relationships.models import Block
from statuses.models import Status
from tags.models import Tag
from tests.conftest import ApiClient
from tests.factories import make_token, make_user
from trends.models import StatusTrend, TagTrend
from trends.services import refresh_trends
from trends.tasks import refresh_trends as refresh_task

TAGS = "/api/v1/trends/tags"
STATUSES = "/api/v1/trends/statuses"


@pytest.fixture
def api(db):
    return ApiClient()


@pytest.fixture
def people(db):
    accounts = [make_user(f"p{n}").account for n in range(10)]
    Account.objects.filter(pk__in=[a.id for a in accounts]).update(discoverable=True)
    return accounts


def tag(name, **fields):
    return Tag.objects.create(name=name, normalized=name, **fields)


def use(tag_, accounts, at, visibility="public"):
    for account in accounts:
        status = Status.objects.create(account=account, text=f"#{tag_.name}", content=f"<p>#{tag_.name}</p>",
                                       visibility=visibility, created_at=at)
        status.tags.add(tag_)


def names(response):
    return [item["name"] for item in response.json()]


def today_minus(now, minutes=1):
    """A moment earlier today (UTC), never before midnight."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(midnight, now - timedelta(minutes=minutes))


def test_tags_trend_on_a_rise_in_distinct_accounts(api, people, settings):
    now = timezone.now()
    steady, rising, few, banned, unreviewed, hidden = (
        tag("steady", trendable=True), tag("rising", trendable=True), tag("few", trendable=True),
        tag("banned", trendable=False), tag("unreviewed"), tag("hidden", trendable=True))
    for days_ago in (2, 1):
        use(steady, people[:6], now - timedelta(days=days_ago))
        use(rising, people[:1], now - timedelta(days=days_ago))
    earlier = today_minus(now)
    use(steady, people[:6], earlier)         # as many as yesterday: no rise
    use(rising, people[:8], earlier)         # 8 against 1 yesterday
    use(rising, people[:8], earlier)         # the same accounts again count once
    use(few, people[:4], earlier)            # below the threshold of 5 accounts
    use(banned, people[:8], earlier)
    use(unreviewed, people[:8], earlier)
    use(hidden, people[:8], earlier, visibility="unlisted")  # only public uses count
    refresh_trends(now)
    response = api.get(TAGS)
    assert names(response) == ["rising"]
    history = response.json()[0]["history"]
    assert history[0]["accounts"] == "8" and history[0]["uses"] == "16"
    assert TagTrend.objects.get(tag=rising).score == pytest.approx(49.0)  # (8 - 1)² / 1

    settings.TRENDABLE_BY_DEFAULT = True  # unreviewed tags may trend; banned never
    refresh_trends(now)
    assert names(api.get(TAGS)) == ["unreviewed", "rising"]  # equal scores: newest tag first
    assert names(api.get(TAGS, {"offset": 1, "limit": 1})) == ["rising"]
    first = api.get(TAGS, {"limit": 1})
    assert 'offset=1&limit=1>; rel="next"' in first["Link"] and 'rel="prev"' not in first["Link"]
    assert 'offset=0&limit=1>; rel="prev"' in api.get(TAGS, {"offset": 1, "limit": 1})["Link"]

    # the best score decays with a two-hour half-life, then the tag leaves the trends
    refresh_trends(now + timedelta(hours=10))
    assert TagTrend.objects.get(tag=rising).score == pytest.approx(49 * 0.5 ** 5)
    assert "rising" in names(api.get(TAGS))
    refresh_trends(now + timedelta(hours=14))
    assert names(api.get(TAGS)) == []
    refresh_trends(now + timedelta(days=3))  # after the cooldown nothing is kept
    assert not TagTrend.objects.filter(tag=rising).exists()


def test_silenced_and_suspended_accounts_do_not_count(api, people):
    now = timezone.now()
    rising = tag("rising", trendable=True)
    Account.objects.filter(pk__in=[a.id for a in people[:2]]).update(silenced_at=now)
    Account.objects.filter(pk__in=[a.id for a in people[2:4]]).update(suspended_at=now)
    use(rising, people[:8], today_minus(now))  # 4 countable accounts
    refresh_trends(now)
    assert names(api.get(TAGS)) == []


def liked(account, count, at, **fields):
    return Status.objects.create(account=account, text="x", content="<p>x</p>", created_at=at,
                                 favourites_count=count, reblogs_count=0, **fields)


def test_statuses_trend_by_interactions_with_decay_review_and_privacy(api, people, settings):
    now = timezone.now()
    hot = liked(people[0], 20, now - timedelta(minutes=30))
    warm = liked(people[1], 8, now - timedelta(minutes=30))
    liked(people[2], 3, now - timedelta(minutes=5))                        # below 5 interactions
    liked(people[3], 50, now - timedelta(days=2))                          # too old
    liked(people[4], 50, now - timedelta(minutes=5), visibility="private")
    liked(people[5], 50, now - timedelta(minutes=5), visibility="unlisted")
    liked(people[6], 50, now - timedelta(minutes=5), sensitive=True)
    liked(people[7], 50, now - timedelta(minutes=5), spoiler_text="cw")
    Account.objects.filter(pk=people[8].id).update(discoverable=False)
    liked(people[8], 50, now - timedelta(minutes=5))
    refresh_task.apply(kwargs={}, throw=True)  # the periodic job itself
    refresh_trends(now)
    assert api.get(STATUSES).json() == []  # nothing reviewed, and review is required
    StatusTrend.objects.filter(status=hot).update(reviewed=True, trendable=True)
    StatusTrend.objects.filter(status=warm).update(reviewed=True, trendable=False)
    refresh_trends(now)
    assert [item["id"] for item in api.get(STATUSES).json()] == [str(hot.id)]

    settings.TRENDABLE_BY_DEFAULT = True  # warm stays rejected by its review
    newer = liked(people[9], 10, now - timedelta(minutes=10))
    refresh_trends(now)
    assert [item["id"] for item in api.get(STATUSES).json()] == [str(hot.id), str(newer.id)]
    assert [item["id"] for item in api.get(STATUSES, {"offset": 1}).json()] == [str(newer.id)]

    viewer = make_user("viewer")
    Block.objects.create(account=viewer.account, target_account=people[0])
    seen = api.get(STATUSES, token=make_token(viewer)).json()
    assert [item["id"] for item in seen] == [str(newer.id)]  # blocked author left out
    Account.objects.filter(pk=people[9].id).update(suspended_at=now)
    assert [item["id"] for item in api.get(STATUSES).json()] == [str(hot.id)]

    Account.objects.filter(pk=people[9].id).update(suspended_at=None)
    Status.objects.filter(pk=newer.pk).update(language="de")
    refresh_trends(now)
    german_first = api.get(STATUSES, headers={"Accept-Language": "de-DE,de;q=0.9"}).json()
    assert [item["id"] for item in german_first] == [str(newer.id), str(hot.id)]

    refresh_trends(now + timedelta(hours=8))  # 20 * 0.5^8.5 < 0.3
    assert api.get(STATUSES).json() == []


def test_links_empty_and_bad_input(api):
    assert api.get("/api/v1/trends/links").json() == []
    assert api.get(TAGS, {"limit": "x"}).status_code == 400
    assert api.get(STATUSES, {"offset": "x"}).status_code == 400


def test_constant_queries(api, people, settings):
    settings.TRENDABLE_BY_DEFAULT = True
    now = timezone.now()
    tags = [tag(f"t{n}") for n in range(6)]

    def run():
        refresh_trends(now)
        with CaptureQueriesContext(connection) as tag_queries:
            api.get(TAGS)
        with CaptureQueriesContext(connection) as status_queries:
            api.get(STATUSES)
        return len(tag_queries.captured_queries), len(status_queries.captured_queries)

    use(tags[0], people[:6], today_minus(now))
    liked(people[0], 10, now - timedelta(minutes=1))
    few = run()
    for t in tags[1:]:
        use(t, people[:6], today_minus(now))
    for account in people[1:6]:
        liked(account, 10, now - timedelta(minutes=1))
    many = run()
    assert len(api.get(TAGS).json()) == 6 and len(api.get(STATUSES).json()) == 6
    assert many == few
