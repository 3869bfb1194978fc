"""GET /api/v2/search."""
import pytest

from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bobcat")


def _post(api, token, text, **params):
    response = api.post("/api/v1/statuses", {"status": text, **params}, token=token)
    assert response.status_code == 200, response.content
    return response.json()


def test_accounts_and_hashtags_signed_out(api, alice, bob):
    token = factories.make_token(bob)
    _post(api, token, "I love #cats and #catsofmastodon")
    body = api.get("/api/v2/search", {"q": "bob"}).json()
    assert [a["acct"] for a in body["accounts"]] == ["bobcat"]
    assert body["statuses"] == []
    tags = api.get("/api/v2/search", {"q": "#cat", "type": "hashtags"}).json()["hashtags"]
    assert {tag["name"] for tag in tags} == {"cats", "catsofmastodon"}


def test_statuses_only_what_the_viewer_may_search(api, alice, bob):
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    own = _post(api, alice_token, "my secret wombat plan", visibility="private")
    others = _post(api, bob_token, "a wombat appears")
    found = api.get("/api/v2/search", {"q": "wombat", "type": "statuses"}, token=alice_token).json()["statuses"]
    assert [s["id"] for s in found] == [own["id"]]  # bob is not indexable, alice did not interact
    api.post(f"/api/v1/statuses/{others['id']}/favourite", token=alice_token)
    found = api.get("/api/v2/search", {"q": "wombat", "type": "statuses"}, token=alice_token).json()["statuses"]
    assert {s["id"] for s in found} == {own["id"], others["id"]}
    # bob never finds alice's private post
    found = api.get("/api/v2/search", {"q": "wombat", "type": "statuses"}, token=bob_token).json()["statuses"]
    assert [s["id"] for s in found] == [others["id"]]


def test_indexable_public_posts_are_searchable(api, alice, bob):
    bob.account.indexable = True
    bob.account.save()
    _post(api, factories.make_token(bob), "penguins are great")
    _post(api, factories.make_token(bob), "penguins in private", visibility="private")
    found = api.get("/api/v2/search", {"q": "penguins"}, token=factories.make_token(alice)).json()["statuses"]
    assert [s["content"] for s in found] == ["<p>penguins are great</p>"]


def test_url_of_a_local_status(api, alice, bob):
    status = _post(api, factories.make_token(bob), "find me by url")
    found = api.get("/api/v2/search", {"q": status["url"]}).json()
    assert [s["id"] for s in found["statuses"]] == [status["id"]]
    private = _post(api, factories.make_token(bob), "hidden", visibility="private")
    found = api.get("/api/v2/search", {"q": private["url"]}, token=factories.make_token(alice)).json()
    assert found["statuses"] == []


def test_validation(api, alice):
    assert api.get("/api/v2/search").status_code == 400
    assert api.get("/api/v2/search", {"q": "x", "type": "bogus"}).status_code == 422
    assert api.get("/api/v2/search", {"q": "x", "type": "accounts", "offset": 5}).status_code == 401
    token = factories.make_token(alice)
    assert api.get("/api/v2/search", {"q": "x", "type": "accounts", "offset": 5}, token=token).status_code == 200


def test_exclude_unreviewed_keeps_the_exact_name(api, bob):
    """Mastodon.py sends exclude_unreviewed=true by default: the exact hashtag is still found,
    other matches only once staff reviewed them (Tag.search_for)."""
    from tags.models import Tag

    _post(api, factories.make_token(bob), "#cats #catsofmastodon #catsnap #ca")
    Tag.objects.filter(normalized="catsnap").update(trendable=False)  # reviewed, rejected
    found = api.get("/api/v2/search", {"q": "#cats", "type": "hashtags", "exclude_unreviewed": "true"}).json()
    assert [tag["name"] for tag in found["hashtags"]] == ["cats", "catsnap"]
    found = api.get("/api/v2/search", {"q": "cats", "type": "hashtags"}).json()
    assert [tag["name"] for tag in found["hashtags"]] == ["cats", "catsnap", "catsofmastodon"]
