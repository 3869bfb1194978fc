"""Pleroma's quote posts: quote_id on POST /api/v1/statuses (Mastodon's quoted_status_id
under Pleroma's name) and GET /api/v1/pleroma/statuses/:id/quotes."""
import pytest

from statuses.models import Quote
from tests import factories
from tests.pleroma_api.schemas import check_statuses


@pytest.fixture
def people(db):
    users = {name: factories.make_user(name) for name in ("alice", "bob", "carol")}
    for user in users.values():
        user.token = factories.make_token(user)
    return users


def post(api, user, code=200, **data):
    response = api.post("/api/v1/statuses", data, token=user.token)
    assert response.status_code == code, response.content
    return response.json()


def quotes(api, user, status_id, code=200, **query):
    response = api.get(f"/api/v1/pleroma/statuses/{status_id}/quotes", query, token=user.token if user else None)
    assert response.status_code == code, response.content
    return response


def test_quote_id_quotes_a_status(api, people):
    alice, bob = people["alice"], people["bob"]
    original = post(api, alice, status="quote me")
    quoting = post(api, bob, status="look at this", quote_id=original["id"])
    assert quoting["quote"]["state"] == "accepted"
    assert quoting["quote"]["quoted_status"]["id"] == original["id"]
    assert Quote.objects.filter(status_id=int(quoting["id"]), quoted_status_id=int(original["id"])).exists()
    # Pleroma's own fields of it (Pleroma-FE reads them)
    assert quoting["pleroma"]["quote"]["id"] == original["id"] and quoting["pleroma"]["quote_id"] == original["id"]
    assert quoting["pleroma"]["quote_url"] == original["url"] and quoting["pleroma"]["quote_visible"] is True
    assert original["pleroma"]["quote"] is None and original["pleroma"]["quote_visible"] is False
    # quoted_status_id wins when both are given
    other = post(api, alice, status="another")
    both = post(api, bob, status="both", quote_id=original["id"], quoted_status_id=other["id"])
    assert both["quote"]["quoted_status"]["id"] == other["id"]
    # the same rules as quoted_status_id: an unseen status is not found, a private one not quotable
    secret = post(api, alice, status="secret", visibility="private")
    post(api, bob, 404, status="x", quote_id=secret["id"])
    post(api, bob, 404, status="x", quote_id="999999")
    post(api, bob, 400, status="x", quote_id="not-an-id")


def test_quotes_list_is_paged_and_visible_to_the_viewer(api, people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    original = post(api, alice, status="quote me")
    first = post(api, bob, status="one", quote_id=original["id"])
    second = post(api, carol, status="two", quote_id=original["id"])
    private = post(api, bob, status="three, for followers", quote_id=original["id"], visibility="private")
    post(api, bob, status="not a quote")

    # anyone may read the quotes of a status they may see (not only its author)
    listed = quotes(api, carol, original["id"]).json()
    check_statuses(listed)
    assert [s["id"] for s in listed] == [second["id"], first["id"]]  # newest first; bob's private unseen
    api.post(f"/api/v1/accounts/{bob.account.id}/follow", token=carol.token)
    assert [s["id"] for s in quotes(api, carol, original["id"]).json()] == [private["id"], second["id"], first["id"]]
    assert [s["id"] for s in quotes(api, None, original["id"]).json()] == [second["id"], first["id"]]

    page = quotes(api, carol, original["id"], limit=1)
    assert [s["id"] for s in page.json()] == [private["id"]]
    assert 'rel="next"' in page["Link"] and f"max_id={private['id']}" in page["Link"]
    assert [s["id"] for s in quotes(api, carol, original["id"], max_id=private["id"]).json()] == [
        second["id"], first["id"]]
    assert [s["id"] for s in quotes(api, carol, original["id"], min_id=first["id"], limit=1).json()] == [second["id"]]

    # Mutes do not hide the quoting statuses (Pleroma's list filters only blocks; Mastodon's
    # own list, for the quoted author, leaves out both).
    api.post(f"/api/v1/accounts/{bob.account.id}/mute", token=carol.token)
    assert [s["id"] for s in quotes(api, carol, original["id"]).json()] == [private["id"], second["id"], first["id"]]
    api.post(f"/api/v1/accounts/{bob.account.id}/mute", token=alice.token)
    mastodon = api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice.token).json()
    assert [s["id"] for s in mastodon] == [second["id"]]
    assert [s["id"] for s in quotes(api, alice, original["id"]).json()] == [second["id"], first["id"]]
    # blocks hide the quoting statuses
    api.post(f"/api/v1/accounts/{bob.account.id}/block", token=carol.token)
    assert [s["id"] for s in quotes(api, carol, original["id"]).json()] == [second["id"]]


def test_quotes_of_an_unseen_status_are_not_found(api, people):
    alice, bob = people["alice"], people["bob"]
    secret = post(api, alice, status="followers only", visibility="private")
    assert quotes(api, bob, secret["id"], code=404).json()["error"]
    assert quotes(api, bob, "123", code=404).json()["error"]
    assert quotes(api, bob, "abc", code=404).json()["error"]
    assert quotes(api, alice, secret["id"]).json() == []
