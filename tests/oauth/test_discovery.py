"""GET /.well-known/oauth-authorization-server and /oauth/userinfo."""
from fedi import scopes
from tests.factories import make_token


def test_server_metadata(api, db):
    response = api.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "issuer": "http://127.0.0.1:8000/",
        "service_documentation": "https://docs.joinmastodon.org/",
        "authorization_endpoint": "http://127.0.0.1:8000/oauth/authorize",
        "token_endpoint": "http://127.0.0.1:8000/oauth/token",
        "app_registration_endpoint": "http://127.0.0.1:8000/api/v1/apps",
        "revocation_endpoint": "http://127.0.0.1:8000/oauth/revoke",
        "userinfo_endpoint": "http://127.0.0.1:8000/oauth/userinfo",
        "scopes_supported": scopes.ALL_SCOPES,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": ["authorization_code", "password", "client_credentials", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }
    assert {"profile", "read:statuses", "admin:write:reports"} <= set(body["scopes_supported"])
    cors = api.get("/.well-known/oauth-authorization-server", headers={"Origin": "https://x.example"})
    assert cors["Access-Control-Allow-Origin"] == "*"


def test_server_metadata_ignores_tokens(api, db):
    assert api.get("/.well-known/oauth-authorization-server", token="bogus").status_code == 200


def test_userinfo(api, user):
    user.account.display_name = "Alice A."
    user.account.save()
    token = make_token(user, scopes="profile")
    for method in (api.get, api.post):
        response = method("/oauth/userinfo", token=token)
        assert response.status_code == 200
        assert response.json() == {
            "iss": "http://127.0.0.1:8000/",
            "sub": "http://127.0.0.1:8000/users/alice",
            "name": "Alice A.",
            "preferred_username": "alice",
            "profile": "http://127.0.0.1:8000/@alice",
            "picture": "http://127.0.0.1:8000/static/avatars/original/missing.png",
        }


def test_userinfo_needs_the_profile_scope_and_a_user(api, user):
    assert api.get("/oauth/userinfo").status_code == 401
    response = api.get("/oauth/userinfo", token=make_token(user, scopes="read write"))
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    # (a 422 without details: tests/openapi.py checks it against the Error entity)
    app_token = make_token(None, scopes="profile")
    assert api.get("/oauth/userinfo", token=app_token).status_code == 422
