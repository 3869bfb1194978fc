"""Names of the channel-layer groups the streaming API publishes to and listens on.

Mastodon publishes to Redis channels `timeline:public`, `timeline:hashtag:<tag>`,
`timeline:<account_id>`, ...; ours are Channels groups with the same shape (Channels allows
only ASCII letters, digits, `-`, `_` and `.` in names, under 100 characters):

    timeline.public               timeline.public.media
    timeline.public.local         timeline.public.local.media
    timeline.public.remote        timeline.public.remote.media
    timeline.hashtag.<key>        timeline.hashtag.<key>.local
    timeline.user.<account_id>    timeline.user.<account_id>.notifications
    timeline.list.<list_id>       timeline.direct.<account_id>
    timeline.announcements        (every `user` stream listens here)
    system.token.<token_id>       (a revoked token closes its connections)
    system.account.<account_id>   (a disabled or suspended user's connections close)
"""
import hashlib
import re

from fedi.text import normalize_hashtag

_PLAIN_TAG = re.compile(r"[a-z0-9_]{1,64}")


def public(scope=None, media=False):
    """scope: None (every public status), "local" or "remote"."""
    name = "timeline.public"
    if scope:
        name += f".{scope}"
    if media:
        name += ".media"
    return name


def hashtag_key(tag):
    """The group key of a hashtag: its normalized form when that is plain ASCII, else a
    digest (hashtags may be any Unicode letters; group names may not)."""
    normalized = normalize_hashtag(str(tag).lstrip("#"))
    if _PLAIN_TAG.fullmatch(normalized):
        return normalized
    # "-" never occurs in a hashtag, so a digest key cannot collide with a plain one.
    return "x-" + hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:40]


def hashtag(tag, local=False):
    return f"timeline.hashtag.{hashtag_key(tag)}" + (".local" if local else "")


def user(account_id):
    return f"timeline.user.{int(account_id)}"


def notifications(account_id):
    return f"timeline.user.{int(account_id)}.notifications"


def pleroma_chat(account_id):
    """Pleroma's chat updates: the `user:pleroma_chat` stream (and `user`, with read:chats)."""
    return f"timeline.user.{int(account_id)}.pleroma_chat"


def list_(list_id):
    return f"timeline.list.{int(list_id)}"


def direct(account_id):
    return f"timeline.direct.{int(account_id)}"


ANNOUNCEMENTS = "timeline.announcements"


def token(token_id):
    return f"system.token.{int(token_id)}"


def account_system(account_id):
    return f"system.account.{int(account_id)}"
