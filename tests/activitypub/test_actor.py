"""Where WebFinger's links lead: the actor document, the profile page, authorize_interaction."""
import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.test import Client

from accounts.models import Account
from activitypub.models import ActorKey
from tests.factories import make_user

SITE = settings.SITE_URL
AP = "application/activity+json"


@pytest.fixture
def alice(db):
    user = make_user("Alice")
    Account.objects.filter(pk=user.account.pk).update(display_name="Alice A.", note="Hi <b>there</b>",
                                                        fields=[{"name": "Site", "value": "https://example.com"}])
    return user


def _links(client, resource):
    body = client.get("/.well-known/webfinger", {"resource": resource}).json()
    return {link["rel"]: link for link in body["links"]}


def test_webfinger_self_link_serves_a_person_with_its_key(alice):
    client = Client()
    actor_url = _links(client, f"acct:alice@{settings.LOCAL_DOMAIN}")["self"]["href"]
    response = client.get(actor_url.removeprefix(SITE), HTTP_ACCEPT=AP)
    assert response.status_code == 200
    assert response["Content-Type"] == AP
    person = response.json()
    assert person["id"] == actor_url and person["type"] == "Person"
    assert person["preferredUsername"] == "Alice" and person["name"] == "Alice A."
    assert "<b>" not in person["summary"] and "Hi" in person["summary"]
    assert person["url"] == f"{SITE}/@Alice"
    assert person["attachment"][0]["type"] == "PropertyValue" and person["attachment"][0]["name"] == "Site"
    assert "https://www.w3.org/ns/activitystreams" in person["@context"]
    for name in ("inbox", "outbox", "followers", "following"):
        assert person[name].startswith(actor_url)
    key = person["publicKey"]
    assert key == {"id": f"{actor_url}#main-key", "owner": actor_url, "publicKeyPem": key["publicKeyPem"]}
    assert serialization.load_pem_public_key(key["publicKeyPem"].encode()).key_size == 2048
    # The same key every time; the private half stays on the server.
    again = client.get("/users/alice", HTTP_ACCEPT="application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")
    assert again.json()["publicKey"]["publicKeyPem"] == key["publicKeyPem"]
    assert "PRIVATE" not in again.content.decode()
    assert ActorKey.objects.count() == 1
    followers = client.get(person["followers"].removeprefix(SITE), HTTP_ACCEPT=AP).json()
    assert followers["type"] == "OrderedCollection" and followers["totalItems"] == 0


def test_a_browser_following_the_actor_link_reaches_the_profile_page(alice):
    client = Client()
    response = client.get("/users/alice", HTTP_ACCEPT="text/html")
    assert response.status_code == 302 and response["Location"] == f"{SITE}/@Alice"
    page = client.get("/@alice")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alice A." in html and f"@Alice@{settings.LOCAL_DOMAIN}" in html
    assert f'href="{SITE}/users/Alice"' in html  # the rel=alternate ActivityPub link


def test_unknown_unconfirmed_and_suspended_accounts(db):
    make_user("pending", confirmed=False)
    gone = make_user("gone")
    Account.objects.filter(pk=gone.account.pk).update(suspended_at="2026-01-01T00:00:00Z")
    client = Client()
    for name in ("nobody", "pending"):
        assert client.get(f"/users/{name}", HTTP_ACCEPT=AP).status_code == 404
        assert client.get(f"/@{name}").status_code == 404
    suspended = client.get("/users/gone", HTTP_ACCEPT=AP).json()
    assert suspended["suspended"] is True and suspended["name"] == "" and suspended["summary"] == ""
    assert client.get("/@gone").status_code == 404


def test_the_subscribe_template_leads_somewhere(alice):
    client = Client()
    template = _links(client, f"acct:alice@{settings.LOCAL_DOMAIN}")["http://ostatus.org/schema/1.0/subscribe"]
    for uri in (f"acct:alice@{settings.LOCAL_DOMAIN}", f"{SITE}/users/Alice", f"{SITE}/@alice"):
        response = client.get(template["template"].removeprefix(SITE).replace("{uri}", uri))
        assert response.status_code == 302 and response["Location"] == f"{SITE}/@Alice"
    response = client.get("/authorize_interaction", {"uri": "acct:bob@elsewhere.example"})
    assert response.status_code == 404 and "other servers" in response.content.decode()
    assert client.get("/authorize_interaction").status_code == 404
