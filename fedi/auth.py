"""Who may call an API method: token authentication and each view's access declaration.

Each view declares who may call each of its methods in one place, `access`:

    class VerifyCredentials(ApiView):
        access = {"GET": Access.user("read:accounts", "profile")}

Access.user(*scopes)   a user token holding one of the scopes (app-only token: 422)
Access.app(*scopes)    any token, app-only or user, holding one of the scopes
Access.public(*scopes) no token needed; a token that is sent must be valid and, when
                       scopes are listed, hold one of them

Whatever the declaration, a user token whose user may not use the API (unconfirmed, pending
approval, disabled, suspended: user_refusal) is refused with 403 and Mastodon's message, as
Mastodon's require_user! answers: an old token must not keep reading what its user could
see. `pending=True` lets unconfirmed and unapproved users through, for the few routes they
need before they can use the rest (checking and re-sending the confirmation e-mail);
disabled and suspended users are refused there too.
"""
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.dispatch import Signal
from django.utils import timezone
from oauth2_provider.models import get_access_token_model
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from fedi import scopes as scope_model
from fedi.errors import Forbidden, OutsideScopes, Unauthorized, UserRequired
from fedi.prepared import Prepared

USER, APP, PUBLIC = "user", "app", "public"

# How often using the API refreshes a user's current_sign_in_at (Mastodon's
# UserTrackingConcern: when unset or older than a day).
SIGN_IN_REFRESH = timedelta(days=1)

# Sent when a user is seen again after SIGN_IN_REFRESH or more (or for the first time):
# the timelines app rebuilds the feeds of users who were away, since fan-out skips
# inactive users. Arguments: user, last_seen (the previous current_sign_in_at, or None).
user_returned = Signal()


@dataclass(frozen=True)
class Access:
    token: str
    scopes: tuple = ()
    pending: bool = False  # unconfirmed / unapproved users pass (see the module docstring)

    @classmethod
    def user(cls, *scopes):
        return cls(USER, tuple(scopes))

    @classmethod
    def app(cls, *scopes, pending=False):
        return cls(APP, tuple(scopes), pending)

    @classmethod
    def public(cls, *scopes):
        return cls(PUBLIC, tuple(scopes))


def bearer_token(request):
    """The access token of a request: Authorization header, or access_token parameter."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    token = request.GET.get("access_token")
    if token:
        return token.strip() or None
    return None


# Every authenticated request runs it: compiled once (fedi.prepared).
_token_by_checksum = Prepared(
    lambda checksum: get_access_token_model().objects.select_related("application", "user", "user__account",
                                                                     "user__role")
    .filter(token_checksum=checksum).order_by("pk")[:1], str)


def find_access_token(raw_token):
    """The live AccessToken for a raw token string, or None."""
    if not raw_token:
        return None
    checksum = hashlib.sha256(raw_token.encode("utf-8")).hexdigest()
    found = _token_by_checksum(checksum)
    token = found[0] if found else None
    if token is None or token.is_expired():
        return None
    return token


def note_activity(user) -> None:
    """A user used a token or signed in: refresh current_sign_in_at at most once a day, so
    that everyone who uses the API counts as active (fan-out reaches them)."""
    now = timezone.now()
    last_seen = user.current_sign_in_at
    if last_seen is not None and last_seen >= now - SIGN_IN_REFRESH:
        return
    type(user).objects.filter(pk=user.pk).update(current_sign_in_at=now)
    user.current_sign_in_at = now
    user_returned.send(sender=type(user), user=user, last_seen=last_seen)


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw = bearer_token(request._request)
        if raw is None:
            return None
        # fedi.ratelimit has looked the token up already (it keys budgets on valid tokens only).
        looked_up = getattr(request._request, "_fedi_bearer_token", None)
        token = looked_up[1] if looked_up and looked_up[0] == raw else find_access_token(raw)
        if token is None:
            raise Unauthorized()
        if token.user_id is not None:
            from fedi.ratelimit import check_user_limit  # fedi.ratelimit imports this module

            check_user_limit(request, token.user_id)
            if user_refusal(token.user) is None:
                note_activity(token.user)
        return (token.user or AnonymousUser(), token)

    def authenticate_header(self, request):
        return 'Bearer realm="Doorkeeper", error="invalid_token"'


def user_refusal(user, *, pending=False):
    """Why a user may not use the API (Mastodon's messages), or None. With pending=True,
    only a disabled or suspended user is refused."""
    if pending:
        return "Your login is currently disabled" if user.disabled or user.account.is_suspended else None
    if not user.is_confirmed:
        return "Your login is missing a confirmed e-mail address"
    if not user.approved:
        return "Your login is currently pending approval"
    if not user.is_functional:
        return "Your login is currently disabled"
    return None


def access_for(view, method):
    declared = getattr(view, "access", None) or {}
    method = method.upper()
    if method == "HEAD":
        method = "GET"
    return declared.get(method)


class DeclaredAccess(BasePermission):
    """Enforces a view's `access` declaration (see module docstring)."""

    def has_permission(self, request, view):
        if request.method == "OPTIONS" or not hasattr(view, request.method.lower()):
            return True  # DRF answers 405 for a method the view does not serve
        access = access_for(view, request.method)
        if access is None:
            # A view must declare every method it serves; refuse rather than guess.
            raise Forbidden("This method has no access declaration")
        token = request.auth
        if token is None:
            if access.token == PUBLIC:
                return True
            raise Unauthorized()
        if access.scopes and not scope_model.grants(scope_model.parse(token.scope), access.scopes):
            raise OutsideScopes()
        if access.token == USER:
            if token.user_id is None:
                raise UserRequired()
        if token.user_id is not None:
            refusal = user_refusal(token.user, pending=access.pending)
            if refusal:  # on every route, not only the user-only ones
                raise Forbidden(refusal)
        return True
