"""Pleroma's account credentials API: change_password, change_email, delete_account."""
import pytest
from oauth2_provider.models import get_access_token_model

from accounts.models import Account, User
from tests.factories import PASSWORD, make_token


def test_change_password(api, user, token):
    response = api.post("/api/pleroma/change_password", {"password": PASSWORD, "new_password": "new secret 123",
                                                         "new_password_confirmation": "new secret 123"}, token=token)
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "success"}
    assert User.objects.get(pk=user.pk).check_password("new secret 123")


@pytest.mark.parametrize("data, status, error", [
    ({"password": "wrong", "new_password": "new secret 123", "new_password_confirmation": "new secret 123"},
     403, "Invalid password."),
    ({"new_password": "new secret 123", "new_password_confirmation": "new secret 123"}, 403, "Invalid password."),
    ({"password": PASSWORD, "new_password": "new secret 123", "new_password_confirmation": "other"},
     400, "New password does not match confirmation."),
    ({"password": PASSWORD, "new_password": "", "new_password_confirmation": ""}, 400, "New password can't be blank."),
    ({"password": PASSWORD, "new_password": "short", "new_password_confirmation": "short"},
     400, "New password is too short (minimum is 8 characters)."),
])
def test_change_password_refused(api, user, token, data, status, error):
    response = api.post("/api/pleroma/change_password", data, token=token)
    assert (response.status_code, response.json()) == (status, {"error": error})
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_change_email(api, user, token, make_user):
    response = api.post("/api/pleroma/change_email", {"password": PASSWORD, "email": "new@example.com"}, token=token,
                        format="json")
    assert (response.status_code, response.json()) == (200, {"status": "success"})
    assert User.objects.get(pk=user.pk).email == "new@example.com"
    make_user("bob", email="bob@example.com")
    for data, status, error in [({"password": "nope", "email": "x@example.com"}, 403, "Invalid password."),
                                ({"password": PASSWORD, "email": "not-an-email"}, 400, "Email has invalid format."),
                                ({"password": PASSWORD, "email": ""}, 400, "Email can't be blank."),
                                ({"password": PASSWORD, "email": "BOB@example.com"}, 400,
                                 "Email has already been taken.")]:
        response = api.post("/api/pleroma/change_email", data, token=token)
        assert (response.status_code, response.json()) == (status, {"error": error}), data
    assert User.objects.get(pk=user.pk).email == "new@example.com"


@pytest.mark.parametrize("method", ["delete", "post"])
def test_delete_account(api, user, token, method):
    other_token = make_token(user)
    response = getattr(api, method)("/api/pleroma/delete_account", {"password": PASSWORD}, token=token,
                                    format="query")
    assert (response.status_code, response.json()) == (200, {"status": "success"})
    assert not get_access_token_model().objects.filter(user=user).exists()
    assert api.get("/api/v1/accounts/verify_credentials", token=other_token).status_code == 401
    user = User.objects.get(pk=user.pk)
    assert user.disabled
    account = Account.objects.get(pk=user.account_id)
    assert account.suspended_at is not None
    assert api.get(f"/api/v1/accounts/{account.id}").json()["suspended"] is True


def test_delete_account_with_wrong_password(api, user, token):
    response = api.delete("/api/pleroma/delete_account", {"password": "wrong"}, token=token, format="json")
    assert (response.status_code, response.json()) == (403, {"error": "Invalid password."})
    assert get_access_token_model().objects.filter(user=user).exists()
    assert Account.objects.get(pk=user.account_id).suspended_at is None


@pytest.mark.parametrize("path", ["/api/pleroma/change_password", "/api/pleroma/change_email",
                                  "/api/pleroma/delete_account"])
def test_lifecycle_refusals(api, user, path):
    assert api.post(path, {"password": PASSWORD}).status_code == 401
    response = api.post(path, {"password": PASSWORD}, token=make_token(user, scopes="read"))
    assert (response.status_code, response.json()) == (403, {"error": "This action is outside the authorized scopes"})
