"""A user who may not use the API (disabled, suspended, unconfirmed, pending approval): their
tokens are refused on every route, not only the user-only ones; their refresh tokens mint
nothing; suspension revokes their tokens; and the one route an unconfirmed user needs
(checking the confirmation) still works for them."""
import pytest
from django.core.management import call_command
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from accounts.models import Account, User
from accounts.services.users import disable_user, suspend_account
from admin_api.services import take_action
from tests import factories
from tests.factories import PASSWORD

MESSAGES = {
    "disabled": "Your login is currently disabled",
    "suspended": "Your login is currently disabled",
    "unconfirmed": "Your login is missing a confirmed e-mail address",
    "pending": "Your login is currently pending approval",
}


def make_refused(user, state):
    if state == "disabled":
        User.objects.filter(pk=user.pk).update(disabled=True)
    elif state == "suspended":  # suspended without the service (old rows): still refused
        from django.utils import timezone

        Account.objects.filter(pk=user.account_id).update(suspended_at=timezone.now())
    elif state == "unconfirmed":
        User.objects.filter(pk=user.pk).update(confirmed_at=None)
    elif state == "pending":
        User.objects.filter(pk=user.pk).update(approved=False)


@pytest.fixture
def world(api, db):
    alice, bob = factories.make_user("alice"), factories.make_user("bob")
    alice_token, bob_token = factories.make_token(alice), factories.make_token(bob)
    assert api.post(f"/api/v1/accounts/{alice.account_id}/follow", token=bob_token).status_code == 200
    status = api.post("/api/v1/statuses", {"status": "for my followers", "visibility": "private"},
                      token=alice_token).json()
    return {"alice": alice, "bob": bob, "bob_token": bob_token, "status": status}


def reads(world):
    status_id, alice_id = world["status"]["id"], world["alice"].account_id
    return [
        ("GET", f"/api/v1/statuses/{status_id}", None),
        ("GET", f"/api/v1/statuses/{status_id}/context", None),
        ("GET", f"/api/v1/accounts/{alice_id}/statuses", None),
        ("GET", f"/api/v1/accounts/{alice_id}", None),
        ("GET", "/api/v2/search", {"q": world["status"]["url"]}),
        ("GET", "/api/v1/apps/verify_credentials", None),
        ("GET", "/api/v1/timelines/public", None),
        ("GET", "/api/v1/accounts/verify_credentials", None),
    ]


def test_a_working_token_reads_everything(api, world):
    for method, path, data in reads(world):
        assert api.request(method, path, data, token=world["bob_token"]).status_code == 200, path


@pytest.mark.parametrize("state", list(MESSAGES))
def test_a_refused_users_token_is_refused_everywhere(api, world, state):
    make_refused(world["bob"], state)
    for method, path, data in reads(world):
        response = api.request(method, path, data, token=world["bob_token"])
        assert response.status_code == 403, (path, response.content)
        assert response.json() == {"error": MESSAGES[state]}, path


@pytest.mark.parametrize("state", ["unconfirmed", "pending"])
def test_an_unconfirmed_user_still_checks_the_confirmation(api, db, state):
    user = factories.make_user("newbie")
    token = factories.make_token(user)
    make_refused(user, state)
    response = api.get("/api/v1/emails/check_confirmation", token=token)
    assert response.status_code == 200 and response.json() is (state == "pending")


def test_a_disabled_user_does_not_check_the_confirmation_either(api, db):
    user = factories.make_user("newbie", confirmed=False)
    token = factories.make_token(user)
    disable_user(user)
    assert api.get("/api/v1/emails/check_confirmation", token=token).status_code == 403


@pytest.fixture
def app(db):
    return factories.make_app(scopes="read write")


def password_grant(api, app, login="bob"):
    return api.post("/oauth/token", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                     "grant_type": "password", "username": login, "password": PASSWORD,
                                     "scope": "read"})


def refresh(api, app, refresh_token):
    return api.post("/oauth/token", {"client_id": app.client_id, "client_secret": app.plain_secret,
                                     "grant_type": "refresh_token", "refresh_token": refresh_token})


@pytest.mark.parametrize("how", ["disable", "suspend_without_revoking"])
def test_the_refresh_grant_mints_nothing_for_a_refused_user(api, world, app, how):
    first = password_grant(api, app).json()
    assert refresh(api, app, first["refresh_token"]).status_code == 200  # works while allowed
    second = get_refresh_token_model().objects.filter(user=world["bob"], revoked__isnull=True).get()
    if how == "disable":
        disable_user(world["bob"])
    else:
        from django.utils import timezone

        Account.objects.filter(pk=world["bob"].account_id).update(suspended_at=timezone.now())
    tokens_before = get_access_token_model().objects.filter(user=world["bob"]).count()
    response = refresh(api, app, second.token)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert get_access_token_model().objects.filter(user=world["bob"]).count() == tokens_before


def test_suspension_revokes_every_token(api, world, app):
    password_grant(api, app)
    assert get_access_token_model().objects.filter(user=world["bob"]).count() == 2
    suspend_account(world["bob"].account)
    assert not get_access_token_model().objects.filter(user=world["bob"]).exists()
    assert not get_refresh_token_model().objects.filter(user=world["bob"]).exists()
    assert api.get(f"/api/v1/statuses/{world['status']['id']}", token=world["bob_token"]).status_code == 401


def test_the_admin_apis_suspension_revokes_tokens_and_its_disable_refuses_them(api, world):
    owner = factories.make_user("owner", role="Owner")
    take_action(owner.account, world["bob"].account, "disable")
    assert api.get("/api/v1/timelines/public", token=world["bob_token"]).status_code == 403
    take_action(owner.account, world["bob"].account, "suspend")
    assert not get_access_token_model().objects.filter(user=world["bob"]).exists()


def test_the_accounts_command_disables_through_the_service(api, world):
    call_command("accounts", "modify", "bob", "--disable")
    world["bob"].refresh_from_db()
    assert world["bob"].disabled
    assert api.get("/api/v1/timelines/public", token=world["bob_token"]).status_code == 403
