"""/api/v1/featured_tags (list, create, delete, suggestions), /api/v1/accounts/:id/featured_tags,
the Profile's featured_tags, and the counts kept as statuses come and go."""
from datetime import datetime, timedelta, timezone

from django.db import connection
from django.test.utils import CaptureQueriesContext

from statuses.models import Status
from tags import services
from tags.models import FeaturedTag, Tag
from tests import factories


def today():
    return datetime.now(timezone.utc).date().isoformat()


def feature(api, token, name):
    return api.post("/api/v1/featured_tags", {"name": name}, token=token)


def test_create_counts_existing_public_statuses(api, alice, bob, post, token_of):
    post(alice, "one #cats")
    post(alice, "two #Cats")
    post(alice, "unlisted #cats", visibility="unlisted")
    post(alice, "private #cats", visibility="private")
    post(alice, "@bob direct #cats", visibility="direct")
    post(bob, "not alice's #cats")
    response = feature(api, token_of(alice), "#Cats ")
    assert response.status_code == 200
    featured = response.json()
    assert featured["id"] == str(FeaturedTag.objects.get().id)
    assert featured["name"] == "Cats"  # as typed, without the hash
    assert featured["statuses_count"] == "3"
    assert featured["last_status_at"] == today()
    assert featured["url"].endswith("/@alice/tagged/cats")


def test_create_new_tag_with_no_statuses(api, alice, token_of):
    response = feature(api, token_of(alice), "brandnew")
    assert response.status_code == 200
    assert response.json()["statuses_count"] == "0"
    assert response.json()["last_status_at"] is None
    assert Tag.objects.filter(normalized="brandnew").exists()


def test_create_errors(api, alice, token_of):
    token = token_of(alice)
    for name in ("", "  ", "#"):
        response = feature(api, token, name)
        assert response.status_code == 422, name
        assert response.json()["error"] == "Validation failed: Name can't be blank"
    for name in ("123", "foo bar", "a-b", "x" * 300):
        response = feature(api, token, name)
        assert response.status_code == 422, name
        assert response.json()["error"] == "Validation failed: Tag is invalid"
        assert response.json()["details"]["tag"][0]["error"] == "ERR_INVALID"
    assert api.post("/api/v1/featured_tags", {}, token=token).status_code == 422
    assert feature(api, token, "cats").status_code == 200
    duplicate = feature(api, token, "CATS")
    assert duplicate.status_code == 422
    assert duplicate.json()["details"]["name"][0]["error"] == "ERR_TAKEN"
    assert FeaturedTag.objects.count() == 1


def test_create_limit(api, alice, token_of):
    token = token_of(alice)
    for index in range(10):
        assert feature(api, token, f"tag{index}").status_code == 200
    response = feature(api, token, "eleventh")
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: You have already featured the maximum number of hashtags"
    assert FeaturedTag.objects.count() == 10


def test_access(api, alice, token_of):
    assert api.get("/api/v1/featured_tags").status_code == 401
    assert feature(api, None, "cats").status_code == 401
    assert api.get("/api/v1/featured_tags", token=token_of(alice, "write")).status_code == 403
    assert feature(api, token_of(alice, "read"), "cats").status_code == 403
    assert api.get("/api/v1/featured_tags/suggestions", token=token_of(alice, "write")).status_code == 403
    app_token = factories.make_token(None)
    assert api.get("/api/v1/featured_tags", token=app_token).status_code == 422


def test_list_is_own_most_used_first(api, alice, bob, post, token_of):
    post(alice, "#dogs #cats")
    post(alice, "#cats")
    feature(api, token_of(alice), "dogs")
    feature(api, token_of(alice), "cats")
    feature(api, token_of(bob), "birds")
    mine = api.get("/api/v1/featured_tags", token=token_of(alice)).json()
    assert [(item["name"], item["statuses_count"]) for item in mine] == [("cats", "2"), ("dogs", "1")]


def test_delete(api, alice, bob, token_of):
    own = feature(api, token_of(alice), "cats").json()
    theirs = feature(api, token_of(bob), "cats").json()
    response = api.delete(f"/api/v1/featured_tags/{theirs['id']}", token=token_of(alice))
    assert response.status_code == 404 and response.json() == {"error": "Record not found"}
    for bad in ("nope", "99999999999999999999999", "123"):
        assert api.delete(f"/api/v1/featured_tags/{bad}", token=token_of(alice)).status_code == 404
    response = api.delete(f"/api/v1/featured_tags/{own['id']}", token=token_of(alice))
    assert response.status_code == 200 and response.json() == {}
    assert list(FeaturedTag.objects.values_list("id", flat=True)) == [int(theirs["id"])]
    assert api.delete(f"/api/v1/featured_tags/{own['id']}", token=token_of(alice)).status_code == 404
    assert api.delete(f"/api/v1/featured_tags/{theirs['id']}").status_code == 401


def test_counts_follow_posting_and_deleting(api, alice, post, token_of):
    token = token_of(alice)
    first = post(alice, "#cats first")
    featured = feature(api, token, "cats").json()
    assert featured["statuses_count"] == "1"

    def current():
        return api.get("/api/v1/featured_tags", token=token).json()[0]

    second = post(alice, "#cats second")
    assert current()["statuses_count"] == "2"
    row = FeaturedTag.objects.get()
    assert row.last_status_at == Status.objects.get(pk=second["id"]).created_at
    post(alice, "#cats private", visibility="private")
    post(alice, "#cats @alice direct", visibility="direct")
    post(alice, "no tag")
    assert current()["statuses_count"] == "2"
    # a reblog of one's own tagged status is not a tagged status of one's own
    api.post(f"/api/v1/statuses/{first['id']}/reblog", token=token)
    assert current()["statuses_count"] == "2"

    Status.objects.filter(pk=first["id"]).update(created_at=datetime.now(timezone.utc) - timedelta(days=3))
    assert api.delete(f"/api/v1/statuses/{second['id']}", token=token).status_code == 200
    row.refresh_from_db()
    assert row.statuses_count == 1
    assert row.last_status_at == Status.objects.get(pk=first["id"]).created_at
    assert current()["last_status_at"] == (datetime.now(timezone.utc) - timedelta(days=3)).date().isoformat()
    assert api.delete(f"/api/v1/statuses/{first['id']}", token=token).status_code == 200
    assert current()["statuses_count"] == "0"
    assert current()["last_status_at"] is None


def test_counts_of_other_accounts_do_not_move(api, alice, bob, post, token_of):
    feature(api, token_of(alice), "cats")
    post(bob, "#cats")
    assert api.get("/api/v1/featured_tags", token=token_of(alice)).json()[0]["statuses_count"] == "0"


def test_recount_and_edit_hook(alice, post):
    """featured_tags_status_edited (for the editing service) recounts the tags an edit changed."""
    status = post(alice, "#cats")
    featured = services.feature_tag(alice.account, "dogs")
    cats = services.feature_tag(alice.account, "cats")
    row = Status.objects.get(pk=status["id"])
    previous = list(row.tags.values_list("id", flat=True))
    row.tags.set([featured.tag])  # as if edited to "#dogs"
    services.featured_tags_status_edited(row, previous)
    featured.refresh_from_db()
    cats.refresh_from_db()
    assert (featured.statuses_count, cats.statuses_count) == (1, 0)
    assert featured.last_status_at == row.created_at and cats.last_status_at is None
    FeaturedTag.objects.update(statuses_count=42)
    services.recount_featured_tags(alice.account.id)
    assert sorted(FeaturedTag.objects.values_list("statuses_count", flat=True)) == [0, 1]


def test_suggestions(api, alice, bob, post, token_of):
    for _ in range(3):
        post(alice, "#cats")
    post(alice, "#dogs #dogs")
    post(alice, "#dogs")
    post(alice, "#birds", visibility="private")
    post(bob, "#fish #fish2")
    for index in range(10):
        post(alice, f"#many{index}")
    feature(api, token_of(alice), "birds")
    response = api.get("/api/v1/featured_tags/suggestions", token=token_of(alice))
    assert response.status_code == 200
    names = [tag["name"] for tag in response.json()]
    assert len(names) == 10
    assert names[:2] == ["cats", "dogs"]
    assert "birds" not in names and "fish" not in names
    assert response.json()[0]["history"][0]["uses"] == "3"
    assert response.json()[0]["following"] is False and response.json()[0]["featuring"] is False


def test_account_featured_tags_are_public(api, alice, bob, post, token_of):
    post(alice, "#cats")
    feature(api, token_of(alice), "cats")
    path = f"/api/v1/accounts/{alice.account.id}/featured_tags"
    response = api.get(path)
    assert response.status_code == 200
    assert [(item["name"], item["statuses_count"]) for item in response.json()] == [("cats", "1")]
    assert api.get(path, token=token_of(bob)).json() == response.json()
    assert api.get(f"/api/v1/accounts/{bob.account.id}/featured_tags").json() == []
    assert api.get("/api/v1/accounts/12345/featured_tags").status_code == 404
    alice.account.suspended_at = datetime.now(timezone.utc)
    alice.account.save()
    assert api.get(path).json() == []


def test_profile_lists_featured_tags(api, alice, post, token_of):
    post(alice, "#cats")
    feature(api, token_of(alice), "cats")
    profile = api.get("/api/v1/profile", token=token_of(alice)).json()
    assert [(item["name"], item["statuses_count"]) for item in profile["featured_tags"]] == [("cats", "1")]
    assert profile["featured_tags"][0]["last_status_at"] == today()


def test_lists_run_a_constant_number_of_queries(api, alice, post, token_of, django_assert_max_num_queries):
    token = token_of(alice)
    post(alice, "#first #suggested")
    feature(api, token, "first")
    paths = ["/api/v1/featured_tags", "/api/v1/featured_tags/suggestions",
             f"/api/v1/accounts/{alice.account.id}/featured_tags", "/api/v1/profile"]
    baseline = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            api.get(path, token=token)
        baseline[path] = len(queries)
    for index in range(9):
        post(alice, f"#tag{index} #more{index}")
        feature(api, token, f"tag{index}")
    for path in paths:
        with django_assert_max_num_queries(baseline[path]):
            response = api.get(path, token=token)
        assert response.status_code == 200
