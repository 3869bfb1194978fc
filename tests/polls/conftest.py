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
def token_of(db):
    tokens = {}

    def _token(user):
        if user.id not in tokens:
            tokens[user.id] = factories.make_token(user)
        return tokens[user.id]

    return _token


@pytest.fixture
def post_poll(api, token_of):
    """post_poll(user, options, expires_in=600, **params) -> the Status JSON (posted as a form,
    poll[options][]=... as Mastodon clients send it)."""

    def _post(user, options=("yes", "no"), expires_in=600, text="Which?", multiple=None, hide_totals=None,
              **params):
        data = {"status": text, "poll[options][]": list(options), "poll[expires_in]": expires_in, **params}
        if multiple is not None:
            data["poll[multiple]"] = "true" if multiple else "false"
        if hide_totals is not None:
            data["poll[hide_totals]"] = "true" if hide_totals else "false"
        response = api.post("/api/v1/statuses", data, token=token_of(user))
        assert response.status_code == 200, response.content
        return response.json()

    return _post


@pytest.fixture
def vote(api, token_of):
    """vote(user, poll_id, *choices) -> the response."""

    def _vote(user, poll_id, *choices, format="form"):
        data = {"choices": list(choices)} if format == "json" else {"choices[]": [str(c) for c in choices]}
        return api.post(f"/api/v1/polls/{poll_id}/votes", data, token=token_of(user), format=format)

    return _vote
