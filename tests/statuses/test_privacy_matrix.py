"""Nothing leaks: each visibility x each kind of viewer x each read endpoint.

alice posts, as a reply to her own public post, mentioning carol, with a poll; bob follows
her; carol is mentioned; dave is a stranger; alice blocks eve; and nobody is signed in.
"""
import pytest

from tests import factories

VIEWERS = ("author", "follower", "mentioned", "stranger", "blocked", "anonymous")
MAY_SEE = {
    "public": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "unlisted": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "private": {"author", "follower", "mentioned"},
    "direct": {"author", "mentioned"},
}


@pytest.fixture
def world(api, db):
    users = {name: factories.make_user(name) for name in ("alice", "bob", "carol", "dave", "eve")}
    tokens = {name: factories.make_token(user) for name, user in users.items()}
    alice = users["alice"].account
    api.post(f"/api/v1/accounts/{alice.id}/follow", token=tokens["bob"])
    api.post(f"/api/v1/accounts/{alice.id}/follow", token=tokens["eve"])
    api.post(f"/api/v1/accounts/{users['eve'].account.id}/block", token=tokens["alice"])
    root = api.post("/api/v1/statuses", {"status": "the root"}, token=tokens["alice"]).json()
    statuses = {}
    for visibility in MAY_SEE:
        response = api.post("/api/v1/statuses", {
            "status": f"{visibility} words for @carol", "visibility": visibility, "in_reply_to_id": root["id"],
            "poll[options][]": ["yes", "no"], "poll[expires_in]": "3600"}, token=tokens["alice"])
        assert response.status_code == 200, response.content
        statuses[visibility] = response.json()
        api.post(f"/api/v1/statuses/{statuses[visibility]['id']}/favourite", token=tokens["alice"])
    viewer_tokens = {"author": tokens["alice"], "follower": tokens["bob"], "mentioned": tokens["carol"],
                     "stranger": tokens["dave"], "blocked": tokens["eve"], "anonymous": None}
    return {"root": root, "statuses": statuses, "tokens": viewer_tokens, "alice": alice}


@pytest.mark.parametrize("visibility", list(MAY_SEE))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_read_endpoints(api, world, visibility, viewer):
    status = world["statuses"][visibility]
    token = world["tokens"][viewer]
    expected = viewer in MAY_SEE[visibility]
    code = 200 if expected else 404
    get = lambda path, data=None: api.get(path, data, token=token or "")  # noqa: E731
    path = f"/api/v1/statuses/{status['id']}"

    assert get(path).status_code == code
    assert (status["id"] in [s["id"] for s in get("/api/v1/statuses", {"id[]": [status["id"]]}).json()]) == expected
    for sub in ("context", "favourited_by", "reblogged_by", "history", "card"):
        assert get(f"{path}/{sub}").status_code == code, sub
    assert get(f"/api/v1/polls/{status['poll']['id']}").status_code == code
    root_context = get(f"/api/v1/statuses/{world['root']['id']}/context")
    if viewer == "blocked":
        assert root_context.status_code == 404  # the author blocks them: not even the public root
    else:
        assert (status["id"] in [s["id"] for s in root_context.json()["descendants"]]) == expected
    account_statuses = get(f"/api/v1/accounts/{world['alice'].id}/statuses")
    assert (status["id"] in [s["id"] for s in account_statuses.json()]) == expected
    found = get("/api/v2/search", {"q": status["url"]}).json()["statuses"]
    assert (status["id"] in [s["id"] for s in found]) == expected
    if token is not None:
        for action in ("favourite", "bookmark"):
            assert api.post(f"{path}/{action}", token=token).status_code == code, action
        assert get(f"{path}/source").status_code == (200 if viewer == "author" else 404)
        if expected and viewer != "author":
            # what they may see, they see in full: the mention and the poll
            body = get(path).json()
            assert body["mentions"][0]["acct"] == "carol" and body["poll"] is not None
