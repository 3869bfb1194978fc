"""The quote notifications of Mastodon 4.5: `quote` (someone quoted your post) and
`quoted_update` (a post you quoted was edited; its `status` is your quote post), in v1 and
grouped v2, with the types filters."""
import pytest

from statuses.models import Quote
from statuses.services import quotes


@pytest.fixture
def post(api, committed):
    def call(author, text, **fields):
        with committed():
            response = api.post("/api/v1/statuses", {"status": text, **fields}, token=author.token)
        assert response.status_code == 200, response.content
        return response.json()
    return call


def test_quote_notifies_the_quoted_author(api, alice, bob, post, notifications):
    original = post(alice, "quote me")
    quoting = post(bob, "so true", quoted_status_id=original["id"])
    (notification,) = notifications(alice)
    assert notification["type"] == "quote"
    assert notification["account"]["id"] == str(bob.id)
    assert notification["status"]["id"] == quoting["id"]
    assert notification["status"]["quote"]["quoted_status"]["id"] == original["id"]
    assert notifications(bob) == []
    # the types filters, v1 and v2
    assert [n["type"] for n in notifications(alice, **{"types[]": ["quote"]})] == ["quote"]
    assert notifications(alice, **{"types[]": ["mention"]}) == []
    assert notifications(alice, **{"exclude_types[]": ["quote"]}) == []
    grouped = api.get("/api/v2/notifications", {"types[]": ["quote"]}, token=alice.token).json()
    (group,) = grouped["notification_groups"]
    assert group["type"] == "quote" and group["status_id"] == quoting["id"]
    assert group["group_key"].startswith("ungrouped-")
    assert [s["id"] for s in grouped["statuses"]] == [quoting["id"]]
    assert api.get("/api/v2/notifications", {"exclude_types[]": ["quote"]},
                   token=alice.token).json()["notification_groups"] == []


def test_quoting_oneself_does_not_notify(alice, post, notifications):
    original = post(alice, "me")
    post(alice, "me again", quoted_status_id=original["id"])
    assert notifications(alice) == []


def test_quoted_update_notifies_the_quoters(api, alice, bob, carol, post, notifications, committed):
    original = post(alice, "first version")
    bob_quote = post(bob, "quoting", quoted_status_id=original["id"])
    carol_quote = post(carol, "me too", quoted_status_id=original["id"])
    with committed():
        assert api.put(f"/api/v1/statuses/{original['id']}", {"status": "second version"},
                       token=alice.token).status_code == 200
    (for_bob,) = notifications(bob, **{"types[]": ["quoted_update"]})
    assert for_bob["account"]["id"] == str(alice.id)
    assert for_bob["status"]["id"] == bob_quote["id"]  # the quote post, not the edited one
    assert for_bob["status"]["quote"]["quoted_status"]["content"].startswith("<p>second")
    assert [n["status"]["id"] for n in notifications(carol, **{"types[]": ["quoted_update"]})] == [carol_quote["id"]]
    # each edit is news again; a revoked quote hears no more
    with committed():
        api.post(f"/api/v1/statuses/{original['id']}/quotes/{carol_quote['id']}/revoke", token=alice.token)
        api.put(f"/api/v1/statuses/{original['id']}", {"status": "third version"}, token=alice.token)
    (again,) = notifications(bob, **{"types[]": ["quoted_update"]})
    assert int(again["id"]) > int(for_bob["id"])
    assert len(notifications(carol, **{"types[]": ["quoted_update"]})) == 1
    grouped = api.get("/api/v2/notifications", {"types[]": ["quoted_update"]}, token=bob.token).json()
    assert [g["type"] for g in grouped["notification_groups"]] == ["quoted_update"]


def test_accepting_a_pending_quote_notifies(api, alice, bob, remote, notifications, committed):
    """A pending quote (of a remote post) notifies nobody until accepted; a local quoted author
    of a quote made pending hears of it once it is accepted."""
    from statuses.models import Status

    original = Status.objects.create(account=alice.account, text="x", content="<p>x</p>")
    quoting = Status.objects.create(account=bob.account, text="y", content="<p>y</p>")
    quote = Quote.objects.create(status=quoting, quoted_status=original, quoted_account=alice.account,
                                 state=Quote.State.PENDING)
    assert notifications(alice) == []
    with committed():
        quotes.answer_request(quote.id, accepted=True)
    assert [n["type"] for n in notifications(alice)] == ["quote"]
