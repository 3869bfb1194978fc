"""The hashtag timeline: any[], all[], none[], local, remote, only_media, privacy."""
import pytest
from django.db import transaction

from statuses.services.posting import create_status
from tests.timelines.feeds_helpers import (act, alice, api, bob, carol, committing, get, ids, links, post,  # noqa: F401
                                           query_of, remote, status_action)


def tag(name, who=None, api=None, **params):
    return ids(get(api, who, f"/api/v1/timelines/tag/{name}", params))


def test_tagged_public_statuses(api, alice, bob):
    cats = post(api, alice, "I like #cats")
    upper = post(api, bob, "#Cats are great")
    post(api, alice, "#cats unlisted", visibility="unlisted")
    post(api, alice, "#cats private", visibility="private")
    post(api, alice, "@bob #cats direct", visibility="direct")
    reply = post(api, bob, "@alice #cats indeed", in_reply_to_id=cats["id"])  # replies are in
    status_action(api, bob, cats, "reblog")  # reblogs are not
    post(api, alice, "#dogs")
    expected = [reply["id"], upper["id"], cats["id"]]
    assert tag("cats", api=api) == expected
    assert tag("CATS", bob, api=api) == expected
    assert tag("%23cats", api=api) == expected
    assert tag("nosuchtag", api=api) == []  # as Mastodon: empty, not 404


def test_any_all_none(api, alice):
    both = post(api, alice, "#cats #dogs")
    cats = post(api, alice, "#cats")
    dogs = post(api, alice, "#dogs")
    birds = post(api, alice, "#birds #cats")
    assert tag("cats", api=api, **{"any[]": ["dogs"]}) == [birds["id"], dogs["id"], cats["id"], both["id"]]
    assert tag("cats", api=api, **{"all[]": ["dogs"]}) == [both["id"]]
    assert tag("cats", api=api, **{"none[]": ["dogs", "birds"]}) == [cats["id"]]
    assert tag("cats", api=api, **{"all[]": ["unknown"]}) == [birds["id"], cats["id"], both["id"]]
    assert tag("cats", api=api, **{"any[]": ["birds"], "none[]": ["dogs"]}) == [birds["id"], cats["id"]]


def test_local_remote_and_viewer_rules(api, alice, bob, carol, remote, committing):
    local = post(api, alice, "#news here")
    stranger = remote("x", "far.example")
    with committing(), transaction.atomic():
        far = create_status(stranger, text="#news there", spoiler_text="", visibility="public", sensitive=False,
                            language=None)
    from_carol = post(api, carol, "#news from carol")
    assert tag("news", api=api) == [from_carol["id"], str(far.id), local["id"]]
    assert tag("news", api=api, local="true") == [from_carol["id"], local["id"]]
    assert tag("news", api=api, remote="true") == [str(far.id)]
    assert tag("news", api=api, only_media="true") == []
    act(api, bob, carol, "mute")
    assert api.post("/api/v1/domain_blocks", {"domain": "far.example"}, token=bob.token).status_code == 200
    assert tag("news", bob, api=api) == [local["id"]]
    act(api, alice, bob, "block")
    assert tag("news", bob, api=api) == []


def test_pagination(api, alice):
    posted = [post(api, alice, f"#paging {n}")["id"] for n in range(5)][::-1]
    first = get(api, None, "/api/v1/timelines/tag/paging", {"limit": 2, "any[]": ["other"]})
    assert ids(first) == posted[:2]
    nav = links(first)
    assert "/api/v1/timelines/tag/paging?" in nav["next"] and "any%5B%5D=other" in nav["next"]
    assert ids(get(api, None, "/api/v1/timelines/tag/paging", query_of(nav["next"]))) == posted[2:4]
    assert tag("paging", api=api, min_id=posted[4], limit=2) == posted[2:4]


@pytest.mark.parametrize("count", [3, 40])
def test_query_count_is_constant(api, alice, bob, count, django_assert_max_num_queries):
    for n in range(count):
        post(api, alice if n % 2 else bob, f"#counted {n} @carol")
    with django_assert_max_num_queries(17):
        response = get(api, bob, "/api/v1/timelines/tag/counted", {"limit": 40, "any[]": ["x"], "none[]": ["y"]})
    assert len(response.json()) == count
