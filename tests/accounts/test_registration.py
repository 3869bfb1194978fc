"""POST /api/v1/accounts: signing up through an app."""
import time
from datetime import date

import pytest
from django.core import mail
from oauth2_provider.models import get_access_token_model

from accounts.models import User
from tests.factories import make_app, make_token, make_user


def details(response):
    assert response.status_code == 422, response.content
    return {attr: [item["error"] for item in items] for attr, items in response.json()["details"].items()}


def test_sign_up_returns_a_user_token_for_the_app(api, app_token, register):
    app, _ = app_token
    before = int(time.time())
    response = register()
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "token_type", "scope", "created_at"}
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write follow push"
    assert before - 1 <= body["created_at"] <= int(time.time()) + 1

    user = User.objects.select_related("account").get(email="newbie@example.com")
    assert user.account.username == "newbie" and user.account.domain is None
    assert not user.is_confirmed and user.confirmation_token
    assert user.approved and user.locale == "en"
    assert user.created_by_application_id == app.pk
    assert user.sign_up_ip == "127.0.0.1"
    assert user.check_password("hunter2hunter2")
    token = get_access_token_model().objects.get(user=user)
    assert token.application_id == app.pk

    # The new token works, but user endpoints wait for the confirmed e-mail address.
    response = api.get("/api/v1/accounts/verify_credentials", token=body["access_token"])
    assert response.status_code == 403
    assert response.json() == {"error": "Your login is missing a confirmed e-mail address"}


def test_sign_up_sends_a_confirmation_email(register):
    assert register().status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newbie@example.com"]
    assert "Confirm" in message.subject
    user = User.objects.get(email="newbie@example.com")
    link = f"/auth/confirmation?confirmation_token={user.confirmation_token}"
    assert link in message.body
    assert message.alternatives[0][1] == "text/html" and link in message.alternatives[0][0]


def test_sign_up_with_a_json_body(register):
    response = register(format="json", agreement=True, username="jsonfan", email="json@example.com")
    assert response.status_code == 200, response.content
    assert User.objects.filter(account__username="jsonfan").exists()


@pytest.mark.parametrize("agreement", ["1", "true", "on", "yes", "TRUE"])
def test_agreement_accepts_boolean_forms(register, agreement):
    assert register(agreement=agreement).status_code == 200


@pytest.mark.parametrize("locale, stored", [("en-GB", "en-GB"), ("pt_br", "pt-BR"), ("zh-TW", "zh-TW"),
                                             ("de", "de"), ("sr-latn", "sr-Latn"), (None, "en")])
def test_supported_locales(register, locale, stored):
    assert register(locale=locale).status_code == 200
    assert User.objects.get(email="newbie@example.com").locale == stored


def test_email_is_stored_in_lower_case(register):
    assert register(email="  NewBie@Example.COM ").status_code == 200
    assert User.objects.filter(email="newbie@example.com").exists()


def test_user_token_with_write_accounts_may_sign_up_too(register, user):
    # As in Mastodon (doorkeeper_authorize! :write, :'write:accounts'): any token of the app.
    assert register(token=make_token(user, scopes="write:accounts")).status_code == 200


def test_sign_up_needs_a_token(api, db):
    response = api.post("/api/v1/accounts", {"username": "x", "email": "x@example.com", "password": "12345678",
                                             "agreement": "1"})
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}
    assert api.post("/api/v1/accounts", {}, token="not-a-token").status_code == 401
    assert not User.objects.exists()


@pytest.mark.parametrize("scopes", ["read", "write:statuses", "follow push"])
def test_sign_up_needs_write_accounts(register, scopes, user):
    for token in (make_token(None, scopes=scopes), make_token(user, scopes=scopes)):
        response = register(token=token)
        assert response.status_code == 403
        assert response.json() == {"error": "This action is outside the authorized scopes"}
    assert not User.objects.filter(email="newbie@example.com").exists()


@pytest.mark.parametrize("fields, attribute, code", [
    ({"username": ""}, "username", "ERR_BLANK"),
    ({"username": None}, "username", "ERR_BLANK"),
    ({"username": "no spaces"}, "username", "ERR_INVALID"),
    ({"username": "dash-ed"}, "username", "ERR_INVALID"),
    ({"username": "ünïcode"}, "username", "ERR_INVALID"),
    ({"username": "a" * 31}, "username", "ERR_TOO_LONG"),
    ({"username": "admin"}, "username", "ERR_RESERVED"),
    ({"username": "WebMaster"}, "username", "ERR_RESERVED"),
    ({"username": "api"}, "username", "ERR_RESERVED"),
    ({"email": ""}, "email", "ERR_BLANK"),
    ({"email": "not-an-email"}, "email", "ERR_INVALID"),
    ({"email": "two@at@example.com"}, "email", "ERR_INVALID"),
    ({"email": "nul\x00@example.com"}, "email", "ERR_INVALID"),
    ({"password": ""}, "password", "ERR_BLANK"),
    ({"password": "short"}, "password", "ERR_TOO_SHORT"),
    ({"password": "x" * 73}, "password", "ERR_TOO_LONG"),
    ({"agreement": "false"}, "agreement", "ERR_ACCEPTED"),
    ({"agreement": "0"}, "agreement", "ERR_ACCEPTED"),
    ({"agreement": None}, "agreement", "ERR_ACCEPTED"),
    ({"locale": "klingon"}, "locale", "ERR_INCLUSION"),
    ({"locale": "xx"}, "locale", "ERR_INCLUSION"),
    ({"locale": "en-GBR"}, "locale", "ERR_INCLUSION"),
    ({"reason": "x" * 421}, "reason", "ERR_TOO_LONG"),
    ({"reason": "nul\x00"}, "reason", "ERR_INVALID"),
])
def test_each_validation_error(register, fields, attribute, code):
    response = register(**fields)
    assert details(response) == {attribute: [code]}
    assert response.json()["error"].startswith("Validation failed: ")
    assert not User.objects.exists()
    assert mail.outbox == []


def test_username_and_email_taken_case_insensitively(register):
    make_user("Taken", email="taken@example.com")
    response = register(username="tAKEN", email="TAKEN@example.com")
    assert details(response) == {"username": ["ERR_TAKEN"], "email": ["ERR_TAKEN"]}
    assert "Username has already been taken" in response.json()["error"]


def test_remote_accounts_do_not_take_local_usernames(register):
    from accounts.models import Account

    Account.objects.create(username="newbie", domain="remote.example")
    assert register().status_code == 200


def test_several_errors_at_once(register):
    response = register(username="bad name!" + "x" * 30, email="nope", password="", agreement="false",
                        locale="zz")
    assert details(response) == {
        "username": ["ERR_INVALID", "ERR_TOO_LONG"],
        "email": ["ERR_INVALID"],
        "password": ["ERR_BLANK"],
        "agreement": ["ERR_ACCEPTED"],
        "locale": ["ERR_INCLUSION"],
    }
    body = response.json()
    assert body["error"] == (
        "Validation failed: Username must contain only letters, numbers and underscores, "
        "Username is too long (maximum is 30 characters), Email is invalid, Password can't be blank, "
        "Agreement must be accepted, Locale is not included in the list")
    assert body["details"]["password"] == [{"error": "ERR_BLANK", "description": "can't be blank"}]


def test_nothing_given(register):
    response = register(username=None, email=None, password=None, agreement=None, locale=None)
    assert details(response) == {"username": ["ERR_BLANK"], "email": ["ERR_BLANK"], "password": ["ERR_BLANK"],
                                 "agreement": ["ERR_ACCEPTED"]}


def test_odd_parameter_types_are_not_a_server_error(register):
    response = register(format="json", username=["a", "b"], email={"x": 1}, password=12345678, agreement=[])
    assert response.status_code == 422


def test_closed_registrations(register, site):
    site.registrations_mode = "none"
    site.save()
    response = register()
    assert response.status_code == 403
    assert response.json() == {"error": "This action is not allowed"}
    assert not User.objects.exists()


def test_approval_mode_creates_an_unapproved_user(register, site):
    site.registrations_mode = "approved"
    site.save()
    response = register(reason="I like the people here")
    assert response.status_code == 200
    user = User.objects.get(email="newbie@example.com")
    assert not user.approved and user.sign_up_reason == "I like the people here"
    assert len(mail.outbox) == 1


def test_approval_mode_with_required_reason(register, site):
    site.registrations_mode = "approved"
    site.require_invite_text = True
    site.save()
    assert details(register()) == {"reason": ["ERR_BLANK"]}
    assert details(register(reason="   ")) == {"reason": ["ERR_BLANK"]}
    assert register(reason="Let me in").status_code == 200


def test_reason_not_required_in_open_mode(register, site):
    site.require_invite_text = True
    site.save()
    assert register().status_code == 200


def test_date_of_birth_with_a_minimum_age(register, site):
    site.min_age = 16
    site.save()
    today = date.today()
    assert details(register()) == {"date_of_birth": ["ERR_BLANK"]}
    assert details(register(date_of_birth="yesterday")) == {"date_of_birth": ["ERR_INVALID"]}
    too_young = today.replace(year=today.year - 10).isoformat()
    assert details(register(date_of_birth=too_young)) == {"date_of_birth": ["ERR_BELOW_LIMIT"]}
    assert register(date_of_birth="1990-02-28").status_code == 200


def test_date_of_birth_ignored_without_a_minimum_age(register):
    assert register(date_of_birth="garbage").status_code == 200


def test_sixth_sign_up_from_one_ip_is_rate_limited(register):
    for number in range(5):
        response = register(username=f"user{number}", email=f"user{number}@example.com")
        assert response.status_code == 200, response.content
    response = register(username="user5", email="user5@example.com")
    assert response.status_code == 429
    assert response.json() == {"error": "Too many requests"}
    assert response["X-RateLimit-Remaining"] == "0"
    assert not User.objects.filter(email="user5@example.com").exists()


def test_a_token_per_app(register):
    other_app = make_app(scopes="read write")
    other_token = make_token(None, scopes="write:accounts", app=other_app)
    response = register(token=other_token)
    assert response.status_code == 200
    assert response.json()["scope"] == "read write"  # the app's scopes, as Mastodon gives
    user = User.objects.get(email="newbie@example.com")
    assert user.created_by_application_id == other_app.pk
