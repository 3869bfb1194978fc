"""The Django admin: who may sign in, and the user actions."""
import pytest
from django.test import Client

from accounts.models import Account, User
from accounts.roles import find_role
from tests.factories import PASSWORD, make_user


def admin_login(login, password=PASSWORD):
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": login, "password": password,
                                                           "next": "/admin/"})
    return client, response


@pytest.mark.parametrize("login", ["boss@example.com", "boss", "BOSS"])
@pytest.mark.parametrize("role", ["Admin", "Owner"])
def test_admins_and_owners_sign_in(db, login, role):
    make_user("boss", email="boss@example.com", role=role)
    client, response = admin_login(login)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"/admin/accounts/user/" in index.content


def test_moderators_sign_in_too(db):
    # Their role's flags (manage_users, manage_reports...) open some pages to them.
    make_user("mod", email="mod@example.com", role="Moderator")
    client, response = admin_login("mod@example.com")
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ["Powerless", None])
def test_roles_without_staff_flags_and_users_are_refused(db, role):
    if role:
        from accounts.models import UserRole

        UserRole.objects.create(name=role, position=5, permissions=UserRole.FLAGS["invite_users"])
    make_user("mod", email="mod@example.com", role=role)
    client, response = admin_login("mod@example.com")
    assert response.status_code == 200  # the form again, with its error
    assert b"staff account" in response.content
    assert client.get("/admin/").status_code == 302


def test_wrong_password_and_disabled_admin_are_refused(db):
    boss = make_user("boss", email="boss@example.com", role="Admin")
    assert admin_login("boss", "wrong password")[1].status_code == 200
    boss.disabled = True
    boss.save()
    assert admin_login("boss")[1].status_code == 200


@pytest.fixture
def admin_client(db):
    make_user("boss", email="boss@example.com", role="Owner")
    client, response = admin_login("boss")
    assert response.status_code == 302
    return client


def test_user_and_account_pages(admin_client):
    user = make_user("someone", email="someone@example.com")
    changelist = admin_client.get("/admin/accounts/user/", {"q": "someone"})
    assert changelist.status_code == 200 and b"someone@example.com" in changelist.content
    assert admin_client.get("/admin/accounts/user/", {"q": "SOMEONE@example"}).status_code == 200
    assert admin_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200
    assert admin_client.get("/admin/accounts/user/add/").status_code == 403
    accounts = admin_client.get("/admin/accounts/account/", {"q": "someone"})
    assert accounts.status_code == 200 and b"someone" in accounts.content
    page = admin_client.get(f"/admin/accounts/account/{user.account_id}/change/")
    assert page.status_code == 200
    assert b'name="followers_count"' not in page.content  # counters are read-only
    assert admin_client.get("/admin/accounts/userrole/").status_code == 200


def test_user_actions(admin_client):
    pending = make_user("pending", confirmed=False, approved=False)
    other = make_user("other")
    ids = [str(pending.pk), str(other.pk)]
    for action in ["approve", "confirm", "disable"]:
        response = admin_client.post("/admin/accounts/user/", {"action": action, "_selected_action": ids})
        assert response.status_code == 302, action
    pending.refresh_from_db()
    other.refresh_from_db()
    assert pending.approved and pending.is_confirmed and pending.confirmation_token is None
    assert pending.disabled and other.disabled
    admin_client.post("/admin/accounts/user/", {"action": "enable", "_selected_action": ids})
    assert not User.objects.filter(disabled=True).exists()


def test_admins_cannot_disable_themselves(admin_client):
    boss = User.objects.get(email="boss@example.com")
    admin_client.post("/admin/accounts/user/", {"action": "disable", "_selected_action": [str(boss.pk)]})
    boss.refresh_from_db()
    assert not boss.disabled


def test_edit_a_user(admin_client):
    user = make_user("editme", email="editme@example.com")
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(email="edited@example.com", role=str(find_role("Owner").pk), approved="on", default_privacy="unlisted")
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.email == "edited@example.com" and user.role.name == "Owner"
    assert Account.objects.get(pk=user.account_id).username == "editme"
