"""Who is streaming and what: token authentication, scope checks, and the streams
(Mastodon's channels) a connection may subscribe to.

Mirrors Mastodon's streaming server (streaming/index.js): every stream needs a user token
(since Mastodon 4.2); the public and hashtag streams need no particular scope, `user:notification`
needs `read` or `read:notifications`, every other stream `read` or `read:statuses`; the `user`
stream carries notifications only when the token may read them. Errors carry Mastodon's
messages and HTTP statuses.

Everything here is synchronous (it reads the database): async callers wrap it with
channels.db.database_sync_to_async.
"""
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from fedi import scopes as scope_model
from fedi.auth import find_access_token, note_activity, user_refusal
from streaming import groups
from feeds.models import List

PUBLIC_STREAMS = {
    # stream: (scope of statuses, only media)
    "public": (None, False),
    "public:media": (None, True),
    "public:local": ("local", False),
    "public:local:media": ("local", True),
    "public:remote": ("remote", False),
    "public:remote:media": ("remote", True),
}
HASHTAG_STREAMS = ("hashtag", "hashtag:local")
# Streams that need no particular scope (any user token will do).
PUBLIC_CHANNELS = tuple(PUBLIC_STREAMS) + HASHTAG_STREAMS
STREAMS = PUBLIC_CHANNELS + ("user", "user:notification", "user:pleroma_chat", "list", "direct")

TRUTHY = {"1", "t", "true", "y", "yes", "on"}


class StreamError(Exception):
    """A refused connection or subscription: Mastodon's message and HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Viewer:
    """The user behind a streaming connection."""

    account: object
    token_id: int
    scopes: frozenset = field(default_factory=frozenset)  # the token's scopes, expanded

    @property
    def account_id(self):
        return self.account.id

    def may(self, *scopes):
        return any(scope in self.scopes for scope in scopes)


@dataclass
class Subscription:
    """One subscribed stream: the `stream` array its events carry, the groups it listens
    on, and how statuses are filtered for it (the viewer's filter context)."""

    stream: list
    groups: tuple
    filter_context: str | None = None

    @property
    def key(self):
        # As Mastodon keys subscriptions by their Redis channels: subscribing twice to the
        # same channels is a no-op.
        return self.groups


# --- Authentication ----------------------------------------------------------------------

def token_from_headers(headers, query, subprotocols=()):
    """The raw token of a request: `Authorization: Bearer`, else the `access_token` query
    parameter, else the `Sec-WebSocket-Protocol` header (as Mastodon reads them).

    headers: {lowercase name: value}; query: {name: [values]}."""
    authorization = headers.get("authorization", "")
    if authorization:
        token = authorization[7:] if authorization[:7].lower() == "bearer " else authorization
        return token.strip() or None
    values = query.get("access_token") or []
    if values and values[0].strip():
        return values[0].strip()
    if subprotocols:
        return str(subprotocols[0]).strip() or None
    return None


def scope_token(scope):
    """The raw token of an ASGI (WebSocket) scope."""
    headers = {}
    for name, value in scope.get("headers") or []:
        headers[name.decode("latin1").lower()] = value.decode("latin1")
    return token_from_headers(headers, query_params(scope), scope.get("subprotocols") or [])


def query_params(scope):
    return parse_qs((scope.get("query_string") or b"").decode("utf-8", "replace"), keep_blank_values=True)


def authenticate(raw_token):
    """The Viewer of a raw token, or StreamError (401) as Mastodon answers."""
    if not raw_token:
        raise StreamError("Missing access token", 401)
    token = find_access_token(raw_token)
    if token is None or token.user_id is None or user_refusal(token.user) is not None:
        raise StreamError("Invalid access token", 401)
    note_activity(token.user)
    return Viewer(account=token.user.account, token_id=token.id,
                  scopes=frozenset(scope_model.expand(scope_model.parse(token.scope))))


def check_scopes(viewer, stream):
    if stream in PUBLIC_CHANNELS:
        return
    needed = {"user:notification": ("read", "read:notifications"),
              "user:pleroma_chat": ("read", "read:chats")}.get(stream, ("read", "read:statuses"))
    if not viewer.may(*needed):
        raise StreamError("Access token does not have the required scopes", 401)


# --- Streams -----------------------------------------------------------------------------

def truthy(value):
    """Mastodon's isTruthy for a parameter (a JSON message may send a real boolean)."""
    if isinstance(value, bool):
        return value
    value = first(value)
    return value is not None and value.strip().lower() in TRUTHY


def first(value):
    """Mastodon's firstParam: the first of repeated values, as a string (or None)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None or isinstance(value, (dict, bool)):
        return None
    return str(value)


def resolve(viewer, stream, params):
    """The Subscription for `stream` with its params (tag, list), checking scopes and
    access; StreamError otherwise."""
    stream = first(stream)
    if stream not in STREAMS:
        raise StreamError("Unknown stream type", 400)
    check_scopes(viewer, stream)
    params = params or {}
    if stream == "user":
        user_groups = [groups.user(viewer.account_id)]
        if viewer.may("read", "read:notifications"):
            user_groups.append(groups.notifications(viewer.account_id))
        if viewer.may("read", "read:chats"):  # Pleroma's pleroma:chat_update
            user_groups.append(groups.pleroma_chat(viewer.account_id))
        user_groups.append(groups.ANNOUNCEMENTS)
        return Subscription(["user"], tuple(user_groups), "home")
    if stream == "user:pleroma_chat":
        return Subscription(["user:pleroma_chat"], (groups.pleroma_chat(viewer.account_id),), None)
    if stream == "user:notification":
        return Subscription(["user:notification"], (groups.notifications(viewer.account_id),), "notifications")
    if stream in PUBLIC_STREAMS:
        if truthy(params.get("only_media")) and not stream.endswith(":media"):
            stream += ":media"  # as older Mastodon read `public` + only_media
        scope, media = PUBLIC_STREAMS[stream]
        return Subscription([stream], (groups.public(scope, media),), "public")
    if stream in HASHTAG_STREAMS:
        tag = first(params.get("tag"))
        if not tag or not tag.lstrip("#"):
            raise StreamError("Missing tag name parameter", 400)
        return Subscription([stream, tag], (groups.hashtag(tag, local=stream == "hashtag:local"),), "public")
    if stream == "list":
        list_id = first(params.get("list"))
        if not list_id:
            raise StreamError("Missing list name parameter", 400)
        if not owns_list(viewer, list_id):
            raise StreamError("Not authorized to stream this list", 401)
        return Subscription(["list", list_id], (groups.list_(list_id),), "home")
    # direct
    return Subscription(["direct"], (groups.direct(viewer.account_id),), None)


def owns_list(viewer, list_id):
    """Whether the viewer owns the list (the timelines app's List model)."""
    try:
        list_id = int(list_id)
    except (TypeError, ValueError):
        return False
    if not 0 < list_id < 2 ** 63:
        return False
    return List.objects.filter(id=list_id, account_id=viewer.account_id).exists()


def stream_from_path(path, query):
    """The stream an SSE path names (Mastodon's channelNameFromPath), or None."""
    only_media = truthy(query.get("only_media"))
    path = "/" + path.strip("/")
    simple = {
        "/user": "user",
        "/user/notification": "user:notification",
        "/user/pleroma_chat": "user:pleroma_chat",
        "/hashtag": "hashtag",
        "/hashtag/local": "hashtag:local",
        "/list": "list",
        "/direct": "direct",
        # Not Mastodon's paths, but named in some clients' code: the media variants.
        "/public/media": "public:media",
        "/public/local/media": "public:local:media",
        "/public/remote/media": "public:remote:media",
    }
    if path in simple:
        return simple[path]
    public = {"/public": "public", "/public/local": "public:local", "/public/remote": "public:remote"}
    if path in public:
        return public[path] + (":media" if only_media else "")
    return None
