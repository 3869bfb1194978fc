"""Fetching a web page or an image for a preview card, safely.

Connections go through the guarded connections of accounts.verification (the profile
link verifier): every address a host resolves to must be public unless
settings.VERIFY_LINKS_ALLOW_PRIVATE is true, checked on the address actually used, on
every redirect. Short timeouts, a total deadline, a size cap, at most MAX_REDIRECTS
redirects, and only the content types asked for.

    page = fetch(url, accept="text/html", content_types=HTML_TYPES, max_bytes=PAGE_BYTES)
    page.url, page.content_type, page.body, page.text()
"""
import http.client
import re
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from accounts.verification import FetchRefused, _GuardedHTTPConnection, _GuardedHTTPSConnection

TIMEOUT = 5                      # seconds, for connecting and for each read
TOTAL_TIMEOUT = 15               # seconds for a whole body
MAX_REDIRECTS = 3
MAX_URL_LENGTH = 2048
PAGE_BYTES = 1024 * 1024         # the first megabyte of a page is enough for its <head>
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "fedi (preview cards; +{site}) Bot"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class Fetched:
    url: str             # where the body came from, after redirects
    content_type: str    # e.g. "text/html"
    charset: str         # from the Content-Type header, or None
    body: bytes
    truncated: bool = False

    def text(self):
        """The body as text: the header's charset, else a <meta charset>, else UTF-8."""
        charset = self.charset
        if not charset:
            match = _META_CHARSET.search(self.body[:4096])
            charset = match.group(1).decode("ascii", "replace") if match else "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def is_fetchable(url):
    """An absolute http(s) URL with a host and no credentials."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH or any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port  # noqa: F841  (raises on a malformed port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username and not parts.password


def fetch(url, *, accept, content_types, max_bytes, truncate=True):
    """A Fetched, or None when the URL cannot be fetched, answers other than 200, has
    another content type, or (unless truncate) is larger than max_bytes."""
    for _ in range(MAX_REDIRECTS + 1):
        if not is_fetchable(url):
            return None
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection = _GuardedHTTPSConnection(parts.hostname, parts.port, timeout=TIMEOUT,
                                                 context=ssl.create_default_context())
        else:
            connection = _GuardedHTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("GET", path, headers={
                "User-Agent": USER_AGENT.format(site=settings.SITE_URL), "Accept": accept,
                "Accept-Encoding": "identity"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    return None
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                return None
            content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if content_type not in content_types:
                return None
            declared = response.getheader("Content-Length")
            if not truncate and declared and declared.strip().isascii() and declared.strip().isdigit() and int(declared) > max_bytes:
                return None
            body, truncated = _read_limited(response, max_bytes)
            if truncated and not truncate:
                return None
            return Fetched(url=url, content_type=content_type, charset=response.headers.get_content_charset(),
                           body=body, truncated=truncated)
        except (FetchRefused, OSError, http.client.HTTPException, ValueError, UnicodeError):
            return None
        finally:
            connection.close()
    return None


def _read_limited(response, max_bytes):
    """(at most max_bytes of the body, whether there was more), within TOTAL_TIMEOUT."""
    deadline = time.monotonic() + TOTAL_TIMEOUT
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("the body took too long")
        chunk = response.read1(min(65536, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
