"""Pleroma's admin API: users (/api/v1/pleroma/admin/users...)."""
import pytest

from accounts.models import Account, User
from admin_api.models import AccountTag, AuditLogEntry, SuggestedAccount
from relationships.models import Follow
from tests.admin_api import pleroma_schemas as schemas
from tests.admin_api.conftest import remote_account
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/pleroma/admin"


def test_list_users_with_filters_query_and_pages(api, admin, admin_token):
    for name in ("alice", "alina", "bob"):
        make_user(name)
    make_user("waiting", approved=False)
    remote_account()
    response = api.get(f"{BASE}/users", {"page_size": 2}, token=admin_token)
    assert response.status_code == 200
    body = response.json()
    schemas.check(schemas.USERS_PAGE, body)
    assert body["count"] == 6 and body["page_size"] == 2 and len(body["users"]) == 2
    page3 = api.get(f"{BASE}/users", {"page_size": 2, "page": 3}, token=admin_token).json()
    assert len(page3["users"]) == 2
    assert {u["nickname"] for u in api.get(f"{BASE}/users", {"query": "ali"}, token=admin_token).json()["users"]} \
        == {"alice", "alina"}
    external = api.get(f"{BASE}/users", {"filters": "external"}, token=admin_token).json()["users"]
    assert [u["nickname"] for u in external] == ["faraway@remote.example"] and external[0]["local"] is False
    pending = api.get(f"{BASE}/users", {"filters": "local,need_approval"}, token=admin_token).json()["users"]
    assert [u["nickname"] for u in pending] == ["waiting"] and pending[0]["is_approved"] is False
    admins = api.get(f"{BASE}/users", {"filters": "is_admin"}, token=admin_token).json()["users"]
    assert [u["nickname"] for u in admins] == ["adminy"] and admins[0]["roles"]["admin"] is True
    assert api.get(f"{BASE}/users", {"filters": "nonsense"}, token=admin_token).status_code == 422
    assert api.get(f"{BASE}/users", {"page": "x"}, token=admin_token).status_code == 400
    # the older prefix answers the same
    assert api.get("/api/pleroma/admin/users", token=admin_token).json()["count"] == 6


def test_scopes_and_roles_are_checked(api, moderator):
    plain = make_user("plain")
    assert api.get(f"{BASE}/users").status_code == 401
    assert api.get(f"{BASE}/users", token=make_token(moderator, scopes="read")).status_code == 403
    assert api.get(f"{BASE}/users", token=make_token(plain, scopes="admin:read")).status_code == 403
    granular = make_token(moderator, scopes="admin:read:accounts")
    assert api.get(f"{BASE}/users", token=granular).status_code == 200
    # moderators may not delete users nor hand out roles (Mastodon's Moderator role)
    mod_token = make_token(moderator, scopes="admin:write")
    assert api.delete(f"{BASE}/users", {"nicknames": ["plain"]}, token=mod_token, format="json").status_code == 403
    response = api.post(f"{BASE}/users/plain/permission_group/moderator", token=mod_token)
    assert response.status_code == 403


def test_show_user_by_nickname_or_id(api, admin_token):
    carol = make_user("carol")
    far = remote_account()
    for key in ("carol", str(carol.account.id)):
        response = api.get(f"{BASE}/users/{key}", token=admin_token)
        assert response.status_code == 200
        schemas.check(schemas.USER, response.json())
        assert response.json()["nickname"] == "carol" and response.json()["email"] == "carol@example.com"
    assert api.get(f"{BASE}/users/faraway@remote.example", token=admin_token).json()["id"] == str(far.id)
    assert api.get(f"{BASE}/users/nobody", token=admin_token).status_code == 404


def test_create_many_users_all_or_nothing(api, admin_token):
    users = [{"nickname": "newone", "email": "newone@example.com", "password": "longpassword1"},
             {"nickname": "newtwo", "email": "newtwo@example.com", "password": "longpassword2"}]
    response = api.post(f"{BASE}/users", {"users": users}, token=admin_token, format="json")
    assert response.status_code == 200
    assert [entry["data"]["nickname"] for entry in response.json()] == ["newone", "newtwo"]
    assert User.objects.get(account__username="newone").check_password("longpassword1")
    taken = [{"nickname": "fresh", "email": "fresh@example.com", "password": "longpassword3"},
             {"nickname": "newone", "email": "other@example.com", "password": "longpassword4"}]
    assert api.post(f"{BASE}/users", {"users": taken}, token=admin_token, format="json").status_code == 422
    assert not Account.objects.filter(username="fresh").exists()
    assert api.post(f"{BASE}/users", {"users": "x"}, token=admin_token, format="json").status_code == 422
    assert AuditLogEntry.objects.filter(action="create", target_type="Account").count() == 2


def test_delete_users(api, admin, admin_token):
    victim = make_user("victim")
    token = make_token(victim)
    response = api.delete(f"{BASE}/users", {"nicknames": ["victim"]}, token=admin_token, format="json")
    assert response.status_code == 200 and response.json() == ["victim"]
    assert not Account.objects.filter(username="victim").exists()
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 401
    assert AuditLogEntry.objects.filter(action="destroy", summary="@victim").exists()
    # nobody deletes an equal role
    other = make_user("otheradmin", role="Admin")
    response = api.delete(f"{BASE}/users", {"nicknames": ["otheradmin"]}, token=admin_token, format="json")
    assert response.status_code == 403 and Account.objects.filter(pk=other.account.pk).exists()


def test_activation(api, admin_token):
    dave = make_user("dave")
    token = make_token(dave)
    response = api.patch(f"{BASE}/users/dave/toggle_activation", token=admin_token)
    assert response.status_code == 200
    schemas.check(schemas.USER, response.json())
    assert response.json()["is_active"] is False and response.json()["deactivated"] is True
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code in (401, 403)
    assert api.patch(f"{BASE}/users/dave/toggle_activation", token=admin_token).json()["is_active"] is True
    response = api.patch(f"{BASE}/users/deactivate", {"nicknames": ["dave"]}, token=admin_token, format="json")
    schemas.check(schemas.USER_BATCH, response.json())
    assert response.json()["user"][0]["is_active"] is False and User.objects.get(pk=dave.pk).disabled
    response = api.patch(f"{BASE}/users/activate", {"nicknames": ["dave"]}, token=admin_token, format="json")
    assert response.json()["user"][0]["is_active"] is True and not User.objects.get(pk=dave.pk).disabled
    assert set(AuditLogEntry.objects.filter(summary="@dave").values_list("action", flat=True)) == {"disable", "enable"}
    assert api.patch(f"{BASE}/users/activate", {"nicknames": []}, token=admin_token, format="json").status_code == 422


def test_approve_suggest_and_tags(api, admin_token):
    make_user("waiting", approved=False)
    make_user("star")
    response = api.patch(f"{BASE}/users/approve", {"nicknames": ["waiting"]}, token=admin_token, format="json")
    assert response.status_code == 200 and response.json()["user"][0]["is_approved"] is True
    assert User.objects.get(account__username="waiting").approved
    response = api.patch(f"{BASE}/users/suggest", {"nicknames": ["star"]}, token=admin_token, format="json")
    assert response.status_code == 200 and SuggestedAccount.objects.filter(account__username="star").exists()
    listed = api.get(f"{BASE}/users", {"filters": "is_suggested"}, token=admin_token).json()["users"]
    assert [u["nickname"] for u in listed] == ["star"]
    api.patch(f"{BASE}/users/unsuggest", {"nicknames": ["star"]}, token=admin_token, format="json")
    assert not SuggestedAccount.objects.exists()
    response = api.put(f"{BASE}/users/tag", {"nicknames": ["star"], "tags": ["mrf_tag:media-force-nsfw"]},
                       token=admin_token, format="json")
    assert response.status_code == 200
    assert api.get(f"{BASE}/users/star", token=admin_token).json()["tags"] == ["mrf_tag:media-force-nsfw"]
    tagged = api.get(f"{BASE}/users", {"tags[]": "mrf_tag:media-force-nsfw"}, token=admin_token).json()["users"]
    assert [u["nickname"] for u in tagged] == ["star"]
    api.delete(f"{BASE}/users/tag", {"nicknames": ["star"], "tags": ["mrf_tag:media-force-nsfw"]},
               token=admin_token, format="json")
    assert not AccountTag.objects.exists()


def test_permission_groups(api, admin, admin_token):
    make_user("erin")
    response = api.post(f"{BASE}/users/erin/permission_group/moderator", token=admin_token)
    assert response.status_code == 200 and response.json() == {"is_admin": False, "is_moderator": True}
    assert User.objects.get(account__username="erin").role.name == "Moderator"
    assert api.get(f"{BASE}/users/erin/permission_group", token=admin_token).json()["is_moderator"] is True
    # an Admin may make another Admin (not above their own role)...
    assert api.post(f"{BASE}/users/erin/permission_group/admin", token=admin_token).json()["is_admin"] is True
    # ...but then no longer act on them (equal role)
    assert api.delete(f"{BASE}/users/erin/permission_group/admin", token=admin_token).status_code == 403
    owner = make_user("boss", role="Owner")
    owner_token = make_token(owner, scopes="admin:read admin:write")
    response = api.delete(f"{BASE}/users/erin/permission_group/admin", token=owner_token)
    assert response.json() == {"is_admin": False, "is_moderator": True}
    api.delete(f"{BASE}/users/permission_group/moderator", {"nicknames": ["erin"]}, token=owner_token,
               format="json")
    assert User.objects.get(account__username="erin").role is None
    assert api.post(f"{BASE}/users/erin/permission_group/superuser", token=owner_token).status_code == 404
    assert api.post(f"{BASE}/users/boss/permission_group/admin", token=owner_token).status_code == 403
    assert AuditLogEntry.objects.filter(action="change_role").count() == 4


def test_password_reset_confirmation_and_follows(api, admin_token, mailoutbox, django_capture_on_commit_callbacks):
    frank = make_user("frank")
    token = make_token(frank)
    response = api.patch(f"{BASE}/users/force_password_reset", {"nicknames": ["frank"]}, token=admin_token,
                         format="json")
    assert response.status_code == 204
    assert not User.objects.get(pk=frank.pk).has_usable_password()
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 401
    new = make_user("newcomer", confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"{BASE}/users/resend_confirmation_email", {"nicknames": ["newcomer"]},
                             token=admin_token, format="json")
    assert response.status_code == 200 and any("newcomer@example.com" in m.to for m in mailoutbox)
    api.patch(f"{BASE}/users/confirm_email", {"nicknames": ["newcomer"]}, token=admin_token, format="json")
    assert User.objects.get(pk=new.pk).is_confirmed
    make_user("gina")
    response = api.post(f"{BASE}/users/follow", {"follower": "frank", "followed": "gina"}, token=admin_token,
                        format="json")
    assert response.status_code == 200 and response.json() == "ok"
    assert Follow.objects.filter(account=frank.account, target_account__username="gina").exists()
    api.post(f"{BASE}/users/unfollow", {"follower": "frank", "followed": "gina"}, token=admin_token, format="json")
    assert not Follow.objects.filter(account=frank.account).exists()
    assert api.post(f"{BASE}/users/follow", {"follower": "frank"}, token=admin_token).status_code == 400
