"""Favourite, reblog, bookmark, pin, mute, and the lists of who favourited/reblogged."""
import pytest

from statuses.models import Status


@pytest.fixture
def status(post, alice):
    return post(alice, "a public post")


def test_favourite_and_undo(api, alice, bob, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    for _ in range(2):  # idempotent
        response = api.post(f"{path}/favourite", token=token_of(bob))
        assert response.status_code == 200
    assert response.json()["favourited"] is True
    assert response.json()["favourites_count"] == 1
    by = api.get(f"{path}/favourited_by").json()
    assert [account["id"] for account in by] == [str(bob.account.id)]
    response = api.post(f"{path}/unfavourite", token=token_of(bob))
    assert response.json()["favourited"] is False
    assert response.json()["favourites_count"] == 0
    assert api.post(f"{path}/unfavourite", token=token_of(bob)).json()["favourites_count"] == 0


def test_reblog_and_undo(api, alice, bob, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    response = api.post(f"{path}/reblog", token=token_of(bob))
    assert response.status_code == 200
    reblog = response.json()
    assert reblog["reblog"]["id"] == status["id"]
    assert reblog["reblog"]["reblogged"] is True
    assert reblog["reblog"]["reblogs_count"] == 1
    assert reblog["content"] == ""
    again = api.post(f"{path}/reblog", token=token_of(bob)).json()
    assert again["id"] == reblog["id"]
    assert [a["id"] for a in api.get(f"{path}/reblogged_by").json()] == [str(bob.account.id)]
    # a reblog cannot be fetched as a status of its own, nor replied to
    assert api.get(f"/api/v1/statuses/{reblog['id']}").status_code == 404
    response = api.post(f"{path}/unreblog", token=token_of(bob))
    assert response.json()["reblogged"] is False
    assert response.json()["reblogs_count"] == 0
    assert not Status.objects.filter(reblog_of_id=status["id"]).exists()


def test_cannot_reblog_private_or_direct(api, alice, bob, post, token_of):
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(bob))
    private = post(alice, "private", visibility="private")
    assert api.post(f"/api/v1/statuses/{private['id']}/reblog", token=token_of(bob)).status_code == 403
    own = api.post(f"/api/v1/statuses/{private['id']}/reblog", token=token_of(alice))
    assert own.status_code == 200 and own.json()["visibility"] == "private"
    direct = post(alice, "@bob secret", visibility="direct")
    assert api.post(f"/api/v1/statuses/{direct['id']}/reblog", token=token_of(bob)).status_code == 403


def test_interactions_on_invisible_status_are_404(api, alice, carol, post, token_of):
    private = post(alice, "private", visibility="private")
    for action in ("favourite", "reblog", "bookmark", "mute", "pin"):
        assert api.post(f"/api/v1/statuses/{private['id']}/{action}", token=token_of(carol)).status_code == 404
    assert api.get(f"/api/v1/statuses/{private['id']}/favourited_by").status_code == 404


def test_bookmark(api, bob, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    assert api.post(f"{path}/bookmark", token=token_of(bob)).json()["bookmarked"] is True
    assert api.post(f"{path}/unbookmark", token=token_of(bob)).json()["bookmarked"] is False


def test_pin_rules(api, alice, bob, post, status, token_of):
    response = api.post(f"/api/v1/statuses/{status['id']}/pin", token=token_of(alice))
    assert response.status_code == 200 and response.json()["pinned"] is True
    response = api.post(f"/api/v1/statuses/{status['id']}/pin", token=token_of(bob))
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Someone else's post cannot be pinned"
    private = post(alice, "private", visibility="private")
    assert api.post(f"/api/v1/statuses/{private['id']}/pin", token=token_of(alice)).status_code == 422
    for index in range(4):
        extra = post(alice, f"pin {index}")
        assert api.post(f"/api/v1/statuses/{extra['id']}/pin", token=token_of(alice)).status_code == 200
    one_too_many = post(alice, "sixth")
    response = api.post(f"/api/v1/statuses/{one_too_many['id']}/pin", token=token_of(alice))
    assert response.status_code == 422
    assert "maximum number" in response.json()["error"]
    assert api.post(f"/api/v1/statuses/{status['id']}/unpin", token=token_of(alice)).json()["pinned"] is False


def test_mute_conversation(api, bob, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    assert api.post(f"{path}/mute", token=token_of(bob)).json()["muted"] is True
    assert api.post(f"{path}/unmute", token=token_of(bob)).json()["muted"] is False


def test_blocked_accounts_left_out_of_favourited_by(api, alice, bob, carol, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    api.post(f"{path}/favourite", token=token_of(bob))
    api.post(f"{path}/favourite", token=token_of(carol))
    api.post(f"/api/v1/accounts/{bob.account.id}/block", token=token_of(alice))
    ids = [account["id"] for account in api.get(f"{path}/favourited_by", token=token_of(alice)).json()]
    assert ids == [str(carol.account.id)]


def test_history(api, alice, status, token_of):
    path = f"/api/v1/statuses/{status['id']}"
    assert len(api.get(f"{path}/history").json()) == 1
    api.put(path, {"status": "edited once"}, token=token_of(alice))
    api.put(path, {"status": "edited twice", "spoiler_text": "cw"}, token=token_of(alice))
    history = api.get(f"{path}/history").json()
    assert len(history) == 3
    assert "a public post" in history[0]["content"]
    assert history[2]["spoiler_text"] == "cw" and history[2]["sensitive"] is True


def test_translate_not_available(api, bob, status, token_of):
    response = api.post(f"/api/v1/statuses/{status['id']}/translate", token=token_of(bob))
    assert response.status_code == 503
    assert "not available" in response.json()["error"]


def test_delete_takes_reblogs_and_counts(api, alice, bob, status, token_of):
    api.post(f"/api/v1/statuses/{status['id']}/reblog", token=token_of(bob))
    bob.account.refresh_from_db()
    assert bob.account.statuses_count == 1
    api.delete(f"/api/v1/statuses/{status['id']}", token=token_of(alice))
    bob.account.refresh_from_db()
    alice.account.refresh_from_db()
    assert bob.account.statuses_count == 0 and alice.account.statuses_count == 0
    assert not Status.objects.exists()


@pytest.mark.parametrize("action", ["favourite", "unfavourite", "reblog", "unreblog", "bookmark", "unbookmark",
                                    "pin", "unpin", "mute", "unmute"])
def test_actions_need_a_token_with_write_scope(api, alice, status, make_token, action):
    path = f"/api/v1/statuses/{status['id']}/{action}"
    assert api.post(path).status_code == 401
    assert api.post(path, token=make_token(alice, scopes="read")).status_code == 403
    assert api.post("/api/v1/statuses/not-an-id/" + action, token=make_token(alice)).status_code == 404


def test_reblog_with_a_bad_visibility_is_422(api, bob, status, token_of):
    response = api.post(f"/api/v1/statuses/{status['id']}/reblog", {"visibility": "direct"}, token=token_of(bob))
    assert response.status_code == 422
    assert "Visibility" in response.json()["error"]


def test_search_scope(api, alice, make_token):
    response = api.get("/api/v2/search", {"q": "x"}, token=make_token(alice, scopes="write"))
    assert response.status_code == 403


def test_reblogged_by_lists_only_public_and_unlisted_reblogs_the_viewer_may_see(api, db):
    """A followers-only reblog is a 404 for others: its reblogger is not listed either
    (Mastodon lists public and unlisted reblogs only); nor is one by an account blocking
    the viewer."""
    from tests import factories

    users = {name: factories.make_user(name) for name in ("alice", "bob", "carol", "dave", "erin")}
    tokens = {name: factories.make_token(user) for name, user in users.items()}
    status = api.post("/api/v1/statuses", {"status": "boost me"}, token=tokens["alice"]).json()
    for name, visibility in (("bob", "private"), ("carol", "unlisted"), ("dave", "public")):
        response = api.post(f"/api/v1/statuses/{status['id']}/reblog", {"visibility": visibility},
                            token=tokens[name])
        assert response.status_code == 200, response.content
    api.post(f"/api/v1/accounts/{users['bob'].account.id}/follow", token=tokens["erin"])
    api.post(f"/api/v1/accounts/{users['erin'].account.id}/block", token=tokens["dave"])
    path = f"/api/v1/statuses/{status['id']}/reblogged_by"
    listed = lambda token: sorted(a["username"] for a in api.get(path, token=token).json())  # noqa: E731
    assert listed("") == ["carol", "dave"]
    assert listed(tokens["alice"]) == ["carol", "dave"]
    assert listed(tokens["erin"]) == ["carol"]  # bob's reblog only for followers; dave blocks erin
