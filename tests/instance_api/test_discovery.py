"""WebFinger, host-meta and NodeInfo."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Account
from instance.models import SiteSettings
from tests.factories import make_user

SITE = settings.SITE_URL


@pytest.fixture
def alice(db):
    return make_user("Alice")


@pytest.mark.parametrize("resource", [
    f"acct:alice@{settings.LOCAL_DOMAIN}",
    f"acct:Alice@{settings.LOCAL_DOMAIN.upper()}",
    f"alice@{settings.LOCAL_DOMAIN}",
    f"acct:@alice@{settings.LOCAL_DOMAIN}",
    f"{SITE}/@Alice",
    f"{SITE}/users/Alice",
    f"{SITE}/users/alice/",
])
def test_webfinger_finds_local_account(api, alice, resource):
    response = api.get("/.well-known/webfinger", {"resource": resource})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/jrd+json"
    body = response.json()
    assert body["subject"] == f"acct:Alice@{settings.LOCAL_DOMAIN}"
    assert body["aliases"] == [f"{SITE}/@Alice", f"{SITE}/users/Alice"]
    links = {link["rel"]: link for link in body["links"]}
    assert links["self"] == {"rel": "self", "type": "application/activity+json", "href": f"{SITE}/users/Alice"}
    assert links["http://webfinger.net/rel/profile-page"]["href"] == f"{SITE}/@Alice"
    assert links["http://webfinger.net/rel/profile-page"]["type"] == "text/html"
    assert links["http://ostatus.org/schema/1.0/subscribe"]["template"] == f"{SITE}/authorize_interaction?uri={{uri}}"


def test_webfinger_with_web_domain(api, alice, settings):
    settings.LOCAL_DOMAIN = "example.com"
    settings.WEB_DOMAIN = "social.example.com"
    response = api.get("/.well-known/webfinger", {"resource": "acct:alice@social.example.com"})
    assert response.status_code == 200
    assert response.json()["subject"] == "acct:Alice@example.com"


def test_webfinger_avatar_link(api, alice):
    Account.objects.filter(pk=alice.account_id).update(avatar="accounts/avatars/a.jpg")
    links = api.get("/.well-known/webfinger", {"resource": f"acct:alice@{settings.LOCAL_DOMAIN}"}).json()["links"]
    avatar = [link for link in links if link["rel"] == "http://webfinger.net/rel/avatar"][0]
    assert avatar["type"] == "image/jpeg" and avatar["href"].endswith("/accounts/avatars/a.jpg")


def test_webfinger_ignores_tokens(api, alice):
    response = api.get("/.well-known/webfinger", {"resource": f"acct:alice@{settings.LOCAL_DOMAIN}"}, token="bad")
    assert response.status_code == 200


@pytest.mark.parametrize("resource", [
    f"acct:nobody@{settings.LOCAL_DOMAIN}",
    "acct:alice@remote.example",
    "https://remote.example/@alice",
    f"{SITE}/notes/alice",
    f"{SITE}/@nobody",
])
def test_webfinger_not_found(api, alice, resource):
    Account.objects.create(username="alice", domain="remote.example")
    response = api.get("/.well-known/webfinger", {"resource": resource})
    assert response.status_code == 404


@pytest.mark.parametrize("query", [{}, {"resource": ""}, {"resource": "alice"}, {"resource": "acct:alice"},
                                   {"resource": "acct:alice@"}, {"resource": "acct:@"}])
def test_webfinger_bad_request(api, alice, query):
    response = api.get("/.well-known/webfinger", query)
    assert response.status_code == 400
    assert "error" in response.json()


def test_host_meta(api, db):
    response = api.get("/.well-known/host-meta")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xrd+xml")
    text = response.content.decode()
    assert '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">' in text
    assert f'template="{SITE}/.well-known/webfinger?resource={{uri}}"' in text


def test_host_meta_json(api, db):
    response = api.get("/.well-known/host-meta", {"format": "json"})
    assert response.status_code == 200
    assert response.json() == {"links": [{"rel": "lrdd", "template": f"{SITE}/.well-known/webfinger?resource={{uri}}"}]}


def test_nodeinfo_links(api, db):
    response = api.get("/.well-known/nodeinfo")
    assert response.status_code == 200
    assert response.json() == {"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                                          "href": f"{SITE}/nodeinfo/2.0"}]}


def test_nodeinfo(api, db):
    make_user("fresh")
    old = make_user("old")
    old.created_at = timezone.now() - timedelta(days=365)
    old.current_sign_in_at = timezone.now() - timedelta(days=100)
    old.save()
    Account.objects.filter(pk=old.account_id).update(statuses_count=7)
    site = SiteSettings.load()
    site.title, site.short_description, site.registrations_mode = "Node", "About the node", "none"
    site.save()
    response = api.get("/nodeinfo/2.0")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"' in response["Content-Type"]
    assert response.json() == {
        "version": "2.0",
        "software": {"name": settings.SOFTWARE_NAME, "version": settings.SOFTWARE_VERSION},
        "protocols": ["activitypub"],
        "services": {"outbound": [], "inbound": []},
        "usage": {"users": {"total": 2, "activeMonth": 1, "activeHalfyear": 2}, "localPosts": 7},
        "openRegistrations": False,
        "metadata": {"nodeName": "Node", "nodeDescription": "About the node"},
    }


def test_discovery_allows_cross_origin_requests(api, alice):
    response = api.get("/.well-known/webfinger", {"resource": f"acct:alice@{settings.LOCAL_DOMAIN}"},
                       headers={"Origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
