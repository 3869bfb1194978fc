"""Confirming the e-mail address: the link, resending it, checking whether it happened."""
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.services import confirmation
from tests.accounts.helpers import confirmation_link, link_path
from tests.factories import make_app, make_token, make_user


@pytest.fixture
def signed_up(register):
    """A user who has just signed up: (user, their raw token)."""
    response = register()
    assert response.status_code == 200, response.content
    mail.outbox.clear()
    return User.objects.get(email="newbie@example.com"), response.json()["access_token"]


@pytest.fixture
def resend(api, django_capture_on_commit_callbacks):
    def call(token, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post("/api/v1/emails/confirmations", data, token=token)

    return call


def test_end_to_end_sign_up_confirm_and_verify_credentials(api, register):
    response = register()
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 403

    link = confirmation_link(mail.outbox[0])
    page = Client().get(link_path(link))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert b"confirmation-done" in page.content and b"newbie@example.com" in page.content

    response = api.get("/api/v1/accounts/verify_credentials", token=token)
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "newbie"
    user = User.objects.get(email="newbie@example.com")
    assert user.is_confirmed and user.confirmation_token is None


def test_link_works_once(register):
    register()
    path = link_path(confirmation_link(mail.outbox[0]))
    assert Client().get(path).status_code == 200
    again = Client().get(path)
    assert again.status_code == 404
    assert b"confirmation-invalid" in again.content


@pytest.mark.parametrize("query", ["", "?confirmation_token=", "?confirmation_token=nope",
                                   "?confirmation_token=%00abc", "?confirmation_token=" + "a" * 300,
                                   "?confirmation_token[]=x"])
def test_invalid_links(db, query):
    page = Client().get("/auth/confirmation" + query)
    assert page.status_code == 404
    assert b"invalid or has expired" in page.content


def test_expired_link(signed_up):
    user, _ = signed_up
    User.objects.filter(pk=user.pk).update(confirmation_sent_at=timezone.now() - timedelta(days=4))
    page = Client().get(f"/auth/confirmation?confirmation_token={user.confirmation_token}")
    assert page.status_code == 404
    user.refresh_from_db()
    assert not user.is_confirmed


def test_link_confirms_a_pending_new_address(db):
    user = make_user("mover", email="old@example.com")
    confirmation.request_confirmation(user, "new@example.com")
    user.refresh_from_db()
    assert user.email == "old@example.com" and user.unconfirmed_email == "new@example.com"
    assert Client().get(f"/auth/confirmation?confirmation_token={user.confirmation_token}").status_code == 200
    user.refresh_from_db()
    assert user.email == "new@example.com" and user.unconfirmed_email == ""


def test_confirmation_page_of_a_user_awaiting_approval(db):
    user = make_user("waiting", confirmed=False, approved=False)
    page = Client().get(f"/auth/confirmation?confirmation_token={user.confirmation_token}")
    assert page.status_code == 200
    assert b"approved by the moderators" in page.content


def test_resend_confirmation(api, signed_up, resend):
    user, token = signed_up
    old_token = user.confirmation_token
    response = resend(token)
    assert response.status_code == 200
    assert response.json() == {}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newbie@example.com"]
    user.refresh_from_db()
    assert user.confirmation_token != old_token
    # Only the newest link works.
    assert Client().get(f"/auth/confirmation?confirmation_token={old_token}").status_code == 404
    assert Client().get(link_path(confirmation_link(mail.outbox[0]))).status_code == 200
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 200


def test_resend_to_a_new_address(api, signed_up, resend):
    user, token = signed_up
    response = resend(token, email="Other@Example.com")
    assert response.status_code == 200
    assert mail.outbox[0].to == ["other@example.com"]
    Client().get(link_path(confirmation_link(mail.outbox[0])))
    user.refresh_from_db()
    assert user.email == "other@example.com" and user.is_confirmed


def test_resend_to_an_invalid_or_taken_address(signed_up, resend):
    _, token = signed_up
    make_user("someone", email="someone@example.com")
    for email, code in [("nope", "ERR_INVALID"), ("", "ERR_BLANK"), ("SOMEONE@example.com", "ERR_TAKEN")]:
        response = resend(token, email=email)
        assert response.status_code == 422
        assert response.json()["details"]["email"][0]["error"] == code
    assert mail.outbox == []


def test_resend_refused_once_confirmed(api, signed_up, resend):
    user, token = signed_up
    confirmation.confirm(user)
    response = resend(token)
    assert response.status_code == 403
    assert response.json() == {"error": "This method is only available while the e-mail is awaiting confirmation"}


def test_resend_only_from_the_app_that_signed_up(signed_up, resend):
    user, _ = signed_up
    other_token = make_token(user, app=make_app())
    response = resend(other_token)
    assert response.status_code == 403
    assert response.json() == {
        "error": "This method is only available to the application the user originally signed-up with"}


def test_resend_needs_the_users_token(api, app_token, db):
    assert api.post("/api/v1/emails/confirmations").status_code == 401
    response = api.post("/api/v1/emails/confirmations", token=app_token[1])
    assert response.status_code == 403
    assert response.json() == {
        "error": "This method is only available to the application the user originally signed-up with"}


def test_check_confirmation(api, signed_up, app_token):
    user, token = signed_up
    response = api.get("/api/v1/emails/check_confirmation", token=token)
    assert response.status_code == 200 and response.json() is False
    confirmation.confirm(user)
    assert api.get("/api/v1/emails/check_confirmation", token=token).json() is True
    assert api.get("/api/v1/emails/check_confirmation").status_code == 401
    assert api.get("/api/v1/emails/check_confirmation", token=app_token[1]).status_code == 422
