"""WebFinger (RFC 7033): which local account a resource names, and its JRD."""
import mimetypes
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings

from accounts.search import local_account
from accounts.serializers import account_uri, account_url
from fedi.errors import BadRequest, NotFound
from fedi.links import absolute, media

_ACCOUNT_PATH = re.compile(r"^/(?:@|users/)([^/@]+)/?$")


def local_hosts():
    return {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def username_from_resource(resource):
    """The local username a resource names: acct:user@domain (or user@domain), or the
    account's URL (https://domain/@user, https://domain/users/user).

    BadRequest when the resource is missing or malformed, NotFound when it names no local
    account."""
    resource = (resource or "").strip()
    if not resource:
        raise BadRequest("param is missing or the value is empty: resource")
    if re.match(r"^https?://", resource, re.IGNORECASE):
        parts = urlsplit(resource)
        match = _ACCOUNT_PATH.match(unquote(parts.path))
        if parts.netloc.lower() not in local_hosts() or match is None:
            raise NotFound()
        return match.group(1)
    if "@" not in resource:
        raise BadRequest("The resource is not an acct: URI or an account URL")
    acct = re.sub(r"^acct:", "", resource, flags=re.IGNORECASE).lstrip("@")
    username, _, domain = acct.partition("@")
    if not username or not domain:
        raise BadRequest("The resource is not an acct: URI or an account URL")
    if domain.lower() not in local_hosts():
        raise NotFound()
    return username


def find_local_account(resource):
    account = local_account(username_from_resource(resource))
    if account is None:
        raise NotFound()
    return account


def jrd(account):
    """The JSON Resource Descriptor of a local account, as Mastodon builds it."""
    profile, actor = account_url(account), account_uri(account)
    links = [
        {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
        {"rel": "self", "type": "application/activity+json", "href": actor},
        {"rel": "http://ostatus.org/schema/1.0/subscribe", "template": absolute("/authorize_interaction") + "?uri={uri}"},
    ]
    if account.avatar:
        avatar_type = mimetypes.guess_type(account.avatar.name)[0] or "image/png"
        links.append({"rel": "http://webfinger.net/rel/avatar", "type": avatar_type, "href": media(account.avatar)})
    return {
        "subject": f"acct:{account.username}@{settings.LOCAL_DOMAIN}",
        "aliases": [profile, actor],
        "links": links,
    }
