"""Two signed-in users and helpers to read relationships through the API."""
import pytest

from accounts.models import Account


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
