import pytest

from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bob")


@pytest.fixture
def token_of(db):
    tokens = {}

    def _token(user, scopes="read write follow push"):
        key = (user.id, scopes)
        if key not in tokens:
            tokens[key] = factories.make_token(user, scopes=scopes)
        return tokens[key]

    return _token


@pytest.fixture
def post(api, token_of):
    """post(user, text, **params) -> the Status JSON, posted through the API."""

    def _post(user, text="Hello", **params):
        response = api.post("/api/v1/statuses", {"status": text, **params}, token=token_of(user))
        assert response.status_code == 200, response.content
        return response.json()

    return _post
