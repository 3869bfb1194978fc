"""E-mail domain blocks also match the domain's mail servers (MX records), at sign-up.

This machine reaches no real DNS (every name is NXDOMAIN), so the MX answers are stubbed
(accounts.services.blocks._resolve_mx); the real resolver is only checked to fail open."""
import pytest

from accounts.models import EmailDomainBlock, User
from accounts.services import blocks
from tests.factories import make_app, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up(api, django_capture_on_commit_callbacks):
    app = make_app(scopes="read write")
    token = make_token(None, scopes="read write", app=app)

    def call(email):
        data = {"username": email.split("@")[0], "email": email, "password": "hunter2hunter2", "agreement": "true"}
        with django_capture_on_commit_callbacks(execute=True):
            return api.post("/api/v1/accounts", data, token=token)

    return call


def test_a_blocked_mail_server_refuses_the_domains_it_serves(sign_up, monkeypatch):
    answers = {"customer.example": ["mx1.badmail.example"], "fine.example": ["mx.goodmail.example"]}
    asked = []

    def resolve(domain):
        asked.append(domain)
        return answers.get(domain, [])

    monkeypatch.setattr(blocks, "_resolve_mx", resolve)
    assert sign_up("early@customer.example").status_code == 200
    assert asked == []  # no block exists yet: no DNS query at all
    EmailDomainBlock.objects.create(domain="badmail.example")
    response = sign_up("late@customer.example")
    assert response.status_code == 422 and "email" in response.json()["details"]
    assert not User.objects.filter(email="late@customer.example").exists()
    assert sign_up("someone@fine.example").status_code == 200
    assert asked == ["customer.example", "fine.example"]


def test_the_real_resolver_fails_open(monkeypatch):
    monkeypatch.setattr(blocks, "MX_LOOKUP_TIMEOUT", 1.0)
    assert blocks.mx_hosts("no-such-domain.invalid") == []
    assert blocks.mx_hosts("") == []
