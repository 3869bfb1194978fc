"""Pleroma parameters and options the seed lists on Mastodon's endpoints: hide_followers /
hide_follows and their counts, scrobbles' externalLink, exclude_visibilities and with_muted
on an account's statuses, exclude_visibilities on notifications, conversations filtered by
recipients[], reactions with_muted."""
from tests.pleroma_api.schemas import check_statuses
from tests.timelines.feeds_helpers import act, alice, api, bob, carol, follow, get, ids, post  # noqa: F401


def test_hidden_followers_and_follows(api, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, alice, carol)
    from accounts.models import Account

    Account.objects.filter(pk=alice.id).update(hide_followers=True, hide_follows=True, hide_followers_count=True,
                                               hide_follows_count=True)
    assert get(api, bob, f"/api/v1/accounts/{alice.id}/followers").json() == []
    assert get(api, bob, f"/api/v1/accounts/{alice.id}/following").json() == []
    assert get(api, None, f"/api/v1/accounts/{alice.id}/followers").json() == []
    assert ids(get(api, alice, f"/api/v1/accounts/{alice.id}/followers")) == [str(bob.id)]  # the owner sees them
    assert ids(get(api, alice, f"/api/v1/accounts/{alice.id}/following")) == [str(carol.id)]
    seen = get(api, bob, f"/api/v1/accounts/{alice.id}").json()
    assert (seen["followers_count"], seen["following_count"]) == (0, 0)
    own = get(api, alice, "/api/v1/accounts/verify_credentials").json()
    assert (own["followers_count"], own["following_count"]) == (1, 1)
    assert get(api, alice, f"/api/v1/accounts/{alice.id}").json()["followers_count"] == 1


def test_scrobble_external_link(api, alice):
    response = api.post("/api/v1/pleroma/scrobble", {"title": "Song", "externalLink": "https://example.com/song"},
                        token=alice.token)
    assert response.status_code == 200 and response.json()["externalLink"] == "https://example.com/song"


def test_account_statuses_exclude_visibilities_and_with_muted(api, alice, bob, carol):
    follow(api, bob, alice)
    public = post(api, alice, "public")["id"]
    private = post(api, alice, "private", visibility="private")["id"]
    path = f"/api/v1/accounts/{alice.id}/statuses"
    assert ids(get(api, bob, path)) == [private, public]
    response = get(api, bob, path, {"exclude_visibilities[]": ["private", "local"]})
    check_statuses(response.json())
    assert ids(response) == [public]
    get(api, bob, path, {"exclude_visibilities[]": "secret"}, status=400)

    carols = post(api, carol, "carol's")["id"]
    boost = api.post(f"/api/v1/statuses/{carols}/reblog", token=alice.token).json()["id"]
    act(api, bob, carol, "mute")
    assert boost not in ids(get(api, bob, path))
    assert ids(get(api, bob, path, {"with_muted": "true"}))[0] == boost


def test_notifications_exclude_visibilities(api, alice, bob):
    follow(api, alice, bob)  # a private mention from a stranger would be filtered
    direct = post(api, bob, "@alice psst", visibility="direct")["id"]
    public = post(api, bob, "@alice hello")["id"]
    listed = get(api, alice, "/api/v1/notifications").json()
    assert [n["status"]["id"] for n in listed] == [public, direct]
    only_public = get(api, alice, "/api/v1/notifications", {"exclude_visibilities[]": "direct"}).json()
    assert [n["status"]["id"] for n in only_public] == [public]
    get(api, alice, "/api/v1/notifications", {"exclude_visibilities[]": "secret"}, status=400)


def test_conversations_by_recipients(api, alice, bob, carol):
    with_bob = post(api, alice, "@bob hi", visibility="direct")["id"]
    with_both = post(api, alice, "@bob @carol hi", visibility="direct")["id"]
    with_carol = post(api, alice, "@carol hi", visibility="direct")["id"]

    def last_ids(**query):
        return [c["last_status"]["id"] for c in get(api, alice, "/api/v1/conversations", query).json()]

    assert last_ids() == [with_carol, with_both, with_bob]
    assert last_ids(**{"recipients[]": [str(bob.id)]}) == [with_both, with_bob]
    assert last_ids(**{"recipients[]": [str(bob.id), str(carol.id)]}) == [with_both]
    assert last_ids(**{"recipients[]": [str(alice.id), str(carol.id)]}) == [with_carol, with_both]


def test_reactions_with_muted(api, alice, bob, carol):
    status = post(api, alice, "react")["id"]
    for who in (bob, carol):
        assert api.put(f"/api/v1/pleroma/statuses/{status}/reactions/👍", token=who.token).status_code == 200
    act(api, alice, carol, "mute")
    [group] = get(api, alice, f"/api/v1/pleroma/statuses/{status}/reactions").json()
    assert [a["id"] for a in group["accounts"]] == [str(bob.id)]
    [group] = get(api, alice, f"/api/v1/pleroma/statuses/{status}/reactions", {"with_muted": "true"}).json()
    assert sorted(a["id"] for a in group["accounts"]) == sorted([str(bob.id), str(carol.id)])
    act(api, alice, bob, "block")
    [group] = get(api, alice, f"/api/v1/pleroma/statuses/{status}/reactions", {"with_muted": "true"}).json()
    assert [a["id"] for a in group["accounts"]] == [str(carol.id)]
