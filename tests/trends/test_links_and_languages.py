"""Link trends (Trends::Link: the PreviewCard and its history of shares) and per-language
ordering, from activity generated over simulated days, with the periodic job's refresh."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Account
from cards.models import PreviewCard, StatusCard
from statuses.models import Status
from tags.models import Tag
from tests.conftest import ApiClient
from tests.factories import make_user
from trends.models import LinkTrend, TagTrend
from trends.services import refresh_trends, review_link

LINKS = "/api/v1/trends/links"
TAGS = "/api/v1/trends/tags"
# A fixed simulated week: day 0 is Monday 2026-03-02, noon UTC.
DAY0 = datetime(2026, 3, 2, 12, 0, tzinfo=dt_timezone.utc)


@pytest.fixture
def api(db):
    return ApiClient()


@pytest.fixture
def people(db):
    accounts = [make_user(f"p{n}").account for n in range(12)]
    Account.objects.filter(pk__in=[a.id for a in accounts]).update(discoverable=True)
    return accounts


def card(name, **fields):
    return PreviewCard.objects.create(url=f"https://news.example/{name}", title=name.title(), type="link", **fields)


def share(card_, accounts, at, visibility="public", language=None):
    for account in accounts:
        status = Status.objects.create(account=account, text=card_.url, content=f"<p>{card_.url}</p>",
                                       visibility=visibility, created_at=at, language=language)
        StatusCard.objects.create(status=status, card=card_)


def urls(response):
    assert response.status_code == 200, response.content
    return [item["url"] for item in response.json()]


def test_links_trend_over_a_simulated_week(api, people, settings):
    steady, viral, unlisted, photo = card("steady"), card("viral"), card("unlisted"), card("photo", )
    PreviewCard.objects.filter(pk=photo.pk).update(type="photo")
    # days -1 to 4: steady shared by 6 accounts a day, viral by 1
    for day in range(-1, 5):
        at = DAY0 + timedelta(days=day)
        share(steady, people[:6], at)
        share(viral, people[:1], at)
    # day 5: viral rises to 9 accounts (some twice), steady stays; unlisted/photo never count
    day5 = DAY0 + timedelta(days=5)
    share(steady, people[:6], day5)
    share(viral, people[:9], day5)
    share(viral, people[:3], day5 + timedelta(minutes=5))
    share(unlisted, people[:9], day5, visibility="unlisted")
    share(photo, people[:9], day5)
    now = day5 + timedelta(minutes=30)
    for day in range(5):  # the job ran every day: nothing rose
        assert refresh_trends(DAY0 + timedelta(days=day, hours=1))["links"] == 0
    refresh_trends(now)
    assert urls(api.get(LINKS)) == []  # links need a review
    trend = LinkTrend.objects.get(card=viral)
    assert trend.score == pytest.approx((9 - 1) ** 2 / 1)  # 9 accounts against 1 yesterday
    assert not LinkTrend.objects.filter(card__in=[steady, unlisted, photo]).exists()

    review_link(viral.id, approve=True)
    response = api.get(LINKS)
    assert urls(response) == [viral.url]
    (link,) = response.json()
    assert link["title"] == "Viral" and link["type"] == "link"
    # the history is as of today (the real clock): the simulated week is in the past
    assert len(link["history"]) == 7
    from trends.queries import link_histories

    history = link_histories([viral.id], now)[viral.id]
    assert [(entry["uses"], entry["accounts"]) for entry in history] == [
        ("12", "9"), ("1", "1"), ("1", "1"), ("1", "1"), ("1", "1"), ("1", "1"), ("1", "1")]
    assert int(history[0]["day"]) == int(datetime(2026, 3, 7, tzinfo=dt_timezone.utc).timestamp())

    # rejected: gone at once, and stays gone at the next refresh
    review_link(viral.id, approve=False)
    assert urls(api.get(LINKS)) == []
    refresh_trends(now)
    assert urls(api.get(LINKS)) == []
    review_link(viral.id, approve=True)

    # decay: 8 h half-life, and after the 2-day cooldown the score is gone
    refresh_trends(now + timedelta(hours=8))
    assert LinkTrend.objects.get(card=viral).score == pytest.approx(trend.score / 2, rel=1e-3)
    refresh_trends(now + timedelta(days=3))
    assert urls(api.get(LINKS)) == []

    assert api.get(LINKS, {"limit": "x"}).status_code == 400


def test_unreviewed_links_with_trendable_by_default_offset_limit_and_language(api, people, settings):
    settings.TRENDABLE_BY_DEFAULT = True
    from django.utils import timezone

    now = timezone.now()
    today = max(now.replace(hour=0, minute=0, second=0, microsecond=0), now - timedelta(minutes=10))
    english, german, french = card("english"), card("german"), card("french", language="fr")
    share(english, people[:10], today, language="en")
    share(german, people[:7], today, language="de")
    share(french, people[:6], today, language="en")  # the card's own language wins
    refresh_trends(now)
    assert urls(api.get(LINKS)) == [english.url, german.url, french.url]
    assert LinkTrend.objects.get(card=german).language == "de"
    assert LinkTrend.objects.get(card=french).language == "fr"
    assert urls(api.get(LINKS, headers={"Accept-Language": "de"})) == [german.url, english.url, french.url]
    page = api.get(LINKS, {"limit": 1, "offset": 1})
    assert urls(page) == [german.url]
    assert 'rel="next"' in page["Link"] and 'rel="prev"' in page["Link"]
    history = api.get(LINKS).json()[0]["history"]
    assert (history[0]["uses"], history[0]["accounts"]) == ("10", "10")

    # constant queries whatever the number of links
    with CaptureQueriesContext(connection) as three:
        api.get(LINKS)
    for n in range(4):
        share(card(f"more{n}"), people[:5], today)
    refresh_trends(now)
    with CaptureQueriesContext(connection) as seven:
        assert len(api.get(LINKS).json()) == 7
    assert len(seven.captured_queries) == len(three.captured_queries)


def test_tags_in_the_readers_language_first(api, people, settings):
    settings.TRENDABLE_BY_DEFAULT = True
    from django.utils import timezone

    now = timezone.now()
    today = max(now.replace(hour=0, minute=0, second=0, microsecond=0), now - timedelta(minutes=10))
    big, small = Tag.objects.create(name="big", normalized="big"), Tag.objects.create(name="klein", normalized="klein")
    for tag_, accounts, language in ((big, people[:10], "en"), (small, people[:6], "de")):
        for account in accounts:
            status = Status.objects.create(account=account, text="#t", content="<p>#t</p>", created_at=today,
                                           language=language)
            status.tags.add(tag_)
    refresh_trends(now)
    assert TagTrend.objects.get(tag=small).language == "de"
    assert [t["name"] for t in api.get(TAGS).json()] == ["big", "klein"]
    assert [t["name"] for t in api.get(TAGS, headers={"Accept-Language": "de-AT"}).json()] == ["klein", "big"]
