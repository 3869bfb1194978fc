"""oEmbed (GET /api/oembed?url=) and the embed page it points at (/@username/:id/embed),
as Mastodon's OEmbedController and StatusesController#embed: only public or unlisted
statuses of this server whose author is not suspended; anything else is a 404."""
import re
from html import escape
from urllib.parse import urlsplit

from django.conf import settings

from fedi.links import absolute
from statuses.models import Status
from statuses.visibility import can_see

DEFAULT_WIDTH = 400  # Mastodon's OEmbedSerializer
CACHE_AGE = 86400
STATUS_PATHS = (re.compile(r"^/@(?P<username>[^/@]+)/(?P<id>\d{1,19})/?$"),
                re.compile(r"^/users/(?P<username>[^/@]+)/statuses/(?P<id>\d{1,19})/?$"))


def embeddable_status(username: str, status_id: str) -> Status | None:
    """The status, when an anonymous reader may see it and it is local, an original (not a
    reblog) by `username`."""
    if not status_id.isdigit() or len(status_id) > 19:
        return None
    status = (Status.objects.select_related("account").filter(pk=int(status_id), local=True,
                                                                reblog_of__isnull=True).first())
    if status is None or status.account.domain is not None:
        return None
    if status.account.username.lower() != username.lower() or not can_see(None, status):
        return None
    return status


def status_from_url(url: str) -> Status | None:
    parts = urlsplit(url or "")
    hosts = {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}
    if parts.scheme not in ("http", "https") or (parts.netloc or "").lower() not in hosts:
        return None
    for pattern in STATUS_PATHS:
        match = pattern.match(parts.path)
        if match:
            return embeddable_status(match["username"], match["id"])
    return None


def oembed_json(status: Status, maxwidth: int | None, maxheight: int | None) -> dict:
    width = maxwidth or DEFAULT_WIDTH
    src = absolute(f"/@{status.account.username}/{status.id}/embed")
    height_attr = f' height="{maxheight}"' if maxheight else ""
    html = (f'<iframe src="{escape(src)}" class="mastodon-embed" style="max-width: 100%; border: 0" '
            f'width="{width}"{height_attr} allowfullscreen="allowfullscreen"></iframe>')
    return {
        "type": "rich",
        "version": "1.0",
        "title": f"New status by {status.account.username}",
        "author_name": status.account.display_name or status.account.username,
        "author_url": absolute(f"/@{status.account.username}"),
        "provider_name": settings.LOCAL_DOMAIN,
        "provider_url": absolute("/"),
        "cache_age": CACHE_AGE,
        "html": html,
        "width": width,
        # the spec (and Mastodon, which echoes the parameter) has the height as a string
        "height": None if maxheight is None else str(maxheight),
    }
