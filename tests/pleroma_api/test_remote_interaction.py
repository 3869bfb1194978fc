"""Pleroma's remote interaction: POST /api/v1/pleroma/remote_interaction, the remote-follow
page GET/POST /main/ostatus and /ostatus_subscribe, without federation."""
from urllib.parse import quote

import pytest

from tests import factories
from tests.pleroma_api.schemas import _object, check

URL = _object({"url": {"type": "string"}})
ERROR = _object({"error": {"type": "string"}})


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


def test_remote_interaction_with_a_local_profile(api, alice, settings):
    ap_id = f"http://{settings.LOCAL_DOMAIN}/users/alice"
    for profile in (f"alice@{settings.LOCAL_DOMAIN}", f"@alice@{settings.LOCAL_DOMAIN}",
                    f"acct:alice@{settings.LOCAL_DOMAIN}", f"http://{settings.LOCAL_DOMAIN}/@alice"):
        body = api.post("/api/v1/pleroma/remote_interaction", {"ap_id": ap_id, "profile": profile}).json()
        check(URL, body)
        assert body["url"] == f"http://{settings.LOCAL_DOMAIN}/authorize_interaction?uri={quote(ap_id, safe='')}"
    # where it leads: the profile page of the account named
    followed = api.client.get(body["url"].split(settings.LOCAL_DOMAIN, 1)[1])
    assert followed.status_code == 302 and followed["Location"].endswith("/@alice")


def test_remote_interaction_errors(api, alice, settings):
    ap_id = f"http://{settings.LOCAL_DOMAIN}/users/alice"
    for profile in ("bob@elsewhere.example", f"nobody@{settings.LOCAL_DOMAIN}", "alice", "https://elsewhere.example/@x"):
        response = api.post("/api/v1/pleroma/remote_interaction", {"ap_id": ap_id, "profile": profile})
        assert response.status_code == 404
        check(ERROR, response.json())
        assert response.json() == {"error": "Couldn't find user"}
    assert api.post("/api/v1/pleroma/remote_interaction", {"profile": "alice@x"}).status_code == 400
    assert api.post("/api/v1/pleroma/remote_interaction", {"ap_id": ap_id}).status_code == 400


def test_remote_subscribe_pages(api, alice, settings):
    token = factories.make_token(alice)
    public = api.post("/api/v1/statuses", {"status": "hi"}, token=token).json()
    private = api.post("/api/v1/statuses", {"status": "hi", "visibility": "private"}, token=token).json()
    page = api.client.get("/main/ostatus", {"nickname": "alice"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert b"@alice" in page.content and b"does not federate" in page.content
    assert b"Could not find user" in api.client.get("/main/ostatus", {"nickname": "nobody"}).content
    assert api.client.get("/main/ostatus", {"nickname": "nobody"}).status_code == 404
    assert api.client.get("/main/ostatus", {"status_id": public["id"]}).status_code == 200
    for unseen in (private["id"], "999", "x"):
        response = api.client.get("/main/ostatus", {"status_id": unseen})
        assert response.status_code == 404 and b"Could not find status" in response.content
    # Submitting the form: Pleroma's answer without federation.
    response = api.post("/main/ostatus", {"user[nickname]": "alice", "user[profile]": "bob@elsewhere.example"})
    assert response.status_code == 404 and response.json() == {"error": "Not found"}
    # Pleroma's subscribe address: this server's own (a local account's profile page).
    assert api.client.get("/ostatus_subscribe", {"acct": f"alice@{settings.LOCAL_DOMAIN}"})["Location"].endswith(
        "/@alice")
    assert api.client.get("/ostatus_subscribe", {"acct": "bob@elsewhere.example"}).status_code == 404


def test_ostatus_subscribe_resolves_a_status(api, alice, settings):
    """Pleroma's /ostatus_subscribe?acct= with a status (RemoteFollowController's
    follow_status): redirected to the status's page; an account as before."""
    token = factories.make_token(alice)
    public = api.post("/api/v1/statuses", {"status": "hi"}, token=token).json()
    unlisted = api.post("/api/v1/statuses", {"status": "hi", "visibility": "unlisted"}, token=token).json()
    private = api.post("/api/v1/statuses", {"status": "followers only", "visibility": "private"},
                       token=token).json()
    for status in (public, unlisted):
        for address in (status["url"], status["uri"]):
            response = api.client.get("/ostatus_subscribe", {"acct": address})
            assert response.status_code == 302, address
            assert response["Location"] == status["url"]
    # The subscribe template's own parameter name works too.
    assert api.client.get("/ostatus_subscribe", {"uri": public["uri"]})["Location"] == public["url"]
    # Not shown to an anonymous reader, unknown, a reblog or another account's path: a 404 page.
    boost = api.post(f"/api/v1/statuses/{public['id']}/reblog", token=token).json()
    for address in (private["url"], private["uri"], f"http://{settings.LOCAL_DOMAIN}/@alice/999",
                    f"http://{settings.LOCAL_DOMAIN}/@bob/{public['id']}",
                    f"http://{settings.LOCAL_DOMAIN}/users/alice/statuses/{boost['id']}"):
        response = api.client.get("/ostatus_subscribe", {"acct": address})
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html"), address
        assert b"followers only" not in response.content and b"Not found" in response.content
    # Another server's status: nothing fetched, a 404 page; an account of this server: its profile page.
    assert api.client.get("/ostatus_subscribe", {"acct": "https://elsewhere.example/notice/1"}).status_code == 404
    assert api.client.get("/ostatus_subscribe", {"acct": f"http://{settings.LOCAL_DOMAIN}/users/alice"})[
        "Location"].endswith("/@alice")
    assert api.client.post("/ostatus_subscribe", {"acct": public["url"]}).status_code == 405
