"""POST /oauth/token: every grant, PKCE, errors, and every way clients send parameters."""
import base64
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_app
from tests.openapi import validate_response
from tests.oauth.helpers import authorize, code_from_redirect, pkce_pair, sign_in

CALLBACK = "https://client.example/callback"


@pytest.fixture
def app(db):
    return make_app(scopes="read write follow push", redirect_uris=f"{CALLBACK} urn:ietf:wg:oauth:2.0:oob")


def credentials(app, **params):
    return {"client_id": app.client_id, "client_secret": app.plain_secret, **params}


def get_code(app, user, **extra):
    client = sign_in(Client(), user)
    return code_from_redirect(authorize(client, app, redirect_uri=CALLBACK, **extra))


def verify_credentials(api, access_token):
    return api.get("/api/v1/accounts/verify_credentials", token=access_token)


def assert_token(body, scope):
    assert body["token_type"] == "Bearer"
    assert body["scope"] == scope
    assert isinstance(body["created_at"], int) and body["created_at"] > 1_600_000_000
    assert body["access_token"]
    assert "expires_in" not in body  # Mastodon's tokens do not expire


def test_authorization_code_grant(api, app, user):
    code = get_code(app, user, scope="read write")
    response = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                    redirect_uri=CALLBACK))
    assert response.status_code == 200, response.content
    body = response.json()
    assert_token(body, "read write")
    assert verify_credentials(api, body["access_token"]).json()["username"] == "alice"
    # A code works once.
    again = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                 redirect_uri=CALLBACK))
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_authorization_code_with_pkce(api, app, user):
    verifier, challenge = pkce_pair()
    code = get_code(app, user, code_challenge=challenge, code_challenge_method="S256")
    response = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                    redirect_uri=CALLBACK, code_verifier=verifier))
    assert response.status_code == 200, response.content
    assert_token(response.json(), "read")


def test_pkce_wrong_or_missing_verifier(api, app, user):
    verifier, challenge = pkce_pair()
    code = get_code(app, user, code_challenge=challenge, code_challenge_method="S256")
    wrong = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                 redirect_uri=CALLBACK, code_verifier=pkce_pair()[0]))
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    missing = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                   redirect_uri=CALLBACK))
    assert missing.status_code == 400
    assert missing.json()["error"] in ("invalid_request", "invalid_grant")


def test_wrong_secret_or_unknown_client(api, app, user):
    code = get_code(app, user)
    for client_id, secret in [(app.client_id, "wrong"), ("unknown", app.plain_secret), (app.client_id, ""),
                              ("", "")]:
        response = api.post("/oauth/token", {"grant_type": "authorization_code", "code": code,
                                             "redirect_uri": CALLBACK, "client_id": client_id,
                                             "client_secret": secret})
        assert response.status_code == 401, (client_id, secret)
        assert response.json() == {
            "error": "invalid_client",
            "error_description": "Client authentication failed due to unknown client, no client authentication "
                                 "included, or unsupported authentication method."}


def test_code_of_another_app_or_wrong_redirect_uri(api, app, user):
    code = get_code(app, user)
    other = make_app(redirect_uris=CALLBACK)
    response = api.post("/oauth/token", credentials(other, grant_type="authorization_code", code=code,
                                                    redirect_uri=CALLBACK))
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    response = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code=code,
                                                    redirect_uri="urn:ietf:wg:oauth:2.0:oob"))
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    response = api.post("/oauth/token", credentials(app, grant_type="authorization_code", code="nope",
                                                    redirect_uri=CALLBACK))
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("login", ["alice", "alice@example.com", "ALICE@EXAMPLE.COM"])
def test_password_grant_by_username_or_email(api, app, user, login):
    response = api.post("/oauth/token", credentials(app, grant_type="password", username=login,
                                                    password=PASSWORD, scope="read write"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert_token(body, "read write")
    assert body["refresh_token"]
    assert verify_credentials(api, body["access_token"]).status_code == 200


def test_password_grant_refusals(api, app, user, make_user):
    disabled = make_user("disabled")
    disabled.disabled = True
    disabled.save()
    for login, password in [("alice", "wrong"), ("nobody", PASSWORD), ("disabled", PASSWORD)]:
        response = api.post("/oauth/token", credentials(app, grant_type="password", username=login,
                                                        password=password))
        assert response.status_code == 400, login
        assert response.json()["error"] == "invalid_grant"


def test_default_scope_is_read(api, app, user):
    response = api.post("/oauth/token", credentials(app, grant_type="password", username="alice", password=PASSWORD))
    assert response.json()["scope"] == "read"


def test_scope_escalation_refused(api, user):
    app = make_app(scopes="read")
    for grant in [{"grant_type": "password", "username": "alice", "password": PASSWORD},
                  {"grant_type": "client_credentials"}]:
        response = api.post("/oauth/token", credentials(app, scope="read write", **grant))
        assert response.status_code == 400
        assert response.json() == {"error": "invalid_scope",
                                   "error_description": "The requested scope is invalid, unknown, or malformed."}
    # Granular scopes of a granted parent are fine.
    response = api.post("/oauth/token", credentials(app, grant_type="client_credentials", scope="read:statuses"))
    assert response.status_code == 200 and response.json()["scope"] == "read:statuses"


def test_client_credentials_grant(api, app):
    response = api.post("/oauth/token", credentials(app, grant_type="client_credentials", scope="read write"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert_token(body, "read write")
    assert "refresh_token" not in body
    assert api.get("/api/v1/apps/verify_credentials", token=body["access_token"]).json()["name"] == app.name
    # An app token is no user token.
    assert verify_credentials(api, body["access_token"]).status_code == 422


def test_client_credentials_with_basic_auth(api, app):
    basic = base64.b64encode(f"{app.client_id}:{app.plain_secret}".encode()).decode()
    response = api.post("/oauth/token", {"grant_type": "client_credentials"},
                        headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200, response.content


def test_refresh_token_grant(api, app, user):
    first = api.post("/oauth/token", credentials(app, grant_type="password", username="alice", password=PASSWORD,
                                                 scope="read write")).json()
    response = api.post("/oauth/token", credentials(app, grant_type="refresh_token",
                                                    refresh_token=first["refresh_token"]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert_token(body, "read write")
    assert body["access_token"] != first["access_token"]
    assert verify_credentials(api, body["access_token"]).status_code == 200
    assert verify_credentials(api, first["access_token"]).status_code == 401
    # Narrowing is fine, widening is not.
    narrower = api.post("/oauth/token", credentials(app, grant_type="refresh_token", scope="read",
                                                    refresh_token=body["refresh_token"]))
    assert narrower.status_code == 200 and narrower.json()["scope"] == "read"
    bad = api.post("/oauth/token", credentials(app, grant_type="refresh_token", refresh_token="nope"))
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("grant_type", ["", "implicit", "urn:ietf:params:oauth:grant-type:device_code", "bogus"])
def test_unsupported_grant_types(api, app, grant_type):
    response = api.post("/oauth/token", credentials(app, grant_type=grant_type))
    assert response.status_code == 400
    assert response.json()["error"] in ("unsupported_grant_type", "invalid_request")


def test_get_is_not_allowed(api, app):
    assert api.get("/oauth/token").status_code == 405


def password_grant(app):
    return credentials(app, grant_type="password", username="alice", password=PASSWORD, scope="read write")


@pytest.mark.parametrize("format", ["form", "json", "query"])
def test_parameters_as_form_json_or_query(api, app, user, format):
    response = api.post("/oauth/token", password_grant(app), format=format)
    assert response.status_code == 200, response.content
    assert_token(response.json(), "read write")


@pytest.mark.parametrize("encode", [urlencode, json.dumps], ids=["form", "json"])
def test_parameters_without_content_type(api, app, user, encode):
    response = Client().generic("POST", "/oauth/token", encode(password_grant(app)), content_type="")
    assert response.status_code == 200, response.content
    validate_response("POST", "/oauth/token", 200, response.json())
    assert_token(response.json(), "read write")


def test_json_with_scopes_as_a_list_and_odd_values(api, app, user):
    data = {**password_grant(app), "scope": ["read", "write"], "extra": None, "flag": True}
    response = api.post("/oauth/token", data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["scope"] == "read write"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe", b"grant_type=password&username=%00"])
def test_garbage_bodies_are_oauth_errors(api, app, body):
    response = Client().generic("POST", "/oauth/token", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
