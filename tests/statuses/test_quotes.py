"""Quote posts (Mastodon 4.5): posting with quoted_status_id and quote_approval_policy, the
Quote / ShallowQuote entities and QuoteApproval, quotes of a status, revoke, the policy."""
import pytest

from relationships import services as relationships
from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bob")


def _post(api, token, text, expect=200, **params):
    response = api.post("/api/v1/statuses", {"status": text, **params}, token=token)
    assert response.status_code == expect, response.content
    return response.json()


def test_quote_a_public_status(api, alice, bob):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    original = _post(api, alice_token, "quote me")
    assert original["quote_approval"] == {"automatic": ["public"], "manual": [], "current_user": "automatic"}
    seen_by_bob = api.get(f"/api/v1/statuses/{original['id']}", token=bob_token).json()
    assert seen_by_bob["quote_approval"]["current_user"] == "automatic"
    assert api.get(f"/api/v1/statuses/{original['id']}").json()["quote_approval"]["current_user"] == "unknown"
    quoting = _post(api, bob_token, "look at this", quoted_status_id=original["id"])
    assert quoting["quote"]["state"] == "accepted"
    assert quoting["quote"]["quoted_status"]["id"] == original["id"]
    assert api.get(f"/api/v1/statuses/{original['id']}", token=alice_token).json()["quotes_count"] == 1
    # a quote of the quote: the inner one is shallow
    outer = _post(api, alice_token, "meta", quoted_status_id=quoting["id"])
    inner = outer["quote"]["quoted_status"]
    assert inner["quote"] == {"state": "accepted", "quoted_status_id": original["id"]}
    page = api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice_token).json()
    assert [s["id"] for s in page] == [quoting["id"]]
    assert api.get(f"/api/v1/statuses/{original['id']}/quotes", token=bob_token).status_code == 404


@pytest.mark.parametrize("policy, follows, allowed", [
    ("public", False, True), ("followers", False, False), ("followers", True, True),
    ("nobody", False, False), ("nobody", True, False)])
def test_policies(api, alice, bob, policy, follows, allowed):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    original = _post(api, alice_token, "policy", quote_approval_policy=policy)
    if follows:
        relationships.follow(bob.account, alice.account)
    approval = api.get(f"/api/v1/statuses/{original['id']}", token=bob_token).json()["quote_approval"]
    assert approval["current_user"] == ("automatic" if allowed else "denied")
    _post(api, bob_token, "quoting", expect=200 if allowed else 422, quoted_status_id=original["id"])
    # the author may always quote their own post
    _post(api, alice_token, "self quote", quoted_status_id=original["id"])


@pytest.mark.parametrize("visibility", ["private", "direct"])
def test_private_statuses_are_not_quotable(api, alice, bob, visibility):
    relationships.follow(bob.account, alice.account)
    original = _post(api, factories.make_token(alice), "@bob secret", visibility=visibility)
    response = api.post("/api/v1/statuses", {"status": "leak", "quoted_status_id": original["id"]},
                        token=factories.make_token(bob))
    assert response.status_code == 422
    carol = factories.make_user("carol")
    response = api.post("/api/v1/statuses", {"status": "leak", "quoted_status_id": original["id"]},
                        token=factories.make_token(carol))
    assert response.status_code == 404  # carol may not even see it


def test_blocked_accounts_cannot_quote_and_states(api, alice, bob):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    original = _post(api, alice_token, "no blocked quoters")
    quoting = _post(api, bob_token, "quoting", quoted_status_id=original["id"])
    relationships.mute(alice.account, bob.account)
    # alice muted bob: his quote is left out of her list
    assert api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice_token).json() == []
    relationships.block(alice.account, bob.account)
    assert api.post("/api/v1/statuses", {"status": "x", "quoted_status_id": original["id"]},
                    token=bob_token).status_code in (404, 422)
    # bob still sees his quote; the quoted post is now unauthorized for him
    assert api.get(f"/api/v1/statuses/{quoting['id']}", token=bob_token).json()["quote"] == {
        "state": "unauthorized", "quoted_status": None}


def test_revoke_and_deleted(api, alice, bob):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    original = _post(api, alice_token, "revocable")
    quoting = _post(api, bob_token, "quoting", quoted_status_id=original["id"])
    assert api.post(f"/api/v1/statuses/{original['id']}/quotes/{quoting['id']}/revoke",
                    token=bob_token).status_code == 404
    revoked = api.post(f"/api/v1/statuses/{original['id']}/quotes/{quoting['id']}/revoke", token=alice_token)
    assert revoked.status_code == 200
    assert revoked.json()["quote"] == {"state": "revoked", "quoted_status": None}
    assert api.get(f"/api/v1/statuses/{original['id']}", token=alice_token).json()["quotes_count"] == 0
    other = _post(api, alice_token, "deleted later")
    quoting = _post(api, bob_token, "quoting", quoted_status_id=other["id"])
    api.delete(f"/api/v1/statuses/{other['id']}", token=alice_token)
    assert api.get(f"/api/v1/statuses/{quoting['id']}", token=bob_token).json()["quote"] == {
        "state": "deleted", "quoted_status": None}


def test_interaction_policy(api, alice, bob):
    alice_token = factories.make_token(alice)
    original = _post(api, alice_token, "change my policy")
    response = api.put(f"/api/v1/statuses/{original['id']}/interaction_policy",
                       {"quote_approval_policy": "nobody"}, token=alice_token)
    assert response.status_code == 200
    assert response.json()["quote_approval"]["automatic"] == []
    assert api.put(f"/api/v1/statuses/{original['id']}/interaction_policy",
                   {"quote_approval_policy": "everyone"}, token=alice_token).status_code == 422
    assert api.put(f"/api/v1/statuses/{original['id']}/interaction_policy",
                   {"quote_approval_policy": "public"}, token=factories.make_token(bob)).status_code == 404
    assert api.post("/api/v1/statuses", {"status": "x", "quote_approval_policy": "bogus"},
                    token=alice_token).status_code == 422


def test_quotes_page_in_constant_queries(api, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice_token = factories.make_token(alice)
    original = _post(api, alice_token, "popular")
    quoters = [factories.make_token(factories.make_user(f"q{i}")) for i in range(6)]
    _post(api, quoters[0], "q", quoted_status_id=original["id"])
    api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice_token)
    with CaptureQueriesContext(connection) as first:
        api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice_token)
    for token in quoters[1:]:
        _post(api, token, "q", quoted_status_id=original["id"])
    with CaptureQueriesContext(connection) as more:
        assert len(api.get(f"/api/v1/statuses/{original['id']}/quotes", token=alice_token).json()) == 6
    assert len(more.captured_queries) <= len(first.captured_queries)


# --- The state machine (pending quotes, answers, revocation) and the viewer's states --------

def _remote_status(username="far", domain="remote.example", visibility="public"):
    from accounts.models import Account
    from statuses.models import Status

    account = Account.objects.create(username=username, domain=domain, uri=f"https://{domain}/users/{username}",
                                     url=f"https://{domain}/@{username}")
    return Status.objects.create(account=account, local=False, text="remote", content="<p>remote</p>",
                                 uri=f"https://{domain}/statuses/1", url=f"https://{domain}/@{username}/1",
                                 visibility=visibility)


def test_a_quote_of_a_remote_status_is_pending_until_answered(api, alice, bob):
    from statuses.models import Quote, Status
    from statuses.services import quotes

    remote = _remote_status()
    alice_token = factories.make_token(alice)
    quoting = _post(api, alice_token, "from afar", quoted_status_id=str(remote.id))
    assert quoting["quote"] == {"state": "pending", "quoted_status": None}
    assert Status.objects.get(pk=remote.id).quotes_count == 0
    quote = Quote.objects.get(status_id=quoting["id"])
    quotes.answer_request(quote.id, accepted=True)
    shown = api.get(f"/api/v1/statuses/{quoting['id']}", token=alice_token).json()["quote"]
    assert shown["state"] == "accepted" and shown["quoted_status"]["id"] == str(remote.id)
    assert Status.objects.get(pk=remote.id).quotes_count == 1
    # a later answer changes nothing: the state machine only leaves `pending` once
    quotes.answer_request(quote.id, accepted=False)
    assert Quote.objects.get(pk=quote.id).state == "accepted"

    rejected = _post(api, factories.make_token(bob), "also", quoted_status_id=str(remote.id))
    quotes.answer_request(Quote.objects.get(status_id=rejected["id"]).id, accepted=False)
    assert api.get(f"/api/v1/statuses/{rejected['id']}").json()["quote"] == {"state": "rejected",
                                                                             "quoted_status": None}
    assert Status.objects.get(pk=remote.id).quotes_count == 1


def test_revoking_a_pending_quote(api, alice, bob):
    from statuses.models import Quote

    original = _post(api, factories.make_token(alice), "mine")
    quoting = _post(api, factories.make_token(bob), "pending", quoted_status_id=original["id"])
    Quote.objects.filter(status_id=quoting["id"]).update(state="pending")
    from statuses.models import Status
    Status.objects.filter(pk=original["id"]).update(quotes_count=0)
    revoked = api.post(f"/api/v1/statuses/{original['id']}/quotes/{quoting['id']}/revoke",
                       token=factories.make_token(alice)).json()
    assert revoked["quote"]["state"] == "revoked"
    assert Status.objects.get(pk=original["id"]).quotes_count == 0  # never counted, not uncounted


def test_direct_statuses_are_not_quotable_even_by_their_author(api, alice):
    token = factories.make_token(alice)
    original = _post(api, token, "note to self", visibility="direct")
    assert original["quote_approval"]["current_user"] == "denied"
    _post(api, token, "again", expect=422, quoted_status_id=original["id"])


def test_quoting_ones_own_private_status_keeps_the_quote_private(api, alice):
    token = factories.make_token(alice)
    original = _post(api, token, "followers only", visibility="private")
    assert original["quote_approval"] == {"automatic": [], "manual": [], "current_user": "automatic"}
    quoting = _post(api, token, "as I said", visibility="public", quoted_status_id=original["id"])
    assert quoting["visibility"] == "private"
    assert quoting["quote"]["state"] == "accepted"


def test_changing_the_policy_keeps_past_quotes(api, alice, bob):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    original = _post(api, alice_token, "open for now")
    quoting = _post(api, bob_token, "got in", quoted_status_id=original["id"])
    api.put(f"/api/v1/statuses/{original['id']}/interaction_policy", {"quote_approval_policy": "nobody"},
            token=alice_token)
    assert api.get(f"/api/v1/statuses/{quoting['id']}", token=bob_token).json()["quote"]["state"] == "accepted"
    _post(api, factories.make_token(factories.make_user("late")), "too late", expect=422,
          quoted_status_id=original["id"])


@pytest.mark.parametrize("relation, state", [("block", "blocked_account"), ("mute", "muted_account"),
                                             ("domain_block", "blocked_domain")])
def test_viewer_relations_hide_the_quoted_status_behind_a_state(api, alice, bob, relation, state):
    """The viewer blocks, mutes or domain-blocks the quoted author: the quote is shown with
    that state (the quoted status still included, for the client to reveal on demand)."""
    from relationships.models import AccountDomainBlock

    carol = factories.make_user("carol")
    carol_token = factories.make_token(carol)
    if relation == "domain_block":
        remote = _remote_status()
        quoting = _post(api, factories.make_token(bob), "look", quoted_status_id=str(remote.id))
        from statuses.models import Quote
        from statuses.services import quotes
        quotes.answer_request(Quote.objects.get(status_id=quoting["id"]).id, accepted=True)
        AccountDomainBlock.objects.create(account=carol.account, domain="remote.example")
        quoted_id = str(remote.id)
    else:
        original = _post(api, factories.make_token(alice), "hidden by relation")
        quoting = _post(api, factories.make_token(bob), "look", quoted_status_id=original["id"])
        getattr(relationships, relation)(carol.account, alice.account)
        quoted_id = original["id"]
    seen = api.get(f"/api/v1/statuses/{quoting['id']}", token=carol_token).json()["quote"]
    assert seen["state"] == state
    assert seen["quoted_status"]["id"] == quoted_id
    # others still see it accepted
    assert api.get(f"/api/v1/statuses/{quoting['id']}").json()["quote"]["state"] == "accepted"
