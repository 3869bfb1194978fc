"""The Django admin follows Mastodon's roles: what each staff member sees and does comes from
their role's permission flags only, and the role order holds as in the admin API (nobody
acts on themselves or on an equal or higher role, nobody grants or makes a role above their
own). Every change is POSTed through the real admin forms."""
import pytest
from django.contrib import admin as django_admin
from django.test import Client
from oauth2_provider.models import get_access_token_model

from accounts.models import Account, User, UserRole
from accounts.roles import find_role
from accounts.permissions import ADMIN_MODELS
from tests.factories import make_token, make_user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def user_form(target, **changes):
    """The fields of the user change form, as the page would send them back."""
    data = {"email": target.email, "unconfirmed_email": target.unconfirmed_email,
            "role": target.role_id or "", "locale": target.locale, "approved": "on" if target.approved else "",
            "default_privacy": target.default_privacy, "default_language": target.default_language or ""}
    if target.disabled:
        data["disabled"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value != ""}


def change_user(client, target, **changes):
    return client.post(f"/admin/accounts/user/{target.pk}/change/", user_form(target, **changes))


@pytest.fixture
def staff(db):
    return {"owner": make_user("owner", role="Owner"), "admin": make_user("admin", role="Admin"),
            "moderator": make_user("moderator", role="Moderator"), "plain": make_user("plain")}


def test_an_admin_cannot_make_themselves_owner(staff):
    admin = staff["admin"]
    response = change_user(signed_in(admin), admin, role=find_role("Owner").pk)
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.role.name == "Admin"


def test_an_admin_grants_roles_up_to_their_own_only(staff):
    client, plain = signed_in(staff["admin"]), staff["plain"]
    response = change_user(client, plain, role=find_role("Owner").pk)
    assert response.status_code == 200 and "role" in response.context["adminform"].form.errors
    plain.refresh_from_db()
    assert plain.role is None
    assert find_role("Owner").pk not in [role.pk for role in
                                         response.context["adminform"].form.fields["role"].queryset]
    for name in ("Moderator", "Admin"):  # up to an equal role, as Mastodon's validate_role_elevation
        response = change_user(client, plain, role=find_role(name).pk)
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        plain.refresh_from_db()
        assert plain.role.name == name


def test_an_admin_cannot_touch_an_owner(staff):
    client, owner = signed_in(staff["admin"]), staff["owner"]
    assert change_user(client, owner, email="mine@example.com").status_code == 403
    assert change_user(client, owner, disabled="on").status_code == 403
    page = client.get(f"/admin/accounts/user/{owner.pk}/change/")
    assert page.status_code == 200 and b'name="email"' not in page.content  # read-only
    response = client.post("/admin/accounts/user/", {"action": "disable", "_selected_action": [str(owner.pk)]})
    assert response.status_code == 302
    account_page = client.post(f"/admin/accounts/account/{owner.account_id}/change/",
                               {"display_name": "Hacked", "note": "", "fields": "[]"})
    assert account_page.status_code == 403
    owner.refresh_from_db()
    assert owner.email == "owner@example.com" and not owner.disabled
    assert Account.objects.get(pk=owner.account_id).display_name == ""
    assert client.post(f"/admin/accounts/user/{owner.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=owner.pk).exists()


def test_an_owner_may_act_on_an_admin(staff):
    client, admin = signed_in(staff["owner"]), staff["admin"]
    assert change_user(client, admin, email="new-admin@example.com", role=find_role("Moderator").pk
                       ).status_code == 302
    admin.refresh_from_db()
    assert admin.email == "new-admin@example.com" and admin.role.name == "Moderator"


def test_a_moderator_manages_users_below_them_but_not_roles(staff):
    moderator, plain = staff["moderator"], staff["plain"]
    client = signed_in(moderator)
    assert client.get("/admin/").status_code == 200  # their role's flags let them in
    assert client.get("/admin/accounts/user/").status_code == 200
    # A plain user: the e-mail changes, the role (no manage_roles) does not.
    response = change_user(client, plain, email="plain2@example.com", role=find_role("Admin").pk)
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.email == "plain2@example.com" and plain.role is None
    # Themselves, an Admin: read-only.
    assert change_user(client, moderator, role=find_role("Owner").pk).status_code == 403
    assert change_user(client, staff["admin"], disabled="on").status_code == 403
    staff["admin"].refresh_from_db()
    assert not staff["admin"].disabled
    # The bulk action skips whom they may not act on.
    ids = [str(user.pk) for user in (plain, staff["admin"], moderator)]
    client.post("/admin/accounts/user/", {"action": "disable", "_selected_action": ids})
    assert set(User.objects.filter(disabled=True).values_list("account__username", flat=True)) == {"plain"}


def test_the_disable_action_closes_the_users_access(staff):
    token = make_token(staff["plain"])
    client = signed_in(staff["moderator"])
    client.post("/admin/accounts/user/", {"action": "disable", "_selected_action": [str(staff["plain"].pk)]})
    assert Client().get("/api/v1/timelines/home", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403


def test_disabling_in_the_change_form_closes_the_users_streams(staff, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from streaming import groups

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(groups.account_system(staff["plain"].account_id), channel)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_user(signed_in(staff["moderator"]), staff["plain"], disabled="on")
    assert response.status_code == 302
    async def receive():
        import asyncio

        return await asyncio.wait_for(layer.receive(channel), 3)

    assert async_to_sync(receive)() == {"type": "stream.kill"}
    async_to_sync(layer.group_discard)(groups.account_system(staff["plain"].account_id), channel)


def test_suspending_in_the_account_page_revokes_tokens(staff):
    plain = staff["plain"]
    make_token(plain)
    client = signed_in(staff["owner"])
    form = client.get(f"/admin/accounts/account/{plain.account_id}/change/").context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()
            if name in form.fields and name not in ("avatar", "avatar_static", "header", "header_static")}
    data = {name: value for name, value in data.items() if value is not False}
    data.update({"suspended_at_0": "2026-01-01", "suspended_at_1": "00:00:00", "fields": "[]"})
    data.pop("suspended_at", None)
    response = client.post(f"/admin/accounts/account/{plain.account_id}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Account.objects.get(pk=plain.account_id).is_suspended
    assert not get_access_token_model().objects.filter(user=plain).exists()


@pytest.mark.parametrize("who, path, allowed", [
    ("moderator", "/admin/reports/report/", True),
    ("moderator", "/admin/instance/sitesettings/1/change/", False),
    ("moderator", "/admin/accounts/userrole/", False),
    ("moderator", "/admin/announcements/announcement/", False),
    ("admin", "/admin/accounts/userrole/", True),
    ("admin", "/admin/announcements/announcement/", True),
    ("admin", "/admin/oauth2_provider/accesstoken/", False),  # secrets: administrators only
    ("admin", "/admin/relationships/follow/", False),
    ("owner", "/admin/oauth2_provider/accesstoken/", True),
    ("owner", "/admin/relationships/follow/", True),
])
def test_each_page_needs_its_permission(staff, who, path, allowed):
    from instance.models import SiteSettings

    SiteSettings.load()
    status = signed_in(staff[who]).get(path).status_code
    assert (status == 200) is allowed, status


def test_the_index_lists_only_what_the_role_may_see(staff):
    index = signed_in(staff["moderator"]).get("/admin/").content
    assert b"/admin/accounts/user/" in index and b"/admin/reports/report/" in index
    assert b"/admin/oauth2_provider/" not in index and b"/admin/instance/sitesettings/" not in index


def test_django_superuser_groups_and_permissions_grant_nothing(db):
    from django.contrib.auth.models import Permission

    user = make_user("sneaky")
    user.is_superuser = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="change_user"))
    user = User.objects.get(pk=user.pk)
    assert not user.is_staff and not user.has_perm("accounts.change_user")
    assert signed_in(user).get("/admin/").status_code == 302  # to the sign-in page


def test_roles_are_edited_only_below_ones_own_and_never_raised_above_it(staff):
    client = signed_in(staff["admin"])
    admin_role, owner_role, moderator_role = find_role("Admin"), find_role("Owner"), find_role("Moderator")

    def role_form(role, **changes):
        data = {"name": role.name, "color": role.color, "permissions": role.permissions, "position": role.position}
        if role.highlighted:
            data["highlighted"] = "on"
        data.update(changes)
        return data

    # Their own role and the Owner's are read-only to an Admin.
    for role in (admin_role, owner_role):
        response = client.post(f"/admin/accounts/userrole/{role.pk}/change/",
                               role_form(role, permissions=UserRole.FLAGS["administrator"]))
        assert response.status_code == 403
    admin_role.refresh_from_db()
    assert not admin_role.permissions & UserRole.FLAGS["administrator"]
    # No new role above their own, nor with a permission they lack.
    too_high = client.post("/admin/accounts/userrole/add/", {"name": "Boss", "permissions": 0, "position": 5000})
    assert too_high.status_code == 200 and "position" in too_high.context["adminform"].form.errors
    too_strong = client.post("/admin/accounts/userrole/add/",
                             {"name": "Boss", "permissions": UserRole.FLAGS["administrator"], "position": 5})
    assert too_strong.status_code == 200 and "permissions" in too_strong.context["adminform"].form.errors
    assert not UserRole.objects.filter(name="Boss").exists()
    # A lower role is theirs to edit, within their own permissions.
    response = client.post(f"/admin/accounts/userrole/{moderator_role.pk}/change/",
                           role_form(moderator_role, color="#ff0000"))
    assert response.status_code == 302
    moderator_role.refresh_from_db()
    assert moderator_role.color == "#ff0000"


def test_every_admin_page_is_mapped_or_for_administrators_only(staff):
    """A page added later is for administrators only until ADMIN_MODELS says otherwise."""
    moderator = staff["moderator"]
    for model in django_admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label not in ADMIN_MODELS:
            assert not moderator.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"), label
            assert not staff["admin"].has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"), label
        assert staff["owner"].has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"), label
