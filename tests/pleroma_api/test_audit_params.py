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


def test_update_credentials_background_aliases_and_moves(api, alice, settings, tmp_path):
    import io

    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from PIL import Image

    from tests.pleroma_api.schemas import CREDENTIAL_ACCOUNT_PLEROMA, check

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), "blue").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "bg.png"

    def patch(data):
        response = api.client.patch("/api/v1/accounts/update_credentials", encode_multipart(BOUNDARY, data),
                                    content_type=MULTIPART_CONTENT, HTTP_AUTHORIZATION=f"Bearer {alice.token}")
        return response

    response = patch({"pleroma_background_image": buffer, "allow_following_move": "false",
                      "also_known_as[]": ["https://old.example/users/alice", "https://older.example/u/a"]})
    assert response.status_code == 200, response.content
    me = response.json()
    check(CREDENTIAL_ACCOUNT_PLEROMA, me["pleroma"])
    assert me["pleroma"]["background_image"].endswith(".png") and "/accounts/backgrounds/" in me["pleroma"][
        "background_image"]
    assert me["pleroma"]["allow_following_move"] is False
    assert me["pleroma"]["also_known_as"] == ["https://old.example/users/alice", "https://older.example/u/a"]
    stored = alice.user.__class__.objects.get(pk=alice.user.pk).settings["pleroma_background_image"]
    assert (tmp_path / stored).exists()
    assert get(api, None, f"/api/v1/accounts/{alice.id}").json()["pleroma"]["background_image"] == me["pleroma"][
        "background_image"]

    removed = patch({"pleroma_background_image": ""})
    assert removed.status_code == 200 and removed.json()["pleroma"]["background_image"] is None
    assert patch({"also_known_as[]": ["not a url"]}).status_code == 422
    text = io.BytesIO(b"not an image")
    text.name = "x.png"
    assert patch({"pleroma_background_image": text}).status_code == 422


def test_status_reactions_leave_out_blocked_and_muted_accounts(api, alice, bob, carol):
    status = post(api, alice, "react")["id"]
    for who in (bob, carol):
        api.put(f"/api/v1/pleroma/statuses/{status}/reactions/👍", token=who.token)
    assert get(api, alice, f"/api/v1/statuses/{status}").json()["pleroma"]["emoji_reactions"][0]["count"] == 2
    act(api, alice, carol, "mute")
    [group] = get(api, alice, f"/api/v1/statuses/{status}").json()["pleroma"]["emoji_reactions"]
    assert group["count"] == 1 and group["account_ids"] == [str(bob.id)]
    assert get(api, bob, f"/api/v1/statuses/{status}").json()["pleroma"]["emoji_reactions"][0]["count"] == 2


def test_with_relationships(api, alice, bob, carol):
    follow(api, bob, alice)
    follow(api, carol, alice)
    follow(api, bob, carol)
    plain = get(api, bob, f"/api/v1/accounts/{alice.id}/followers").json()
    assert all(account["pleroma"]["relationship"] == {} for account in plain)
    listed = get(api, bob, f"/api/v1/accounts/{alice.id}/followers", {"with_relationships": "true"}).json()
    relationships = {account["id"]: account["pleroma"]["relationship"] for account in listed}
    assert relationships[str(carol.id)]["following"] is True and relationships[str(carol.id)]["id"] == str(carol.id)
    assert relationships[str(bob.id)]["following"] is False
    found = get(api, bob, "/api/v1/accounts/search", {"q": "carol", "with_relationships": "1"}).json()
    assert found[0]["pleroma"]["relationship"]["following"] is True


def test_in_reply_to_conversation_id(api, alice, bob, carol):
    first = post(api, alice, "@bob @carol hello", visibility="direct")
    [conversation] = get(api, bob, "/api/v1/conversations").json()
    reply = post(api, bob, "to everyone here", in_reply_to_conversation_id=conversation["id"])
    check_statuses([reply])
    assert reply["visibility"] == "direct" and reply["in_reply_to_id"] == first["id"]
    assert sorted(m["acct"] for m in reply["mentions"]) == ["alice", "carol"]
    assert get(api, carol, f"/api/v1/statuses/{reply['id']}").status_code == 200
    [again] = get(api, carol, "/api/v1/conversations").json()
    assert again["last_status"]["id"] == reply["id"]
    # someone else's conversation, or none: not found
    response = api.post("/api/v1/statuses", {"status": "x", "in_reply_to_conversation_id": conversation["id"]},
                        token=carol.token)
    assert response.status_code == 404
    assert api.post("/api/v1/statuses", {"status": "x", "in_reply_to_conversation_id": "abc"},
                    token=bob.token).status_code == 404
