"""Pleroma's with_muted on the home, list, public and hashtag timelines: muted accounts'
statuses stay out by default and come back with with_muted=true (blocks still apply); and
the other Pleroma parameters the seed lists on home and list timelines (local, remote,
only_media, exclude_visibilities' "local" and "list")."""
import pytest

from tests.pleroma_api.schemas import check_statuses
from tests.timelines.feeds_helpers import act, alice, api, bob, carol, follow, get, ids, post, store  # noqa: F401
from tests.timelines.test_list_timeline import make_list


def timeline(api, who, path, **params):
    response = get(api, who, path, params)
    check_statuses(response.json())
    return ids(response)


PATHS = ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/cats", "list"]


@pytest.mark.parametrize("path", PATHS)
def test_with_muted(api, store, alice, bob, carol, path):
    follow(api, bob, alice)
    follow(api, bob, carol)
    if path == "list":
        path = f"/api/v1/timelines/list/{make_list(api, bob, members=[alice, carol])}"
    before = post(api, alice, "before the mute #cats")["id"]
    act(api, bob, alice, "mute")
    during = post(api, alice, "while muted #cats")["id"]
    other = post(api, carol, "carol #cats")["id"]
    assert timeline(api, bob, path) == [other]
    assert timeline(api, bob, path, with_muted="false") == [other]
    assert timeline(api, bob, path, with_muted="true") == [other, during, before]
    page = get(api, bob, path, {"with_muted": "true", "limit": 2})
    assert ids(page) == [other, during] and f"max_id={during}" in page["Link"]
    assert timeline(api, bob, path, with_muted="true", max_id=during) == [before]
    assert timeline(api, bob, path, with_muted="true", min_id=before, limit=1) == [during]
    # A block is not a mute: with_muted does not bring a blocked account back.
    act(api, bob, carol, "block")
    assert timeline(api, bob, path, with_muted="true") == [during, before]


def test_with_muted_home_keeps_the_feed_rules(api, store, alice, bob, carol):
    follow(api, bob, alice)
    act(api, bob, alice, "mute")
    mine = post(api, bob, "mine")["id"]
    muted = post(api, alice, "muted")["id"]
    reply_to_stranger = post(api, alice, "@carol hi", in_reply_to_id=post(api, carol, "root")["id"])["id"]
    assert reply_to_stranger not in timeline(api, bob, "/api/v1/timelines/home", with_muted="true")
    assert timeline(api, bob, "/api/v1/timelines/home", with_muted="true") == [muted, mine]
    assert timeline(api, carol, "/api/v1/timelines/home", with_muted="true")[-1] != muted  # carol follows nobody
    assert get(api, bob, "/api/v1/timelines/home", {"with_muted": "true", "exclude_visibilities[]": "public"}).json() == []


def test_home_and_list_origin_and_media_parameters(api, store, alice, bob):
    from accounts.models import Account
    from statuses.models import Status
    from feeds.store import HOME, feed_store

    follow(api, bob, alice)
    local = post(api, alice, "local")["id"]
    remote = Account.objects.create(username="zed", domain="remote.example", uri="https://remote.example/users/zed")
    far = Status.objects.create(account=remote, local=False, text="far", content="<p>far</p>", visibility="public",
                                uri="https://remote.example/s/1")
    from relationships.models import Follow

    Follow.objects.create(account=bob.account, target_account=remote)
    feed_store().add_many(HOME, bob.id, [(far.id, None)])
    home = "/api/v1/timelines/home"
    assert timeline(api, bob, home) == [str(far.id), local]
    assert timeline(api, bob, home, local="true") == [local]
    assert timeline(api, bob, home, remote="true") == [str(far.id)]
    assert timeline(api, bob, home, only_media="true") == []
    assert timeline(api, bob, home, **{"exclude_visibilities[]": ["local", "list"]}) == [str(far.id), local]
    assert get(api, bob, home, {"exclude_visibilities[]": "secret"}, status=400).json()["error"]
