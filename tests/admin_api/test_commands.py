"""manage.py ip_blocks and email_domain_blocks (tootctl's), through the admin services."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import EmailDomainBlock, IpBlock
from admin_api.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ip_blocks_add_remove_export():
    out, _ = run("ip_blocks", "add", "192.0.2.7", "2001:db8::/32", "--severity", "no_access", "--duration", "60")
    assert "Added 2, skipped 0" in out
    assert set(IpBlock.objects.values_list("ip", flat=True)) == {"192.0.2.7/32", "2001:db8::/32"}
    assert IpBlock.objects.filter(expires_at__isnull=False).count() == 2
    out, _ = run("ip_blocks", "add", "192.0.2.7", "--severity", "sign_up_block")  # run again: skipped
    assert "Added 0, skipped 1" in out and IpBlock.objects.get(ip="192.0.2.7/32").severity == "no_access"
    run("ip_blocks", "add", "192.0.2.7", "--severity", "sign_up_block", "--force")
    assert IpBlock.objects.get(ip="192.0.2.7/32").severity == "sign_up_block"
    out, _ = run("ip_blocks", "export", "--format", "nginx")
    assert out.strip() == "deny 2001:db8::/32;"
    out, _ = run("ip_blocks", "export")
    assert set(out.split()) == {"192.0.2.7/32", "2001:db8::/32"}
    out, _ = run("ip_blocks", "remove", "192.0.2.7")
    assert "Removed 1" in out and IpBlock.objects.count() == 1
    with pytest.raises(CommandError):
        run("ip_blocks", "add", "nonsense", "--severity", "no_access")
    actions = list(AuditLogEntry.objects.order_by("id").values_list("action", "account"))
    assert actions == [("create", None), ("create", None), ("update", None), ("destroy", None)]


def test_email_domain_blocks_add_remove_list():
    out, _ = run("email_domain_blocks", "add", "Spam.Example", "junk.example", "not a domain")
    assert "Added 2, skipped 0, failed 1" in out
    out, _ = run("email_domain_blocks", "add", "spam.example")
    assert "skipped 1" in out
    out, _ = run("email_domain_blocks", "list")
    assert out.split() == ["junk.example", "spam.example"]
    run("email_domain_blocks", "remove", "spam.example")
    assert list(EmailDomainBlock.objects.values_list("domain", flat=True)) == ["junk.example"]


def test_domains_block_and_purge():
    from accounts.models import Account
    from instance.models import DomainBlock
    from tests.admin_api.conftest import remote_account

    far = remote_account("far", "bad.example")
    remote_account("sub", "x.bad.example")
    remote_account("stay", "good.example")
    out, _ = run("domains", "block", "bad.example", "--severity", "silence", "--reject-media")
    assert "Blocked 1" in out
    block = DomainBlock.objects.get()
    assert block.severity == "silence" and block.reject_media
    far.refresh_from_db()
    assert far.silenced_at is not None
    out, err = run("domains", "block", "bad.example")
    assert "failed 1" in out and "stricter" in err
    out, _ = run("domains", "purge", "bad.example", "--dry-run")
    assert "Would delete 2" in out and Account.objects.filter(domain__isnull=False).count() == 3
    out, _ = run("domains", "purge", "bad.example")
    assert "Deleted 2" in out
    assert list(Account.objects.filter(domain__isnull=False).values_list("domain", flat=True)) == ["good.example"]
    out, _ = run("domains", "purge", "bad.example")  # run again: nothing left to do
    assert "Deleted 0" in out


def test_email_domain_blocks_add_with_dns_records(monkeypatch):
    from accounts.services import blocks

    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: ["mx.mailer.example"])
    out, _ = run("email_domain_blocks", "add", "plain.example")
    assert not EmailDomainBlock.objects.filter(domain="mx.mailer.example").exists()
    out, _ = run("email_domain_blocks", "add", "dns.example", "--with-dns-records", "--allow-with-approval")
    assert "mx.mailer.example (a mail server of dns.example) blocked too" in out
    child = EmailDomainBlock.objects.get(domain="mx.mailer.example")
    assert child.parent.domain == "dns.example" and child.allow_with_approval
    run("email_domain_blocks", "remove", "dns.example")
    assert list(EmailDomainBlock.objects.values_list("domain", flat=True)) == ["plain.example"]
