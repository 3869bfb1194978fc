"""Pleroma's admin API: credentials, password reset links, MFA, restart, backups and chats."""
import pytest

from accounts.models import User
from admin_api.models import AuditLogEntry
from chats.models import ChatMessage
from chats.services import get_or_create_chat, post_message
from pleroma_api.models import Backup
from tests.admin_api import pleroma_schemas as schemas
from tests.admin_api.conftest import ADMIN_SCOPES
from tests.factories import make_token, make_user
from tests.pleroma_api.schemas import CHAT_MESSAGE

pytestmark = pytest.mark.django_db
BASE = "/api/v1/pleroma/admin"


def test_show_and_update_credentials(api, admin_token, moderator):
    target = make_user("creds")
    token = make_token(target)
    response = api.get(f"{BASE}/users/creds/credentials", token=admin_token)
    assert response.status_code == 200
    schemas.check(schemas.CREDENTIALS, response.json())
    assert response.json()["email"] == "creds@example.com"
    response = api.patch(f"{BASE}/users/creds/credentials",
                         {"name": "New Name", "bio": "hi there", "email": "new@example.com", "is_locked": True,
                          "default_scope": "unlisted", "actor_type": "Service", "password": "brand-new-secret"},
                         token=admin_token, format="json")
    assert response.status_code == 200 and response.json() == {"status": "success"}
    body = api.get(f"{BASE}/users/creds/credentials", token=admin_token).json()
    assert (body["name"], body["bio"], body["email"], body["is_locked"], body["default_scope"],
            body["actor_type"]) == ("New Name", "hi there", "new@example.com", True, "unlisted", "Service")
    user = User.objects.get(pk=target.pk)
    assert user.check_password("brand-new-secret")
    # a new password ends the user's sessions
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 401
    assert {"update", "reset_password"} <= set(AuditLogEntry.objects.values_list("action", flat=True))
    bad = api.patch(f"{BASE}/users/creds/credentials", {"email": "not-an-address", "default_scope": "x"},
                    token=admin_token, format="json")
    assert bad.status_code == 422
    # Mastodon's Moderator may not change e-mails or passwords (manage_user_access)
    mod_token = make_token(moderator, scopes=ADMIN_SCOPES)
    assert api.patch(f"{BASE}/users/creds/credentials", {"name": "x"}, token=mod_token,
                     format="json").status_code == 403
    assert api.get(f"{BASE}/users/creds/credentials", token=mod_token).status_code == 200
    assert api.get(f"{BASE}/users/creds/credentials", token=make_token(moderator, scopes="read")).status_code == 403
    assert api.get(f"{BASE}/users/nobody/credentials", token=admin_token).status_code == 404


def test_nobody_changes_an_equal_or_higher_role(api, admin, admin_token):
    make_user("peer", role="Admin")
    assert api.patch(f"{BASE}/users/peer/credentials", {"name": "x"}, token=admin_token,
                     format="json").status_code == 403
    assert api.get(f"{BASE}/users/peer/password_reset", token=admin_token).status_code == 403
    assert api.patch(f"{BASE}/users/adminy/credentials", {"name": "me"}, token=admin_token,
                     format="json").status_code == 403


def test_password_reset_link_sets_a_new_password_once(api, admin_token, client):
    target = make_user("forgetful")
    response = api.get(f"{BASE}/users/forgetful/password_reset", token=admin_token)
    assert response.status_code == 200
    body = response.json()
    schemas.check(schemas.PASSWORD_RESET, body)
    path = body["link"].split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and b"new password" in page.content.lower()
    short = client.post("/auth/password/edit", {"reset_password_token": body["token"], "password": "x",
                                                "password_confirmation": "x"})
    assert short.status_code == 422
    done = client.post("/auth/password/edit", {"reset_password_token": body["token"], "password": "a-new-password",
                                               "password_confirmation": "a-new-password"})
    assert done.status_code == 302
    assert User.objects.get(pk=target.pk).check_password("a-new-password")
    # the link worked once: the password it was made for is gone
    assert client.get(f"/{path}").status_code == 400
    assert client.get("/auth/password/edit?reset_password_token=1-nonsense").status_code == 400


def test_disable_mfa_and_restart(api, admin_token, moderator):
    make_user("twofa")
    response = api.put(f"{BASE}/users/disable_mfa", {"nickname": "twofa"}, token=admin_token, format="json")
    assert response.status_code == 200 and response.json() == "twofa"
    assert api.put(f"{BASE}/users/disable_mfa", {"nickname": "ghost"}, token=admin_token,
                   format="json").status_code == 404
    mod_token = make_token(moderator, scopes=ADMIN_SCOPES)
    assert api.put(f"{BASE}/users/disable_mfa", {"nickname": "twofa"}, token=mod_token,
                   format="json").status_code == 403
    assert api.get(f"{BASE}/restart", token=admin_token).json() == {}
    assert api.get(f"{BASE}/restart", token=mod_token).status_code == 403
    assert api.get(f"{BASE}/restart", token=make_token(moderator, scopes="admin:read")).status_code == 403


def test_backup_of_a_user_by_staff(api, admin_token, moderator, django_capture_on_commit_callbacks):
    target = make_user("backedup")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{BASE}/backups", {"nickname": "backedup"}, token=admin_token, format="json")
        assert response.status_code == 200 and response.json() == ""
        # staff are not held to the user's one backup a day
        assert api.post(f"{BASE}/backups", {"nickname": "backedup"}, token=admin_token,
                        format="json").status_code == 200
    backups = Backup.objects.filter(account=target.account)
    assert backups.count() == 2 and {backup.state for backup in backups} == {"complete"}
    assert AuditLogEntry.objects.filter(action="create_backup").count() == 2
    assert api.post(f"{BASE}/backups", {"nickname": "backedup"}, token=make_token(moderator, scopes=ADMIN_SCOPES),
                    format="json").status_code == 403
    assert api.post(f"{BASE}/backups", {"nickname": "nobody"}, token=admin_token, format="json").status_code == 404


def test_chats_shown_and_messages_deleted_by_staff(api, admin_token, moderator, django_assert_max_num_queries):
    alice, bob, carol = make_user("alicec"), make_user("bobc"), make_user("carolc")
    chat = get_or_create_chat(alice.account, bob.account)
    first = post_message(chat, "hello bob")
    bobs_chat = get_or_create_chat(bob.account, alice.account)
    reply = post_message(bobs_chat, "hi alice")
    post_message(get_or_create_chat(alice.account, carol.account), "hello carol")
    response = api.get(f"{BASE}/chats/{chat.id}", token=admin_token)
    assert response.status_code == 200
    schemas.check(schemas.ADMIN_CHAT, response.json())
    assert (response.json()["sender"]["acct"], response.json()["receiver"]["acct"]) == ("alicec", "bobc")
    with django_assert_max_num_queries(14):
        listed = api.get(f"{BASE}/users/alicec/chats", token=admin_token)
    assert listed.status_code == 200 and len(listed.json()) == 2
    for item in listed.json():
        schemas.check(schemas.ADMIN_CHAT, item)
    assert api.get(f"{BASE}/users/{alice.account.id}/chats", token=admin_token).json() == listed.json()
    messages = api.get(f"{BASE}/chats/{chat.id}/messages", token=admin_token)
    assert [m["content"] for m in messages.json()] == ["hi alice", "hello bob"]
    for item in messages.json():
        schemas.check(CHAT_MESSAGE, item)
    # deleting bob's message from alice's chat removes it for both sides
    deleted = api.delete(f"{BASE}/chats/{chat.id}/messages/{reply.id}", token=admin_token)
    assert deleted.status_code == 200 and deleted.json()["id"] == str(reply.id)
    assert not ChatMessage.objects.filter(pk=reply.pk).exists()
    assert ChatMessage.objects.filter(pk=first.pk).exists()
    assert AuditLogEntry.objects.filter(action="chat_message_delete", target_id=str(reply.id)).exists()
    assert api.delete(f"{BASE}/chats/{chat.id}/messages/{reply.id}", token=admin_token).status_code == 404
    assert api.get(f"{BASE}/chats/424242", token=admin_token).status_code == 404
    assert api.get(f"{BASE}/chats/x/messages", token=admin_token).status_code == 404
    plain = make_token(carol, scopes=ADMIN_SCOPES)
    assert api.get(f"{BASE}/chats/{chat.id}", token=plain).status_code == 403
    mod = make_token(moderator, scopes="admin:read:chats")
    assert api.get(f"{BASE}/chats/{chat.id}/messages", token=mod).status_code == 200
    assert api.delete(f"{BASE}/chats/{chat.id}/messages/{first.id}", token=mod).status_code == 403


def _instance(body):
    return {pair["tuple"][0]: pair["tuple"][1] for pair in body["configs"][0]["value"]}


def test_config_covers_the_instance_settings_and_limits(api, admin_token, moderator):
    from instance.models import SiteSettings

    config = api.get(f"{BASE}/config", token=admin_token).json()
    schemas.check(schemas.CONFIG, config)
    values = _instance(config)
    assert values[":limit"] == 500 and values[":registrations_open"] is True
    assert {":name", ":description", ":email", ":languages", ":poll_limits", ":max_pinned_statuses"} <= set(values)
    change = {"configs": [{"group": ":pleroma", "key": ":instance", "value": [
        {"tuple": [":name", "Renamed"]}, {"tuple": [":languages", ["en", "FR"]]}, {"tuple": [":min_age", 16]},
        {"tuple": [":account_approval_required", True]}, {"tuple": [":registration_reason_required", True]},
        {"tuple": [":contact_username", "adminy"]}, {"tuple": [":limit", 500]}]}]}
    response = api.post(f"{BASE}/config", change, token=admin_token, format="json")
    assert response.status_code == 200
    site = SiteSettings.load()
    assert (site.title, site.languages, site.min_age, site.registrations_mode, site.require_invite_text,
            site.contact_username) == ("Renamed", ["en", "fr"], 16, "approved", True, "adminy")
    assert api.get("/api/v2/instance").json()["title"] == "Renamed"
    for bad in ([":limit", 5000], [":languages", ["klingon"]], [":min_age", "x"], [":status_page", "not a url"],
                [":nonsense", 1], [":email", "not-an-address"]):
        body = {"configs": [{"group": ":pleroma", "key": ":instance", "value": [{"tuple": bad}]}]}
        assert api.post(f"{BASE}/config", body, token=admin_token, format="json").status_code == 422, bad
    assert SiteSettings.load().title == "Renamed"
    descriptions = api.get(f"{BASE}/config/descriptions", token=admin_token).json()
    children = {child["key"]: child for child in descriptions[0]["children"]}
    assert set(children) == set(values) and all(child["description"] for child in children.values())
    mod_token = make_token(moderator, scopes=ADMIN_SCOPES)
    assert api.get(f"{BASE}/config", token=mod_token).status_code == 403
    assert api.post(f"{BASE}/config", change, token=mod_token, format="json").status_code == 403


def test_rules_reload_emoji_and_deleting_an_instance(api, admin_token, moderator):
    from accounts.models import Account
    from instance.models import Rule
    from tests.admin_api.conftest import remote_account

    created = api.post(f"{BASE}/rules", {"text": "Be kind", "hint": "really", "priority": 2}, token=admin_token)
    assert created.status_code == 200
    rule = created.json()
    assert (rule["text"], rule["hint"], rule["priority"]) == ("Be kind", "really", 2)
    assert api.get("/api/v1/instance/rules").json()[0]["text"] == "Be kind"
    changed = api.patch(f"{BASE}/rules/{rule['id']}", {"text": "Be very kind"}, token=admin_token).json()
    assert changed["text"] == "Be very kind" and changed["hint"] == "really"
    assert [r["id"] for r in api.get(f"{BASE}/rules", token=admin_token).json()] == [rule["id"]]
    assert api.post(f"{BASE}/rules", {"text": " "}, token=admin_token).status_code == 422
    mod_token = make_token(moderator, scopes=ADMIN_SCOPES)
    assert api.post(f"{BASE}/rules", {"text": "x"}, token=mod_token).status_code == 403
    assert api.delete(f"{BASE}/rules/{rule['id']}", token=admin_token).status_code == 200
    assert not Rule.objects.exists()
    assert api.delete(f"{BASE}/rules/{rule['id']}", token=admin_token).status_code == 404
    assert api.post(f"{BASE}/reload_emoji", token=admin_token).json() == "ok"
    remote_account("one", "doomed.example")
    remote_account("two", "sub.doomed.example")
    remote_account("kept", "fine.example")
    assert api.delete(f"{BASE}/instances/doomed.example", token=mod_token).status_code == 403
    response = api.delete(f"{BASE}/instances/doomed.example", token=admin_token)
    assert response.status_code == 200 and response.json() == "doomed.example"
    assert list(Account.objects.filter(domain__isnull=False).values_list("domain", flat=True)) == ["fine.example"]
    assert AuditLogEntry.objects.filter(action="delete_instance", target_type="Instance").exists()
