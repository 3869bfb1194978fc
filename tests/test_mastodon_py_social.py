"""Two people using the real Mastodon.py client against a live server: posting (with an
image and a poll), following, timelines with pagination, favourites, notifications,
threads, search, and delete-and-redraft."""
import io

import pytest
from mastodon import Mastodon
from PIL import Image

from tests import factories

SCOPES = ["read", "write", "follow", "push"]


@pytest.fixture
def server(transactional_db, live_server, settings, tmp_path):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return live_server.url


@pytest.fixture
def client_for(server):
    clients = []
    client_id, client_secret = Mastodon.create_app("social test", api_base_url=server, scopes=SCOPES)

    def make(username):
        factories.make_user(username, email=f"{username}@example.com")
        api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server,
                       request_timeout=30, ratelimit_method="throw")
        api.log_in(f"{username}@example.com", factories.PASSWORD, scopes=SCOPES, allow_http=True)
        clients.append(api)
        return api

    yield make
    for api in clients:
        api.session.close()


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_two_people(client_for):
    alice, bob = client_for("alice"), client_for("bob")
    alice_id = alice.me()["id"]
    bob.account_follow(alice_id)

    media = alice.media_post(png(), mime_type="image/png", description="a blue rectangle")
    with_media = alice.status_post("Look at this #blue thing", media_ids=[media["id"]])
    assert with_media["media_attachments"][0]["description"] == "a blue rectangle"
    poll = alice.make_poll(["yes", "no"], expires_in=600)
    with_poll = alice.status_post("Do you like it?", poll=poll)
    for index in range(3):
        alice.status_post(f"filler {index}")

    home = bob.timeline_home(limit=2)
    assert len(home) == 2
    older = bob.fetch_next(home)
    assert [status["id"] for status in older][:1] and older[0]["id"] < home[-1]["id"]
    everything = [status["id"] for status in bob.timeline_home(limit=40)]
    assert with_media["id"] in everything and with_poll["id"] in everything

    bob.status_favourite(with_media["id"])
    bob.poll_vote(with_poll["poll"]["id"], [0])
    reply = bob.status_post("@alice Lovely", in_reply_to_id=with_media["id"])
    notifications = alice.notifications()
    kinds = {notification["type"] for notification in notifications}
    assert {"follow", "favourite", "mention"} <= kinds
    context = alice.status_context(with_media["id"])
    assert [status["id"] for status in context["descendants"]] == [reply["id"]]

    found = bob.search_v2("#blu", result_type="hashtags", exclude_unreviewed=False)
    assert [tag["name"] for tag in found["hashtags"]] == ["blue"]
    assert alice.poll(with_poll["poll"]["id"])["votes_count"] == 1

    deleted = alice.status_delete(with_media["id"])
    assert deleted["text"] == "Look at this #blue thing"
    redraft = alice.status_post(deleted["text"], media_ids=[media["id"]])
    assert redraft["media_attachments"][0]["id"] == media["id"]
    assert with_media["id"] not in [status["id"] for status in bob.timeline_home(limit=40)]
