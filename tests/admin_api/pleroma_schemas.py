"""JSON schemas of Pleroma's admin API answers (written from the Pleroma seed's admin section)."""
from tests.pleroma_api.schemas import check  # noqa: F401  (tests import it from here)

STRING = {"type": "string"}
STRING_OR_NULL = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}


def _object(properties, required=None):
    return {"type": "object", "properties": properties, "required": list(required or properties)}


USER = _object({
    "id": STRING, "nickname": STRING, "deactivated": BOOL, "is_active": BOOL, "email": STRING_OR_NULL,
    "avatar": STRING, "display_name": STRING, "roles": _object({"admin": BOOL, "moderator": BOOL}),
    "tags": {"type": "array", "items": STRING}, "local": BOOL, "is_confirmed": BOOL, "is_approved": BOOL,
    "url": STRING, "registration_reason": STRING_OR_NULL,
    "actor_type": {"enum": ["Person", "Service", "Group", "Application", "Organization"]},
    "created_at": STRING,
})
USERS_PAGE = _object({"users": {"type": "array", "items": USER}, "count": INT, "page_size": INT})
USER_BATCH = _object({"user": {"type": "array", "items": USER}})
NOTE = _object({"id": STRING, "user_id": STRING_OR_NULL, "content": STRING, "created_at": STRING,
                "user": {"type": ["object", "null"]}})
REPORT = _object({
    "id": STRING, "state": {"enum": ["open", "closed", "resolved"]},
    "account": {**USER, "type": "object"}, "actor": {**USER, "type": "object"}, "content": STRING,
    "created_at": STRING, "statuses": {"type": "array", "items": {"type": "object"}},
    "notes": {"type": "array", "items": NOTE}, "rules": {"type": "array"},
})
REPORTS_PAGE = _object({"reports": {"type": "array", "items": REPORT}, "total": INT})
INVITE = _object({"id": STRING, "token": STRING, "used": BOOL, "expires_at": STRING_OR_NULL, "uses": INT,
                  "max_use": {"type": ["integer", "null"]},
                  "invite_type": {"enum": ["one_time", "reusable", "date_limited", "reusable_date_limited"]}})
INVITES = _object({"invites": {"type": "array", "items": INVITE}})
APP = _object({"id": INT, "name": STRING, "client_id": STRING, "client_secret": STRING, "redirect_uri": STRING,
               "website": STRING_OR_NULL, "trusted": BOOL})
APPS_PAGE = _object({"apps": {"type": "array", "items": APP}, "count": INT, "page_size": INT})
CONFIG = _object({"configs": {"type": "array", "items": _object({
    "group": STRING, "key": STRING, "value": {"type": "array", "items": _object({"tuple": {
        "type": "array", "minItems": 2, "maxItems": 2}})}, "db": {"type": "array"}})}, "need_reboot": BOOL})
STATUSES_PAGE = _object({"statuses": {"type": "array", "items": {"type": "object"}}, "total": INT})
MODERATION_LOG = _object({"items": {"type": "array", "items": _object(
    {"id": STRING, "time": INT, "message": STRING, "data": {"type": "object"}})}, "total": INT})
ANNOUNCEMENT = {"type": "object", "required": ["id", "content", "pleroma"],
                "properties": {"pleroma": _object({"raw_content": STRING})}}
CREDENTIALS = _object({
    "id": STRING, "nickname": STRING, "name": STRING, "bio": STRING, "email": STRING,
    "fields": {"type": "array"}, "raw_fields": {"type": "array"}, "is_locked": BOOL, "no_rich_text": BOOL,
    "default_scope": {"enum": ["public", "unlisted", "private", "direct"]}, "hide_follows": BOOL,
    "hide_followers": BOOL, "hide_followers_count": BOOL, "hide_follows_count": BOOL, "hide_favorites": BOOL,
    "allow_following_move": BOOL, "show_role": BOOL, "skip_thread_containment": BOOL,
    "pleroma_settings_store": {"type": "object"}, "is_discoverable": BOOL,
    "actor_type": {"enum": ["Person", "Service", "Group", "Application"]}, "avatar": STRING, "banner": STRING,
    "background": STRING_OR_NULL,
})
PASSWORD_RESET = _object({"token": STRING, "link": STRING})
# AdminAPI.ChatView: the client's Chat with `account` replaced by `sender` (the owner) and `receiver`.
ADMIN_CHAT = {**_object({
    "id": STRING, "sender": {"type": "object", "required": ["id", "acct"]},
    "receiver": {"type": "object", "required": ["id", "acct"]}, "unread": INT,
    "last_message": {"type": ["object", "null"]}, "updated_at": STRING}), "additionalProperties": False}
