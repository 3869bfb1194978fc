"""Pleroma's remote interaction (TwitterAPI.UtilController.remote_interaction and the
remote-subscribe pages). Someone on another server gives their own handle (`profile`) and
the ActivityPub id of an account or status here (`ap_id`); Pleroma fingers the handle and
answers with that server's subscribe address (WebFinger's ostatus subscribe template with
{uri} replaced). This server reaches no other server, so only a handle of this server can
be fingered: its own subscribe template (instance_api.webfinger.jrd) is the answer then."""
from urllib.parse import quote, urlsplit

from fedi.errors import ApiError, BadRequest, NotFound
from instance_api.webfinger import find_local_account, jrd, local_hosts
from statuses.embed import STATUS_PATHS, status_from_url
from statuses.models import Status

SUBSCRIBE_REL = "http://ostatus.org/schema/1.0/subscribe"
USER_NOT_FOUND = "Couldn't find user"


class UserNotFound(ApiError):
    status = 404


def subscribe_template(profile: str) -> str:
    """The subscribe address template of the account `profile` names (user@domain,
    acct:user@domain or its URL); UserNotFound when it is none of this server's."""
    handle = (profile or "").strip().lstrip("@")
    try:
        account = find_local_account(handle)
    except (BadRequest, NotFound):
        raise UserNotFound(USER_NOT_FOUND) from None
    if account.is_suspended:
        raise UserNotFound(USER_NOT_FOUND)
    template = next((link["template"] for link in jrd(account)["links"] if link.get("rel") == SUBSCRIBE_REL), None)
    if template is None:
        raise UserNotFound(USER_NOT_FOUND)
    return template


def remote_interaction_url(ap_id: str, profile: str) -> str:
    if not (ap_id or "").strip():
        raise BadRequest("param is missing or the value is empty: ap_id")
    if not (profile or "").strip():
        raise BadRequest("param is missing or the value is empty: profile")
    return subscribe_template(profile).replace("{uri}", quote(ap_id.strip(), safe=""))


def subscribed_status(uri: str) -> tuple[Status | None, bool]:
    """(status, named) for /ostatus_subscribe's acct: the status of this server its URL or
    URI names when an anonymous reader may see it (public or unlisted, its author not
    suspended: statuses.embed.status_from_url), and whether `uri` names one of this
    server's statuses at all (the status being None when it may not be shown)."""
    status = status_from_url(uri)
    if status is not None:
        return status, True
    parts = urlsplit(uri or "")
    named = (parts.scheme in ("http", "https") and (parts.netloc or "").lower() in local_hosts()
             and any(pattern.match(parts.path) for pattern in STATUS_PATHS))
    return None, named
