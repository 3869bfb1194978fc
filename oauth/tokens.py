"""Access tokens as Mastodon (Doorkeeper) hands them out and takes them back.

django-oauth-toolkit and oauthlib do the grants; this module shapes their answers into
Mastodon's (the Token entity, Doorkeeper's error wording) and implements revocation with
Doorkeeper's rules.
"""
import base64
import binascii
import hashlib
from urllib.parse import unquote_plus

from django.contrib.auth.hashers import check_password, identify_hasher
from django.db import transaction
from django.utils.crypto import constant_time_compare
from oauth2_provider.models import get_access_token_model, get_refresh_token_model, revoke_access_token

from oauth.models import Application

# Doorkeeper's descriptions (doorkeeper.en.yml), which Mastodon clients show to people.
ERROR_DESCRIPTIONS = {
    "invalid_client": "Client authentication failed due to unknown client, no client authentication included, "
                      "or unsupported authentication method.",
    "invalid_grant": "The provided authorization grant is invalid, expired, revoked, does not match the "
                     "redirection URI used in the authorization request, or was issued to another client.",
    "invalid_scope": "The requested scope is invalid, unknown, or malformed.",
    "unauthorized_client": "The client is not authorized to perform this request using this method.",
    "unsupported_grant_type": "The authorization grant type is not supported by the authorization server.",
    "access_denied": "The resource owner or authorization server denied the request.",
    "unsupported_response_type": "The authorization server does not support this response type.",
    "invalid_redirect_uri": "The requested redirect uri is malformed or doesn't match client redirect URI.",
}
REVOKE_REFUSED = {"error": "unauthorized_client", "error_description": "You are not authorized to revoke this token"}


def checksum(raw_token):
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def find_issued_token(raw_token):
    """The AccessToken row just issued for a raw token string (None if there is none)."""
    return get_access_token_model().objects.filter(token_checksum=checksum(raw_token)).first()


def oauth_error(body):
    """oauthlib's error body in Doorkeeper's words: {"error": ..., "error_description": ...}."""
    error = str(body.get("error") or "invalid_request")
    description = body.get("error_description")
    if error == "invalid_request" and description == "Mismatching redirect URI.":
        error = "invalid_grant"  # Doorkeeper calls a redirect_uri that does not match the code's this
    description = ERROR_DESCRIPTIONS.get(error, description) or "The request is missing a required parameter, " \
        "includes an unsupported parameter value, or is otherwise malformed."
    return {"error": error, "error_description": description}


def _secret_matches(provided, stored):
    try:
        identify_hasher(stored)
    except ValueError:  # stored in plain text
        return constant_time_compare(provided, stored)
    return check_password(provided, stored)


def authenticate_client(client_id, client_secret):
    """The Application these credentials belong to, or None."""
    if not client_id or not client_secret or "\x00" in client_id:
        return None
    app = Application.objects.filter(client_id=client_id).first()
    if app is None or not _secret_matches(client_secret, app.client_secret):
        return None
    return app


def basic_auth_credentials(request):
    """(client_id, client_secret) from an `Authorization: Basic` header, or (None, None)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:6].lower() != "basic ":
        return None, None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None, None
    client_id, separator, client_secret = decoded.partition(":")
    if not separator:
        return None, None
    return unquote_plus(client_id), unquote_plus(client_secret)


@transaction.atomic
def revoke(raw_token, client):
    """Revokes an access or refresh token if `client` owns it (Doorkeeper's rules).

    An unknown token counts as revoked (RFC 7009). Returns False when the token belongs to
    another app, which the client may not revoke."""
    digest = checksum(raw_token or "")
    token = get_access_token_model().objects.filter(token_checksum=digest).first()
    if token is None:
        token = get_refresh_token_model().objects.filter(token_checksum=digest, revoked__isnull=True).first()
    if token is None:
        return True
    if token.application_id is not None and token.application_id != client.pk:
        return False
    if isinstance(token, get_access_token_model()):
        revoke_access_token(token)
    else:
        token.revoke()
    return True
