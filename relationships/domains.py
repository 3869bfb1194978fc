"""Domain names as users type them, checked and normalized as Mastodon does for domain blocks."""
import re

from django.conf import settings

from fedi.errors import ValidationFailed


_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def _invalid():
    return ValidationFailed().add("domain", "ERR_INVALID", "is not a valid domain name")


def normalize_domain(value):
    """The domain in its stored form (lower-case, punycode, no trailing dot), or a 422."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed().add("domain", "ERR_BLANK")
    host, colon, port = text.rpartition(":") if ":" in text else (text, "", "")
    if colon and not _PORT.match(port):
        raise _invalid()
    host = host.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _invalid()
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _invalid()
    return f"{host}:{port}" if colon else host


def local_domains():
    """This server's own domains (as they appear in handles and URLs)."""
    return {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def is_local_domain(domain):
    return domain is None or domain.lower() in local_domains()
