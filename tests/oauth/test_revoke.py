"""POST /oauth/revoke: Doorkeeper's rules."""
import base64
import json

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_app

REFUSED = {"error": "unauthorized_client", "error_description": "You are not authorized to revoke this token"}


@pytest.fixture
def app(db):
    return make_app()


def issue(api, app):
    return api.post("/oauth/token", {"grant_type": "password", "username": "alice", "password": PASSWORD,
                                     "client_id": app.client_id, "client_secret": app.plain_secret}).json()


def works(api, access_token):
    return api.get("/api/v1/accounts/verify_credentials", token=access_token).status_code == 200


@pytest.mark.parametrize("format", ["form", "json", "query"])
def test_revoke_access_token(api, app, user, format):
    token = issue(api, app)
    assert works(api, token["access_token"])
    response = api.post("/oauth/revoke", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                          "token": token["access_token"]}, format=format)
    assert response.status_code == 200
    assert response.json() == {}
    assert not works(api, token["access_token"])
    # Its refresh token went with it.
    refreshed = api.post("/oauth/token", {"grant_type": "refresh_token", "refresh_token": token["refresh_token"],
                                          "client_id": app.client_id, "client_secret": app.plain_secret})
    assert refreshed.status_code == 400
    # Idempotent.
    again = api.post("/oauth/revoke", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                       "token": token["access_token"]})
    assert again.status_code == 200 and again.json() == {}


def test_revoke_without_content_type_and_with_basic_auth(api, app, user):
    token = issue(api, app)["access_token"]
    body = json.dumps({"client_id": app.client_id, "client_secret": app.plain_secret, "token": token})
    assert Client().generic("POST", "/oauth/revoke", body, content_type="").status_code == 200
    assert not works(api, token)
    token = issue(api, app)["access_token"]
    basic = base64.b64encode(f"{app.client_id}:{app.plain_secret}".encode()).decode()
    response = api.post("/oauth/revoke", {"token": token}, headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200
    assert not works(api, token)


def test_revoke_refresh_token(api, app, user):
    token = issue(api, app)
    response = api.post("/oauth/revoke", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                          "token": token["refresh_token"]})
    assert response.status_code == 200
    assert not works(api, token["access_token"])


def test_unknown_token_is_fine(api, app):
    response = api.post("/oauth/revoke", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                          "token": "no-such-token"})
    assert response.status_code == 200 and response.json() == {}


def test_another_apps_token_is_refused(api, app, user):
    token = issue(api, app)["access_token"]
    other = make_app()
    response = api.post("/oauth/revoke", {"client_id": other.client_id, "client_secret": other.plain_secret,
                                          "token": token})
    assert response.status_code == 403
    assert response.json() == REFUSED
    assert works(api, token)


@pytest.mark.parametrize("client_id, secret", [("x", "y"), (None, None), ("own", "wrong")])
def test_bad_client_credentials_are_refused(api, app, user, client_id, secret):
    token = issue(api, app)["access_token"]
    data = {"token": token}
    if client_id:
        data.update(client_id=app.client_id if client_id == "own" else client_id, client_secret=secret)
    response = api.post("/oauth/revoke", data)
    assert response.status_code == 403
    assert response.json() == REFUSED
    assert works(api, token)
