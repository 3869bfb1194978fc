"""Profile link verification (Mastodon's VerifyLinkService): a field whose value is a web
address is verified when that page links back to the profile with rel="me".

The page is fetched with a short timeout and a size cap, and never from a private,
loopback or otherwise non-public address (a profile field must not make the server probe
its own network) unless settings.VERIFY_LINKS_ALLOW_PRIVATE is true (tests, development).
"""
import http.client
import ssl
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from fedi.net import AddressRefused, connect_public

TIMEOUT = 5                  # seconds, for connecting and for each read
TOTAL_TIMEOUT = 15           # seconds for the whole page (a server trickling bytes is cut off)
MAX_BYTES = 1024 * 1024      # only the first megabyte of a page is read
MAX_REDIRECTS = 3
MAX_URL_LENGTH = 255         # a field value is at most this long anyway
USER_AGENT = "fedi (link verification; +{site})"


class FetchRefused(Exception):
    pass


def is_verifiable(value):
    """Whether a field value is a web address that can be verified."""
    value = (value or "").strip()
    if not value or len(value) > MAX_URL_LENGTH or any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    return (parts.scheme in ("http", "https") and not parts.username and not parts.password
            and "." in host.strip("."))


def _allow_private():
    return getattr(settings, "VERIFY_LINKS_ALLOW_PRIVATE", False)


def _connect(host, port, timeout):
    """A socket to host:port, refusing non-public addresses (checked on the address we use)."""
    try:
        return connect_public(host, port, timeout, allow_private=_allow_private())
    except AddressRefused as error:
        raise FetchRefused(str(error)) from error


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = _connect(self.host, self.port, self.timeout)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        sock = _connect(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch_page(url):
    """The first MAX_BYTES of an HTML page as text, following a few redirects; None on failure."""
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection = _GuardedHTTPSConnection(parts.hostname, parts.port, timeout=TIMEOUT,
                                                 context=ssl.create_default_context())
        elif parts.scheme == "http":
            connection = _GuardedHTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        else:
            return None
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("GET", path, headers={
                "User-Agent": USER_AGENT.format(site=settings.SITE_URL),
                "Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                return None
            content_type = (response.getheader("Content-Type") or "text/html").lower()
            if "html" not in content_type:
                return None
            body = _read_limited(response)
            charset = response.headers.get_content_charset() or "utf-8"
            return body.decode(charset, errors="replace")
        except (FetchRefused, OSError, http.client.HTTPException, LookupError, ValueError):
            return None
        finally:
            connection.close()
    return None


def _read_limited(response):
    """At most MAX_BYTES of the body, within TOTAL_TIMEOUT seconds."""
    deadline = time.monotonic() + TOTAL_TIMEOUT
    chunks, size = [], 0
    while size < MAX_BYTES:
        if time.monotonic() > deadline:
            raise TimeoutError("the page took too long")
        chunk = response.read1(min(65536, MAX_BYTES - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class _RelMeLinks(HTMLParser):
    """Collects the href of every <a> and <link> whose rel contains "me"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("a", "link"):
            return
        values = dict(attrs)
        if "me" in (values.get("rel") or "").lower().split() and values.get("href"):
            self.hrefs.append(values["href"].strip())

    handle_startendtag = handle_starttag


def links_back(html, targets):
    """Whether the page has a rel="me" link to one of the target URLs (case-insensitive)."""
    parser = _RelMeLinks()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed HTML: whatever was parsed so far counts
        pass
    wanted = {target.lower().rstrip("/") for target in targets}
    return any(href.lower().rstrip("/") in wanted for href in parser.hrefs)


def page_links_back(url, targets):
    html = fetch_page(url)
    return html is not None and links_back(html, targets)
