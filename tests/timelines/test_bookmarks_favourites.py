"""GET /api/v1/bookmarks and /api/v1/favourites: newest bookmark (favourite) first, paged
by the bookmark (favourite) row, only statuses the viewer may still see."""
import pytest

from statuses.models import Bookmark, Favourite
from tests.timelines.feeds_helpers import (  # noqa: F401
    act, alice, api, bob, delete_status, follow, get, ids, links, post, query_of, status_action)

KINDS = [("/api/v1/bookmarks", "bookmark", Bookmark, "read:bookmarks"),
         ("/api/v1/favourites", "favourite", Favourite, "read:favourites")]


@pytest.mark.parametrize("path, action, model, scope", KINDS)
def test_listed_by_when_they_were_made(api, alice, bob, path, action, model, scope):
    older = post(api, alice, "older")
    newer = post(api, alice, "newer")
    status_action(api, bob, newer, action)
    status_action(api, bob, older, action)
    response = get(api, bob, path)
    assert ids(response) == [older["id"], newer["id"]]
    assert response.json()[0][f"{action}ed" if action == "bookmark" else "favourited"] is True
    assert get(api, alice, path).json() == []
    rows = list(model.objects.filter(account=bob.account).order_by("-id"))
    page = get(api, bob, path, {"limit": 1})
    assert ids(page) == [older["id"]]
    nav = links(page)
    assert query_of(nav["next"])["max_id"] == str(rows[0].id)  # the row, not the status
    assert query_of(nav["prev"])["min_id"] == str(rows[0].id)
    assert ids(get(api, bob, path, query_of(nav["next"]))) == [newer["id"]]
    assert ids(get(api, bob, path, {"min_id": rows[1].id})) == [older["id"]]


@pytest.mark.parametrize("path, action, model, scope", KINDS)
def test_only_statuses_still_visible(api, alice, bob, path, action, model, scope):
    follow(api, bob, alice)
    private = post(api, alice, "followers only", visibility="private")
    public = post(api, alice, "public")
    gone = post(api, alice, "deleted later")
    for status in (private, public, gone):
        status_action(api, bob, status, action)
    delete_status(api, alice, gone)
    assert ids(get(api, bob, path)) == [public["id"], private["id"]]
    act(api, bob, alice, "unfollow")
    assert ids(get(api, bob, path)) == [public["id"]]
    act(api, alice, bob, "block")
    assert ids(get(api, bob, path)) == []


@pytest.mark.parametrize("path, action, model, scope", KINDS)
def test_access(api, alice, path, action, model, scope):
    from tests.factories import make_token

    assert api.get(path).status_code == 401
    assert api.get(path, token=make_token(None)).status_code == 422
    assert api.get(path, token=make_token(alice.user, "read:statuses")).status_code == 403
    assert api.get(path, token=make_token(alice.user, scope)).status_code == 200


@pytest.mark.parametrize("path, action, model, scope", KINDS)
@pytest.mark.parametrize("count", [2, 40])
def test_query_count_is_constant(api, alice, bob, path, action, model, scope, count,
                                 django_assert_max_num_queries):
    for n in range(count):
        status_action(api, bob, post(api, alice, f"n{n} #x @bob"), action)
    with django_assert_max_num_queries(14):
        response = get(api, bob, path, {"limit": 40})
    assert len(response.json()) == count
