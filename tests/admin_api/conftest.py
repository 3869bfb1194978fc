import pytest
from django.db import transaction

from accounts.models import Account
from reports.models import Report
from statuses.services.posting import create_status
from tests.factories import make_token, make_user

ADMIN_SCOPES = "read write admin:read admin:write"


@pytest.fixture(autouse=True)
def _no_mx_lookups(monkeypatch):
    """Creating an e-mail domain block looks up the domain's mail servers: none here (tests
    needing some stub accounts.services.blocks._resolve_mx themselves), so no test waits on DNS."""
    from accounts.services import blocks

    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: [])


@pytest.fixture
def moderator(db):
    return make_user("moddy", role="Moderator")


@pytest.fixture
def mod_token(moderator):
    return make_token(moderator, scopes=ADMIN_SCOPES)


@pytest.fixture
def admin(db):
    return make_user("adminy", role="Admin")


@pytest.fixture
def admin_token(admin):
    return make_token(admin, scopes=ADMIN_SCOPES)


def post(account, text="hello", visibility="public"):
    with transaction.atomic():
        return create_status(account, text=text, spoiler_text="", visibility=visibility, sensitive=False,
                             language=None)


def remote_account(username="faraway", domain="remote.example"):
    return Account.objects.create(username=username, domain=domain, uri=f"https://{domain}/users/{username}",
                                  url=f"https://{domain}/@{username}")


def make_report(reporter, target, *, statuses=(), **fields):
    report = Report.objects.create(account=reporter, target_account=target, **fields)
    if statuses:
        report.statuses.set(statuses)
    return report
