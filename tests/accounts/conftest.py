import pytest

from instance.models import SiteSettings
from tests.factories import make_app, make_token


@pytest.fixture
def app_token(db):
    """An app-only token, as client_credentials gives: (app, raw token)."""
    app = make_app(scopes="read write follow push")
    return app, make_token(None, scopes="read write follow push", app=app)


@pytest.fixture
def site(db):
    return SiteSettings.load()


@pytest.fixture
def register(api, app_token, django_capture_on_commit_callbacks):
    """POST /api/v1/accounts with valid defaults; on-commit work (e-mail) runs as in production."""

    def call(token=None, format="form", **fields):
        data = {"username": "newbie", "email": "newbie@example.com", "password": "hunter2hunter2",
                "agreement": "true", "locale": "en"}
        data.update(fields)
        data = {key: value for key, value in data.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            return api.post("/api/v1/accounts", data, token=token or app_token[1], format=format)

    return call
