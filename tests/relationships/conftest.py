"""Two signed-in users and helpers to read relationships through the API."""
import pytest

from accounts.models import Account
from tests.factories import make_token, make_user


class Person:
    """A local user, their account and a token with every scope."""

    def __init__(self, username, **kwargs):
        self.user = make_user(username, **kwargs)
        self.account = self.user.account
        self.id = self.account.id
        self.token = make_token(self.user)

    def refresh(self):
        self.account.refresh_from_db()
        return self.account


@pytest.fixture
def alice(db):
    return Person("alice")


@pytest.fixture
def bob(db):
    return Person("bob")


@pytest.fixture
def carol(db):
    return Person("carol")


@pytest.fixture
def person(db):
    return Person


@pytest.fixture
def remote(db):
    """An account from another server (no federation yet: made directly)."""
    def make(username="remote", domain="remote.example", **fields):
        return Account.objects.create(username=username, domain=domain,
                                      uri=f"https://{domain}/users/{username}",
                                      url=f"https://{domain}/@{username}", **fields)
    return make


@pytest.fixture
def rel(api):
    """rel(viewer, target) -> the viewer's Relationship with target, read through the API."""
    def read(viewer, target):
        target_id = target if isinstance(target, (int, str)) else target.id
        response = api.get("/api/v1/accounts/relationships", {"id[]": [target_id]}, token=viewer.token)
        assert response.status_code == 200, response.content
        (relationship,) = response.json()
        return relationship
    return read


def act(api, viewer, target, action, data=None, **kwargs):
    """POST /api/v1/accounts/:id/<action> as viewer; the response."""
    target_id = target if isinstance(target, (int, str)) else target.id
    return api.post(f"/api/v1/accounts/{target_id}/{action}", data, token=viewer.token, **kwargs)
