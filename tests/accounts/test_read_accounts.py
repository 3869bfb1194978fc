import pytest

from tests.factories import make_app, make_token


def test_verify_credentials_returns_credential_account(api, user, token):
    response = api.get("/api/v1/accounts/verify_credentials", token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(user.account_id)
    assert body["username"] == "alice"
    assert body["acct"] == "alice"
    assert body["source"]["privacy"] == "public"
    assert body["role"]["id"] == "-99"
    assert body["avatar"].startswith("http") and body["header"].startswith("http")
    assert body["created_at"].endswith("T00:00:00.000Z")


def test_verify_credentials_needs_a_token(api, user):
    response = api.get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_verify_credentials_with_a_bad_token(api, user):
    response = api.get("/api/v1/accounts/verify_credentials", token="nope")
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_verify_credentials_outside_scopes(api, user):
    token = make_token(user, scopes="write")
    response = api.get("/api/v1/accounts/verify_credentials", token=token)
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}


@pytest.mark.parametrize("scopes", ["read", "read:accounts", "profile"])
def test_verify_credentials_granting_scopes(api, user, scopes):
    token = make_token(user, scopes=scopes)
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 200


def test_app_token_on_user_endpoint(api, db):
    token = make_token(None, scopes="read")
    response = api.get("/api/v1/accounts/verify_credentials", token=token)
    assert response.status_code == 422
    assert response.json() == {"error": "This method requires an authenticated user"}


def test_unconfirmed_unapproved_disabled(api, make_user):
    unconfirmed = make_user("unconfirmed", confirmed=False)
    response = api.get("/api/v1/accounts/verify_credentials", token=make_token(unconfirmed))
    assert response.status_code == 403
    assert response.json()["error"] == "Your login is missing a confirmed e-mail address"
    pending = make_user("pending", approved=False)
    response = api.get("/api/v1/accounts/verify_credentials", token=make_token(pending))
    assert response.json()["error"] == "Your login is currently pending approval"
    disabled = make_user("disabled")
    disabled.disabled = True
    disabled.save()
    response = api.get("/api/v1/accounts/verify_credentials", token=make_token(disabled))
    assert response.status_code == 403
    assert response.json()["error"] == "Your login is currently disabled"


def test_get_account_public(api, user):
    response = api.get(f"/api/v1/accounts/{user.account_id}")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert "source" not in response.json()


def test_get_account_not_found(api, db):
    for account_id in ["123", "abc", "99999999999999999999999999"]:
        response = api.get(f"/api/v1/accounts/{account_id}")
        assert response.status_code == 404
        assert response.json() == {"error": "Record not found"}


def test_lookup(api, user):
    assert api.get("/api/v1/accounts/lookup", {"acct": "alice"}).json()["id"] == str(user.account_id)
    assert api.get("/api/v1/accounts/lookup", {"acct": "@ALICE"}).json()["id"] == str(user.account_id)
    assert api.get("/api/v1/accounts/lookup", {"acct": "alice@127.0.0.1:8000"}).status_code == 200
    assert api.get("/api/v1/accounts/lookup", {"acct": "bob"}).status_code == 404
    response = api.get("/api/v1/accounts/lookup")
    assert response.status_code == 400
    assert "acct" in response.json()["error"]
