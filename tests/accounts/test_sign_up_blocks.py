"""Sign-up blocks enforced: e-mail domains (and subdomains), canonical e-mail addresses and
IP ranges (sign_up_requires_approval, sign_up_block, no_access on every request; expiry)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import CanonicalEmailBlock, EmailDomainBlock, IpBlock, User
from accounts.services.blocks import canonical_email, canonical_email_hash, email_domain_histories

pytestmark = pytest.mark.django_db


def email_errors(response):
    assert response.status_code == 422, response.content
    return [item["error"] for item in response.json()["details"].get("email", [])]


def test_canonical_email_as_mastodon():
    assert canonical_email("Some.One+News@GMail.com") == "someone@gmail.com"
    assert canonical_email("a.b+c+d@example.org") == "ab@example.org"
    assert canonical_email_hash("S.O+x@gmail.com") == canonical_email_hash("so@gmail.com")


def test_blocked_email_domain_and_subdomains_are_refused(register):
    EmailDomainBlock.objects.create(domain="spam.example")
    assert email_errors(register(email="x@spam.example")) == ["ERR_BLOCKED"]
    assert email_errors(register(email="x@mail.SPAM.example")) == ["ERR_BLOCKED"]
    assert not User.objects.exists()
    history = email_domain_histories(["spam.example"])["spam.example"][0]
    assert history["accounts"] == "2" and history["uses"] == "1"  # two attempts from one address
    assert register(email="x@notspam.example").status_code == 200


def test_blocked_canonical_email_is_refused(register):
    CanonicalEmailBlock.objects.create(canonical_email_hash=canonical_email_hash("newbie@example.com"))
    assert email_errors(register(email="New.Bie+1@example.com")) == ["ERR_BLOCKED"]
    assert register(email="other@example.com").status_code == 200


def test_ip_sign_up_block(register):
    block = IpBlock.objects.create(ip="127.0.0.0/8", severity="sign_up_block")
    response = register()
    assert response.status_code == 403 and not User.objects.exists()
    IpBlock.objects.filter(pk=block.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert register().status_code == 200


def test_ip_sign_up_requires_approval(register):
    IpBlock.objects.create(ip="127.0.0.1/32", severity="sign_up_requires_approval")
    assert register().status_code == 200
    assert User.objects.get(email="newbie@example.com").approved is False


def test_ipv6_range_does_not_match_ipv4(register):
    IpBlock.objects.create(ip="::/0", severity="sign_up_block")
    assert register().status_code == 200


def test_no_access_refuses_every_request(api, user):
    from tests.factories import make_token

    token = make_token(user)
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 200
    block = IpBlock.objects.create(ip="127.0.0.1/32", severity="no_access")
    response = api.get("/api/v1/accounts/verify_credentials", token=token)
    assert response.status_code == 403 and response.json() == {"error": "This action is not allowed"}
    assert api.get("/api/v1/instance").status_code == 403
    # An expired block no longer applies, nor a deleted one (the cached ranges are dropped).
    block.expires_at = timezone.now() - timedelta(seconds=1)
    block.save()
    assert api.get("/api/v1/instance").status_code == 200
    block.delete()
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 200


def test_no_access_uses_the_client_address(client, db):
    IpBlock.objects.create(ip="203.0.113.0/24", severity="no_access")
    assert client.get("/api/v1/instance", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/api/v1/instance", REMOTE_ADDR="198.51.100.1").status_code == 200
