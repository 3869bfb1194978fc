"""E-mail domain blocks also match the domain's mail servers (MX records), at sign-up.

This machine reaches no real DNS (every name is NXDOMAIN), so the MX answers are stubbed
(accounts.services.blocks._resolve_mx); the real resolver is only checked to fail open."""
import pytest

from accounts.models import EmailDomainBlock, User
from accounts.services import blocks
from tests.factories import make_app, make_token

pytestmark = pytest.mark.django_db
REAL_RESOLVER = blocks._resolve_mx  # taken before tests/admin_api/conftest.py stubs it


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
    monkeypatch.setattr(blocks, "_resolve_mx", REAL_RESOLVER)
    monkeypatch.setattr(blocks, "MX_LOOKUP_TIMEOUT", 1.0)
    assert blocks.mx_hosts("no-such-domain.invalid") == []
    assert blocks.mx_hosts("") == []


def test_blocking_a_domain_blocks_its_mail_servers_too(api, admin_token, monkeypatch, sign_up):
    from admin_api.models import AuditLogEntry

    answers = {"provider.example": ["mx1.provider-mail.example", "mx2.provider-mail.example"]}
    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: answers.get(domain, []))
    response = api.post("/api/v1/admin/email_domain_blocks", {"domain": "provider.example"}, token=admin_token)
    assert response.status_code == 200 and response.json()["allow_with_approval"] is False
    parent = EmailDomainBlock.objects.get(domain="provider.example")
    assert sorted(parent.children.values_list("domain", flat=True)) == ["mx1.provider-mail.example",
                                                                        "mx2.provider-mail.example"]
    assert AuditLogEntry.objects.filter(action="create", target_type="EmailDomainBlock").count() == 3
    listed = api.get("/api/v1/admin/email_domain_blocks", token=admin_token).json()
    assert len(listed) == 3
    # another domain served by those mail servers is refused even when its own look-up fails
    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: [])
    assert sign_up("x@mx1.provider-mail.example").status_code == 422
    # removing the block removes the blocks of its mail servers
    assert api.delete(f"/api/v1/admin/email_domain_blocks/{parent.id}", token=admin_token).status_code == 200
    assert not EmailDomainBlock.objects.exists()


def test_a_block_allowing_sign_ups_with_approval(api, admin_token, monkeypatch, sign_up):
    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: ["mx.lenient-mail.example"] if domain in (
        "lenient.example", "customer.example") else [])
    response = api.post("/api/v1/admin/email_domain_blocks", {"domain": "lenient.example",
                                                              "allow_with_approval": "true"}, token=admin_token)
    assert response.status_code == 200 and response.json()["allow_with_approval"] is True
    assert EmailDomainBlock.objects.get(domain="mx.lenient-mail.example").allow_with_approval is True
    assert sign_up("someone@lenient.example").status_code == 200
    assert User.objects.get(email="someone@lenient.example").approved is False
    assert sign_up("other@customer.example").status_code == 200  # through the mail server
    assert User.objects.get(email="other@customer.example").approved is False
    assert sign_up("free@elsewhere.example").status_code == 200
    assert User.objects.get(email="free@elsewhere.example").approved is True
