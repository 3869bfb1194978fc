"""A user's domain blocks."""
import re

import pytest

from accounts.models import Account
from relationships.models import AccountDomainBlock, Follow, FollowRequest
from tests.factories import make_token
from tests.relationships.conftest import act


def links(response):
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", "")))


def test_block_list_and_unblock_a_domain(api, alice):
    response = api.post("/api/v1/domain_blocks", {"domain": "Spam.Example."}, token=alice.token)
    assert response.status_code == 200
    assert response.json() == {}
    assert api.post("/api/v1/domain_blocks", {"domain": "spam.example"}, token=alice.token).status_code == 200
    assert api.get("/api/v1/domain_blocks", token=alice.token).json() == ["spam.example"]
    response = api.delete("/api/v1/domain_blocks", {"domain": "SPAM.example"}, token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert api.get("/api/v1/domain_blocks", token=alice.token).json() == []
    # Unblocking a domain that is not blocked is fine
    assert api.delete("/api/v1/domain_blocks", {"domain": "other.example"}, token=alice.token).status_code == 200


def test_domain_block_in_query_string_and_json(api, alice):
    for domain, format in (("a.example", "json"), ("b.example", "query")):
        assert api.post("/api/v1/domain_blocks", {"domain": domain}, token=alice.token, format=format).status_code == 200
    assert api.delete("/api/v1/domain_blocks", {"domain": "a.example"}, token=alice.token,
                      format="query").status_code == 200
    assert api.get("/api/v1/domain_blocks", token=alice.token).json() == ["b.example"]


def test_unicode_domains_are_stored_as_punycode(api, alice):
    api.post("/api/v1/domain_blocks", {"domain": "bücher.example"}, token=alice.token)
    assert api.get("/api/v1/domain_blocks", token=alice.token).json() == ["xn--bcher-kva.example"]


@pytest.mark.parametrize("method", ["post", "delete"])
def test_blank_or_invalid_domain(api, alice, method):
    call = getattr(api, method)
    response = call("/api/v1/domain_blocks", {}, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Domain can't be blank"
    for bad in ("has spaces.example", "under_score.example", "-dash.example", "a..b", "x" * 300, "host:port"):
        response = call("/api/v1/domain_blocks", {"domain": bad}, token=alice.token)
        assert response.status_code == 422, bad
        assert response.json()["error"] == "Validation failed: Domain is not a valid domain name"
    assert not AccountDomainBlock.objects.exists()


def test_own_domain_cannot_be_blocked(api, alice):
    for own in ("127.0.0.1:8000", "127.0.0.1"):
        response = api.post("/api/v1/domain_blocks", {"domain": own}, token=alice.token)
        assert response.status_code == 422
        assert response.json()["error"] == "Validation failed: Domain is this server's own domain"


def test_domain_block_shows_in_relationships_and_removes_follows(api, alice, remote, rel):
    spammer = remote("spammer", "spam.example")
    fan = remote("fan", "SPAM.example")
    other = remote("other", "other.example")
    Follow.objects.create(account=alice.account, target_account=spammer)
    Follow.objects.create(account=fan, target_account=alice.account)
    Follow.objects.create(account=alice.account, target_account=other)
    FollowRequest.objects.create(account=fan, target_account=alice.account)
    # Counters as the follows above would have left them
    Account.objects.filter(pk=alice.id).update(following_count=2, followers_count=1)
    Account.objects.filter(pk__in=[spammer.id, other.id]).update(followers_count=1)
    Account.objects.filter(pk=fan.id).update(following_count=1)

    api.post("/api/v1/domain_blocks", {"domain": "spam.example"}, token=alice.token)
    assert rel(alice, spammer)["domain_blocking"] is True
    assert rel(alice, fan)["domain_blocking"] is True
    assert rel(alice, other)["domain_blocking"] is False
    assert list(Follow.objects.values_list("target_account_id", flat=True)) == [other.id]
    assert not FollowRequest.objects.exists()
    alice.refresh()
    assert (alice.account.following_count, alice.account.followers_count) == (1, 0)
    spammer.refresh_from_db(), fan.refresh_from_db()
    assert spammer.followers_count == 0 and fan.following_count == 0
    # No new follows into a blocked domain
    assert act(api, alice, spammer, "follow").status_code == 403


def test_domain_blocks_pagination(api, alice):
    for index in range(5):
        api.post("/api/v1/domain_blocks", {"domain": f"d{index}.example"}, token=alice.token)
    response = api.get("/api/v1/domain_blocks", {"limit": 2}, token=alice.token)
    assert response.json() == ["d4.example", "d3.example"]
    seen, url = [], "/api/v1/domain_blocks?limit=2"
    while url:
        response = api.get(url.replace("http://127.0.0.1:8000", ""), token=alice.token)
        seen += response.json()
        url = links(response).get("next")
    assert seen == [f"d{index}.example" for index in range(4, -1, -1)]


def test_domain_blocks_access(api, alice):
    assert api.get("/api/v1/domain_blocks").status_code == 401
    assert api.post("/api/v1/domain_blocks", {"domain": "x.example"}).status_code == 401
    read_only = make_token(alice.user, scopes="read")
    assert api.post("/api/v1/domain_blocks", {"domain": "x.example"}, token=read_only).status_code == 403
    assert api.delete("/api/v1/domain_blocks", {"domain": "x.example"}, token=read_only).status_code == 403
    assert api.get("/api/v1/domain_blocks", token=read_only).status_code == 200
    assert api.get("/api/v1/domain_blocks", token=make_token(alice.user, scopes="write")).status_code == 403
    # The deprecated `follow` scope still grants these
    follow_scope = make_token(alice.user, scopes="follow")
    assert api.post("/api/v1/domain_blocks", {"domain": "x.example"}, token=follow_scope).status_code == 200
