import pytest

from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bob")


@pytest.fixture
def carol(db):
    return factories.make_user("carol")


@pytest.fixture
def post(api):
    """post(user, text, **params) -> the Status JSON, through the API."""
    tokens = {}

    def _post(user, text="Hello", **params):
        if user.id not in tokens:
            tokens[user.id] = factories.make_token(user)
        response = api.post("/api/v1/statuses", {"status": text, **params}, token=tokens[user.id])
        assert response.status_code == 200, response.content
        return response.json()

    return _post


@pytest.fixture
def token_of(db):
    tokens = {}

    def _token(user):
        if user.id not in tokens:
            tokens[user.id] = factories.make_token(user)
        return tokens[user.id]

    return _token
