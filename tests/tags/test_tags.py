"""GET /api/v1/tags/:name, follow/unfollow, feature/unfeature, and /api/v1/followed_tags."""
from datetime import datetime, timedelta, timezone

from django.db import connection
from django.test.utils import CaptureQueriesContext

from statuses.models import Status
from tags.models import FeaturedTag, Tag, TagFollow
from tests import factories


def midnight(days_ago=0):
    today = datetime.now(timezone.utc).date() - timedelta(days=days_ago)
    return str(int(datetime(today.year, today.month, today.day, tzinfo=timezone.utc).timestamp()))


def test_unknown_valid_tag_is_shown_unsaved(api):
    response = api.get("/api/v1/tags/Caturday")
    assert response.status_code == 200
    tag = response.json()
    assert tag["id"] == ""
    assert tag["name"] == "Caturday"
    assert tag["url"].endswith("/tags/Caturday")
    assert len(tag["history"]) == 7
    assert all(day["uses"] == "0" and day["accounts"] == "0" for day in tag["history"])
    assert [day["day"] for day in tag["history"]] == [midnight(n) for n in range(7)]
    assert tag["following"] is None and tag["featuring"] is None  # signed out
    assert not Tag.objects.exists()  # looking does not create


def test_invalid_tag_names_are_404(api, alice, token_of):
    for name in ("123", "foo-bar", "a%20b", "_", "x" * 300):
        assert api.get(f"/api/v1/tags/{name}").status_code == 404, name
        response = api.post(f"/api/v1/tags/{name}/follow", token=token_of(alice))
        assert response.status_code == 404, name
        assert response.json() == {"error": "Record not found"}
    assert not Tag.objects.exists()


def test_tag_history_counts_public_statuses_per_day(api, alice, bob, post, token_of):
    post(alice, "one #Cats")
    post(alice, "two #cats")
    post(bob, "three #CATS and #dogs")
    post(bob, "private #cats", visibility="private")
    post(bob, "unlisted #cats", visibility="unlisted")
    post(bob, "@alice direct #cats", visibility="direct")
    old = post(alice, "yesterday #cats")
    Status.objects.filter(pk=old["id"]).update(created_at=datetime.now(timezone.utc) - timedelta(days=2))
    ancient = post(bob, "long ago #cats")
    Status.objects.filter(pk=ancient["id"]).update(created_at=datetime.now(timezone.utc) - timedelta(days=30))
    reblogged = post(bob, "boost me")
    api.post(f"/api/v1/statuses/{reblogged['id']}/reblog", token=token_of(alice))

    response = api.get("/api/v1/tags/cAtS")
    assert response.status_code == 200
    tag = response.json()
    assert tag["name"] == "Cats"  # the first spelling
    assert tag["id"] == str(Tag.objects.get(normalized="cats").id)
    history = {day["day"]: day for day in tag["history"]}
    assert history[midnight(0)]["uses"] == "3"
    assert history[midnight(0)]["accounts"] == "2"
    assert history[midnight(2)] == {"day": midnight(2), "uses": "1", "accounts": "1"}
    assert sum(int(day["uses"]) for day in tag["history"]) == 4


def test_silenced_and_suspended_accounts_do_not_count(api, alice, bob, post):
    post(alice, "#cats")
    post(bob, "#cats")
    bob.account.silenced_at = datetime.now(timezone.utc)
    bob.account.save()
    tag = api.get("/api/v1/tags/cats").json()
    assert tag["history"][0]["uses"] == "1"


def test_following_and_featuring_for_the_viewer(api, alice, post, token_of):
    post(alice, "#cats")
    tag = api.get("/api/v1/tags/cats", token=token_of(alice)).json()
    assert tag["following"] is False and tag["featuring"] is False


def test_follow_and_unfollow(api, alice, bob, token_of):
    token = token_of(alice)
    response = api.post("/api/v1/tags/Caturday/follow", token=token)
    assert response.status_code == 200
    tag = response.json()
    assert tag["following"] is True and tag["featuring"] is False
    assert tag["name"] == "Caturday" and tag["id"] == str(Tag.objects.get(normalized="caturday").id)
    again = api.post("/api/v1/tags/caturday/follow", token=token)  # idempotent, any case
    assert again.status_code == 200 and again.json()["following"] is True
    assert TagFollow.objects.filter(account=alice.account).count() == 1
    assert api.get("/api/v1/tags/caturday", token=token).json()["following"] is True
    assert api.get("/api/v1/tags/caturday", token=token_of(bob)).json()["following"] is False

    response = api.post("/api/v1/tags/CATURDAY/unfollow", token=token)
    assert response.status_code == 200 and response.json()["following"] is False
    assert not TagFollow.objects.exists()
    assert api.post("/api/v1/tags/caturday/unfollow", token=token).status_code == 200
    unknown = api.post("/api/v1/tags/neverseen/unfollow", token=token)
    assert unknown.status_code == 200 and unknown.json()["following"] is False
    assert not Tag.objects.filter(normalized="neverseen").exists()


def test_follow_needs_a_user_token_with_the_scope(api, alice, token_of):
    assert api.post("/api/v1/tags/cats/follow").status_code == 401
    assert api.post("/api/v1/tags/cats/follow", token=token_of(alice, "read")).status_code == 403
    assert api.post("/api/v1/tags/cats/follow", token=token_of(alice, "write:follows")).status_code == 200
    assert api.post("/api/v1/tags/cats/unfollow", token=token_of(alice, "follow")).status_code == 200
    app_token = factories.make_token(None)
    assert api.post("/api/v1/tags/cats/follow", token=app_token).status_code == 422
    assert api.get("/api/v1/followed_tags").status_code == 401
    assert api.get("/api/v1/followed_tags", token=token_of(alice, "write")).status_code == 403


def test_feature_and_unfeature(api, alice, post, token_of):
    post(alice, "#cats")
    token = token_of(alice)
    response = api.post("/api/v1/tags/Cats/feature", token=token)
    assert response.status_code == 200
    assert response.json()["featuring"] is True
    assert api.post("/api/v1/tags/cats/feature", token=token).status_code == 200  # idempotent
    featured = api.get("/api/v1/featured_tags", token=token).json()
    assert [(item["name"], item["statuses_count"]) for item in featured] == [("cats", "1")]
    response = api.post("/api/v1/tags/cats/unfeature", token=token)
    assert response.status_code == 200 and response.json()["featuring"] is False
    assert api.get("/api/v1/featured_tags", token=token).json() == []
    assert api.post("/api/v1/tags/cats/unfeature", token=token).status_code == 200
    # feature needs write:accounts
    assert api.post("/api/v1/tags/cats/feature", token=token_of(alice, "write:follows")).status_code == 403


def test_feature_an_unknown_tag_creates_it(api, alice, token_of):
    response = api.post("/api/v1/tags/brandnew/feature", token=token_of(alice))
    assert response.status_code == 200 and response.json()["featuring"] is True
    assert FeaturedTag.objects.get(account=alice.account).tag.normalized == "brandnew"


def test_feature_respects_the_limit(api, alice, token_of):
    token = token_of(alice)
    for index in range(10):
        assert api.post(f"/api/v1/tags/tag{index}/feature", token=token).status_code == 200
    response = api.post("/api/v1/tags/onemore/feature", token=token)
    assert response.status_code == 422
    assert "maximum number of hashtags" in response.json()["error"]
    assert api.post("/api/v1/tags/tag3/feature", token=token).status_code == 200  # already featured: fine


def test_followed_tags_paginate_by_follow(api, alice, token_of):
    token = token_of(alice)
    names = [f"tag{index}" for index in range(5)]
    for name in names:
        api.post(f"/api/v1/tags/{name}/follow", token=token)
    response = api.get("/api/v1/followed_tags", {"limit": 2}, token=token)
    assert response.status_code == 200
    assert [tag["name"] for tag in response.json()] == ["tag4", "tag3"]
    assert all(tag["following"] is True for tag in response.json())
    link = response["Link"]
    assert 'rel="next"' in link and 'rel="prev"' in link
    next_url = link.split(";")[0].strip("<>")
    max_id = next_url.split("max_id=")[1]
    assert max_id == str(TagFollow.objects.get(account=alice.account, tag__normalized="tag3").id)
    second = api.get("/api/v1/followed_tags", {"limit": 2, "max_id": max_id}, token=token).json()
    assert [tag["name"] for tag in second] == ["tag2", "tag1"]
    everything = api.get("/api/v1/followed_tags", token=token).json()
    assert [tag["name"] for tag in everything] == list(reversed(names))
    assert api.get("/api/v1/followed_tags", token=token_of(factories.make_user("bob"))).json() == []


def test_followed_tags_run_a_constant_number_of_queries(api, alice, post, token_of, django_assert_max_num_queries):
    token = token_of(alice)
    api.post("/api/v1/tags/first/follow", token=token)
    post(alice, "#first")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/followed_tags", token=token)
    baseline = len(one)
    for index in range(30):
        api.post(f"/api/v1/tags/tag{index}/follow", token=token)
        post(alice, f"#tag{index} #first")
    with django_assert_max_num_queries(baseline):
        response = api.get("/api/v1/followed_tags", token=token)
    assert len(response.json()) == 31
