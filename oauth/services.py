"""Registering OAuth client applications."""
from urllib.parse import urlparse, urlsplit

from django.db import transaction
from oauth2_provider.generators import generate_client_secret

from fedi import scopes
from fedi.errors import ValidationFailed
from oauth.models import OOB_REDIRECT_URI, Application

# Schemes that would run code in the browser instead of reaching an app (Mastodon forbids them too).
FORBIDDEN_REDIRECT_SCHEMES = {"javascript", "data", "vbscript"}


def _valid_redirect_uri(uri):
    if uri == OOB_REDIRECT_URI:
        return True
    parsed = urlparse(uri)
    if parsed.scheme.lower() in FORBIDDEN_REDIRECT_SCHEMES:
        return False
    # Any absolute URI: https for the web, custom schemes for mobile apps.
    return bool(parsed.scheme) and (bool(parsed.netloc) or bool(parsed.path)) and " " not in uri


def _is_web_url(value: str) -> bool:
    """An http(s) URL with a host, made only of characters a URI may hold (as Mastodon's UrlValidator
    and the spec's `format: uri` want)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            and not any(char in '<>"{}|\\^` ' or ord(char) < 0x21 or ord(char) == 0x7f for char in value))


@transaction.atomic
def create_application(name, redirect_uris, scope_string=None, website=None, owner=None):
    """Validates and creates an app; returns (app, plaintext client secret)."""
    errors = ValidationFailed()
    name = (name or "").strip()
    if not name:
        errors.add("name", "ERR_BLANK")
    elif len(name) > 60:
        errors.add("name", "ERR_TOO_LONG", "is too long (maximum is 60 characters)")
    if isinstance(redirect_uris, str):
        redirect_uris = redirect_uris.split()
    redirect_uris = [uri.strip() for uri in (redirect_uris or []) if uri and uri.strip()]
    if not redirect_uris:
        errors.add("redirect_uris", "ERR_BLANK")
    elif not all(_valid_redirect_uri(uri) for uri in redirect_uris):
        errors.add("redirect_uris", "ERR_INVALID", "must be an absolute URI.")
    requested = scopes.parse(scope_string) or list(scopes.DEFAULT_SCOPES)
    if scopes.unknown(requested):
        errors.add("scopes", "ERR_INVALID", "are invalid: " + " ".join(scopes.unknown(requested)))
    website = (website or "").strip() or None
    if website and len(website) > 2000:
        errors.add("website", "ERR_TOO_LONG")
    elif website and not _is_web_url(website):
        # Clients link the app's name to it: a javascript: URL there would run in their pages.
        errors.add("website", "ERR_INVALID", "is invalid")
    errors.raise_if_any()
    secret = generate_client_secret()
    app = Application.objects.create(
        name=name,
        redirect_uris=" ".join(redirect_uris),
        scopes=" ".join(requested),
        website=website,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        client_secret=secret,
        user=owner,
    )
    return app, secret
