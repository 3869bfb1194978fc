"""The admin API's federation and sign-up blocks: domain_blocks, domain_allows,
email_domain_blocks, ip_blocks, canonical_email_blocks (every operation, with and without
the role permission and the token scope; answers validated against the spec)."""
import hashlib

import pytest

from accounts.models import CanonicalEmailBlock, EmailDomainBlock, IpBlock
from admin_api.models import AuditLogEntry
from instance.models import DomainAllow, DomainBlock
from tests.factories import make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_token(admin):
    """An Admin's token without admin scopes."""
    return make_token(admin, scopes="read write")


def crud(api, token, name, create, update=None):
    """Create, list, show, (update,) delete; returns the statuses seen."""
    created = api.post(f"/api/v1/admin/{name}", create, token=token)
    statuses = [created.status_code]
    if created.status_code != 200:
        return statuses, None
    block_id = created.json()["id"]
    statuses.append(api.get(f"/api/v1/admin/{name}", token=token).status_code)
    statuses.append(api.get(f"/api/v1/admin/{name}/{block_id}", token=token).status_code)
    if update is not None:
        statuses.append(api.put(f"/api/v1/admin/{name}/{block_id}", update, token=token).status_code)
    deleted = api.delete(f"/api/v1/admin/{name}/{block_id}", token=token)
    statuses.append(deleted.status_code)
    assert deleted.json() == {}
    assert api.get(f"/api/v1/admin/{name}/{block_id}", token=token).status_code == 404
    return statuses, created.json()


CASES = [
    ("domain_blocks", DomainBlock, {"domain": "bad.example", "severity": "suspend"}, {"severity": "silence"}),
    ("domain_allows", DomainAllow, {"domain": "good.example"}, None),
    ("email_domain_blocks", EmailDomainBlock, {"domain": "spam.example"}, None),
    ("ip_blocks", IpBlock, {"ip": "192.0.2.0/24", "severity": "sign_up_block"}, {"comment": "spammers"}),
    ("canonical_email_blocks", CanonicalEmailBlock, {"email": "Some.One+x@example.com"}, None),
]


@pytest.mark.parametrize("name,model,create,update", CASES)
def test_every_operation_for_an_admin(api, admin, admin_token, name, model, create, update):
    statuses, body = crud(api, admin_token, name, create, update)
    assert set(statuses) == {200}
    assert not model.objects.exists()
    actions = list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["create"] + (["update"] if update else []) + ["destroy"]
    assert AuditLogEntry.objects.filter(account=admin.account, target_id=body["id"]).count() == len(actions)


@pytest.mark.parametrize("name,model,create,update", CASES)
def test_a_moderator_may_not(api, admin_token, mod_token, name, model, create, update):
    # Mastodon's Moderator has neither manage_federation nor manage_blocks.
    assert api.get(f"/api/v1/admin/{name}", token=mod_token).status_code == 403
    assert api.post(f"/api/v1/admin/{name}", create, token=mod_token).status_code == 403
    block_id = api.post(f"/api/v1/admin/{name}", create, token=admin_token).json()["id"]
    assert api.get(f"/api/v1/admin/{name}/{block_id}", token=mod_token).status_code == 403
    if update is not None:
        assert api.put(f"/api/v1/admin/{name}/{block_id}", update, token=mod_token).status_code == 403
    assert api.delete(f"/api/v1/admin/{name}/{block_id}", token=mod_token).status_code == 403
    assert model.objects.count() == 1


@pytest.mark.parametrize("name,model,create,update", CASES)
def test_a_token_without_admin_scopes_may_not(api, admin_token, plain_token, name, model, create, update):
    assert api.get(f"/api/v1/admin/{name}", token=plain_token).status_code == 403
    assert api.post(f"/api/v1/admin/{name}", create, token=plain_token).status_code == 403
    block_id = api.post(f"/api/v1/admin/{name}", create, token=admin_token).json()["id"]
    assert api.get(f"/api/v1/admin/{name}/{block_id}", token=plain_token).status_code == 403
    assert api.delete(f"/api/v1/admin/{name}/{block_id}", token=plain_token).status_code == 403
    assert api.get(f"/api/v1/admin/{name}").status_code == 401


def test_domain_block_entity_and_rules(api, admin_token):
    response = api.post("/api/v1/admin/domain_blocks", {"domain": "Bad.Example", "reject_media": "true",
                                                        "public_comment": "spam", "obfuscate": "true"},
                        token=admin_token)
    body = response.json()
    assert body["domain"] == "bad.example" and body["severity"] == "silence" and body["reject_media"] is True
    assert body["reject_reports"] is False and body["obfuscate"] is True
    assert body["public_comment"] == "spam" and body["private_comment"] is None
    assert body["digest"] == hashlib.sha256(b"bad.example").hexdigest()
    # The same domain, or a subdomain with no stricter policy: 422.
    again = api.post("/api/v1/admin/domain_blocks", {"domain": "bad.example"}, token=admin_token)
    assert again.status_code == 422 and "bad.example" in again.json()["error"]
    assert api.post("/api/v1/admin/domain_blocks", {"domain": "sub.bad.example", "severity": "noop"},
                    token=admin_token).status_code == 422
    stricter = api.post("/api/v1/admin/domain_blocks", {"domain": "sub.bad.example", "severity": "suspend"},
                        token=admin_token)
    assert stricter.status_code == 200
    assert api.post("/api/v1/admin/domain_blocks", {"domain": "x.example", "severity": "nuke"},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/domain_blocks", {"domain": "not a domain"}, token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/domain_blocks", {}, token=admin_token).status_code == 400
    updated = api.put(f"/api/v1/admin/domain_blocks/{body['id']}", {"severity": "suspend", "private_comment": "x"},
                      token=admin_token).json()
    assert updated["severity"] == "suspend" and updated["private_comment"] == "x" and updated["reject_media"] is True
    assert api.get("/api/v1/admin/domain_blocks/999999", token=admin_token).status_code == 404


def test_domain_allow_is_idempotent(api, admin_token):
    first = api.post("/api/v1/admin/domain_allows", {"domain": "good.example"}, token=admin_token).json()
    second = api.post("/api/v1/admin/domain_allows", {"domain": "GOOD.example"}, token=admin_token).json()
    assert first["id"] == second["id"] and DomainAllow.objects.count() == 1


def test_email_domain_block_entity(api, admin_token):
    body = api.post("/api/v1/admin/email_domain_blocks", {"domain": "Spam.Example"}, token=admin_token).json()
    assert body["domain"] == "spam.example" and len(body["history"]) == 7
    assert body["history"][0] == {"day": body["history"][0]["day"], "accounts": "0", "uses": "0"}
    assert api.post("/api/v1/admin/email_domain_blocks", {"domain": "spam.example"},
                    token=admin_token).status_code == 422


def test_ip_block_entity_and_validation(api, admin_token):
    body = api.post("/api/v1/admin/ip_blocks", {"ip": "198.51.100.7", "severity": "no_access", "comment": "abuse",
                                                "expires_in": "3600"}, token=admin_token).json()
    assert body["ip"] == "198.51.100.7/32" and body["severity"] == "no_access" and body["comment"] == "abuse"
    assert body["expires_at"] is not None
    assert api.post("/api/v1/admin/ip_blocks", {"ip": "198.51.100.7", "severity": "sign_up_block"},
                    token=admin_token).status_code == 422  # taken
    assert api.post("/api/v1/admin/ip_blocks", {"ip": "nope", "severity": "sign_up_block"},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/ip_blocks", {"ip": "10.0.0.0/8", "severity": "bogus"},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/ip_blocks", {"ip": "10.0.0.0/8", "severity": "no_access", "expires_in": "x"},
                    token=admin_token).status_code == 400
    unchanged = api.put(f"/api/v1/admin/ip_blocks/{body['id']}", {"severity": "sign_up_block"},
                        token=admin_token).json()
    assert unchanged["ip"] == "198.51.100.7/32" and unchanged["severity"] == "sign_up_block"


def test_canonical_email_blocks_and_test(api, admin_token, mod_token):
    digest = hashlib.sha256(b"someone@gmail.com").hexdigest()
    body = api.post("/api/v1/admin/canonical_email_blocks", {"email": "Some.One+news@Gmail.com"},
                    token=admin_token).json()
    assert body["canonical_email_hash"] == digest
    matched = api.post("/api/v1/admin/canonical_email_blocks/test", {"email": "someone+other@gmail.com"},
                       token=admin_token)
    assert matched.status_code == 200 and [entry["id"] for entry in matched.json()] == [body["id"]]
    assert api.post("/api/v1/admin/canonical_email_blocks/test", {"email": "else@gmail.com"},
                    token=admin_token).json() == []
    assert api.post("/api/v1/admin/canonical_email_blocks/test", {"email": "x@gmail.com"},
                    token=mod_token).status_code == 403
    by_hash = api.post("/api/v1/admin/canonical_email_blocks", {"canonical_email_hash": "a" * 64},
                       token=admin_token)
    assert by_hash.status_code == 200 and by_hash.json()["canonical_email_hash"] == "a" * 64
    assert api.post("/api/v1/admin/canonical_email_blocks", {"canonical_email_hash": "zz"},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/canonical_email_blocks", {"email": "someone@gmail.com"},
                    token=admin_token).status_code == 422
    assert api.post("/api/v1/admin/canonical_email_blocks", {}, token=admin_token).status_code == 422


def test_list_pages_take_constant_queries(api, admin_token, django_assert_max_num_queries):
    for n in range(5):
        api.post("/api/v1/admin/email_domain_blocks", {"domain": f"spam{n}.example"}, token=admin_token)
        api.post("/api/v1/admin/domain_blocks", {"domain": f"bad{n}.example"}, token=admin_token)
    for name in ("email_domain_blocks", "domain_blocks"):
        api.get(f"/api/v1/admin/{name}", token=admin_token)
        with django_assert_max_num_queries(8):
            response = api.get(f"/api/v1/admin/{name}", {"limit": 3}, token=admin_token)
        assert len(response.json()) == 3 and 'rel="next"' in response["Link"]


def test_domain_block_limits_the_domains_accounts_and_lifting_it_undoes_only_that(api, admin_token):
    from django.utils import timezone

    from accounts.models import Account
    from tests.admin_api.conftest import remote_account

    far = remote_account("far", "bad.example")
    sub = remote_account("sub", "a.bad.example")
    earlier = remote_account("earlier", "bad.example")
    moderated_at = timezone.now() - timezone.timedelta(days=3)
    Account.objects.filter(pk=earlier.pk).update(silenced_at=moderated_at)
    other = remote_account("other", "good.example")
    block = api.post("/api/v1/admin/domain_blocks", {"domain": "bad.example"}, token=admin_token).json()
    far.refresh_from_db(), sub.refresh_from_db(), other.refresh_from_db()
    assert far.silenced_at and sub.silenced_at and not other.silenced_at and not far.suspended_at
    api.put(f"/api/v1/admin/domain_blocks/{block['id']}", {"severity": "suspend"}, token=admin_token)
    far.refresh_from_db()
    assert far.suspended_at and not far.silenced_at
    api.delete(f"/api/v1/admin/domain_blocks/{block['id']}", token=admin_token)
    far.refresh_from_db(), earlier.refresh_from_db()
    assert not far.suspended_at and not far.silenced_at
    assert earlier.silenced_at == moderated_at  # silenced by a moderator before: stays so
