"""Pleroma's offset on the timelines (home, list, public, tag, an account's statuses, with
with_muted too) and on bookmarks and favourites: that many statuses skipped after the
max_id / since_id / min_id filter, in the query's order (oldest first after min_id); a
non-negative integer, else 400; never carried into the Link header."""
import pytest

from tests.pleroma_api.schemas import check_statuses
from tests.timelines.feeds_helpers import (act, alice, api, bob, follow, get, ids, links, post,  # noqa: F401
                                           query_of, status_action, store)
from tests.timelines.test_list_timeline import make_list

PATHS = ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/cats", "list", "account",
         "with_muted"]


def page(api, who, path, **params):
    response = get(api, who, path, params)
    check_statuses(response.json())
    return response


@pytest.mark.parametrize("path", PATHS)
def test_offset(api, store, alice, bob, path):
    follow(api, bob, alice)
    extra = {}
    if path == "list":
        path = f"/api/v1/timelines/list/{make_list(api, bob, members=[alice])}"
    elif path == "account":
        path = f"/api/v1/accounts/{alice.id}/statuses"
    elif path == "with_muted":
        path, extra = "/api/v1/timelines/home", {"with_muted": "true"}
        act(api, bob, alice, "mute")
    posted = [post(api, alice, f"post {n} #cats")["id"] for n in range(6)][::-1]  # newest first
    assert ids(page(api, bob, path, **extra)) == posted
    assert ids(page(api, bob, path, offset=2, limit=2, **extra)) == posted[2:4]
    assert ids(page(api, bob, path, offset=0, **extra)) == posted
    assert ids(page(api, bob, path, offset=10, **extra)) == []
    # After the cursors' filter: max_id, then offset.
    assert ids(page(api, bob, path, max_id=posted[1], offset=1, limit=2, **extra)) == posted[3:5]
    assert ids(page(api, bob, path, since_id=posted[4], offset=1, **extra)) == posted[1:4]
    # min_id reads upwards: the offset skips the oldest above it.
    assert ids(page(api, bob, path, min_id=posted[5], offset=1, limit=2, **extra)) == posted[2:4]
    # The Link header's cursors say where the next page starts: no offset in them.
    response = page(api, bob, path, offset=1, limit=2, **extra)
    nav = links(response)
    assert "offset" not in query_of(nav["next"]) and query_of(nav["next"])["max_id"] == posted[2]
    assert ids(page(api, bob, path, **query_of(nav["next"]))) == posted[3:5]
    assert "offset" not in query_of(nav["prev"])


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
@pytest.mark.parametrize("path", ["/api/v1/timelines/home", "/api/v1/timelines/public", "account",
                                  "/api/v1/bookmarks"])
def test_a_bad_offset_is_refused(api, alice, bob, path, value):
    if path == "account":
        path = f"/api/v1/accounts/{alice.id}/statuses"
    body = get(api, bob, path, {"offset": value}, status=400).json()
    assert body["error"]


def test_offset_on_the_home_feed_counts_what_the_viewer_may_see(api, store, alice, bob):
    """Entries of the feed the viewer may no longer see are not counted by the offset."""
    follow(api, bob, alice)
    posted = [post(api, alice, f"post {n}")["id"] for n in range(5)][::-1]
    from statuses.models import Status

    Status.objects.filter(pk=int(posted[1])).update(visibility="direct")  # out of bob's sight, still in the feed
    assert ids(page(api, bob, "/api/v1/timelines/home", offset=1, limit=2)) == [posted[2], posted[3]]


def test_offset_on_bookmarks_favourites_and_pinned(api, alice, bob):
    posted = [post(api, alice, f"post {n}")["id"] for n in range(4)]
    for status in posted:
        status_action(api, bob, status, "bookmark")
        status_action(api, bob, status, "favourite")
        status_action(api, alice, status, "pin")
    newest_first = posted[::-1]
    assert ids(page(api, bob, "/api/v1/bookmarks", offset=1, limit=2)) == newest_first[1:3]
    assert ids(page(api, bob, "/api/v1/favourites", offset=3)) == newest_first[3:]
    pinned = f"/api/v1/accounts/{alice.id}/statuses"
    assert ids(page(api, bob, pinned, pinned="true", offset=1, limit=2)) == newest_first[1:3]
