"""Mastodon's OAuth scopes: the high-level scopes and the granular scopes each one grants."""

READ_SCOPES = ["read:accounts", "read:blocks", "read:bookmarks", "read:chats", "read:collections", "read:favourites",
               "read:filters", "read:follows", "read:lists", "read:mutes", "read:notifications",
               "read:reports", "read:search", "read:statuses"]  # read:reports: Pleroma's (one's own reports)
WRITE_SCOPES = ["write:accounts", "write:blocks", "write:bookmarks", "write:chats", "write:collections",
                "write:conversations", "write:favourites", "write:filters", "write:follows",
                "write:lists", "write:media", "write:mutes", "write:notifications", "write:reports",
                "write:statuses"]
ADMIN_OBJECTS = ["accounts", "canonical_email_blocks", "domain_allows", "domain_blocks",
                 "email_domain_blocks", "ip_blocks", "reports",
                 # Pleroma's admin scopes (its admin API)
                 "chats", "follows", "invites", "media_proxy_caches", "statuses"]

CHILDREN = {
    "read": READ_SCOPES,
    "write": WRITE_SCOPES,
    "follow": ["read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows", "write:mutes"],
    "admin:read": [f"admin:read:{name}" for name in ADMIN_OBJECTS],
    "admin:write": [f"admin:write:{name}" for name in ADMIN_OBJECTS],
    "push": [],
    "profile": [],
}

ALL_SCOPES = list(CHILDREN) + sorted({child for children in CHILDREN.values() for child in children})
DEFAULT_SCOPES = ["read"]


def parse(scope_string):
    """Scopes as a list from "read write", "read+write" or "read,write" (clients vary)."""
    if not scope_string:
        return []
    if isinstance(scope_string, (list, tuple)):
        scope_string = " ".join(str(item) for item in scope_string)
    items = str(scope_string).replace("+", " ").replace(",", " ").split()
    return list(dict.fromkeys(items))


def unknown(scopes):
    return [scope for scope in scopes if scope not in ALL_SCOPES]


def expand(scopes):
    """Every scope that a set of scopes grants, its granular children included."""
    granted = set()
    for scope in scopes:
        granted.add(scope)
        granted.update(CHILDREN.get(scope, ()))
    return granted


def grants(token_scopes, required_any):
    """Whether token scopes grant at least one of the required scopes."""
    granted = expand(token_scopes)
    return any(scope in granted for scope in required_any)


def is_subset(requested, allowed):
    allowed_expanded = expand(allowed)
    return all(scope in allowed_expanded for scope in requested)
