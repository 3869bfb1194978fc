"""Users with tokens, and helpers that act over HTTP and run the on-commit work (the
notifications) as production does."""
import pytest

from accounts.models import Account


@pytest.fixture
def remote(db):
    def make(username="remote", domain="remote.example", **fields):
        return Account.objects.create(username=username, domain=domain, uri=f"https://{domain}/users/{username}",
                                      url=f"https://{domain}/@{username}", **fields)
    return make


@pytest.fixture
def act(api, django_capture_on_commit_callbacks):
    """act(person, "follow", target) -> POST /api/v1/accounts/:id/<action>, on-commit work run."""
    def call(viewer, action, target, data=None):
        target_id = target if isinstance(target, (int, str)) else target.id
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(f"/api/v1/accounts/{target_id}/{action}", data, token=viewer.token)
        assert response.status_code == 200, response.content
        return response
    return call


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (notifications) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def notifications(api):
    """notifications(person, **params) -> the v1 list, as JSON."""
    def read(viewer, **params):
        response = api.get("/api/v1/notifications", params, token=viewer.token)
        assert response.status_code == 200, response.content
        return response.json()
    return read
