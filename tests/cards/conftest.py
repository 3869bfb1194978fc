"""A real local web server for the preview card tests (http.server in a thread), and
posting through the API with the after-commit work (distribution, card fetch) run."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from PIL import Image

from tests import factories


def png_bytes(size=(1200, 800), color=(30, 120, 200)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def page(title="A fine article", description="All about fine things", image="/image.png", extra=""):
    return f"""<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Ignored when og:title is there</title>
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="{image}">
<meta property="og:image:alt" content="A blue rectangle">
<meta property="og:site_name" content="Fine Site">
<meta name="author" content="Jane Writer">
<meta property="article:published_time" content="2024-05-01T10:00:00Z">
{extra}
</head><body><p>Hello</p></body></html>"""


class Site:
    """Routes: path -> (status, headers, body) or a callable(handler) -> that tuple."""

    def __init__(self):
        self.routes = {}
        self.hits = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path):
        return self.base + path

    def html(self, path, body, status=200, content_type="text/html; charset=utf-8"):
        self.routes[path] = (status, {"Content-Type": content_type}, body.encode() if isinstance(body, str) else body)

    def json(self, path, data):
        self.routes[path] = (200, {"Content-Type": "application/json"}, json.dumps(data).encode())

    def image(self, path, data, content_type="image/png"):
        self.routes[path] = (200, {"Content-Type": content_type}, data)

    def redirect(self, path, to, status=302):
        self.routes[path] = (status, {"Location": to}, b"")

    def slow(self, path, seconds):
        def respond(_handler):
            time.sleep(seconds)
            return 200, {"Content-Type": "text/html"}, page().encode()

        self.routes[path] = respond

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                path = self.path.split("?")[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                route = site.routes.get(path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self) if callable(route) else route
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site():
    server = Site()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def allow_private(settings):
    settings.VERIFY_LINKS_ALLOW_PRIVATE = True


@pytest.fixture
def alice(db):
    return factories.make_user("alice")


@pytest.fixture
def bob(db):
    return factories.make_user("bob")


@pytest.fixture
def token_of(db):
    tokens = {}

    def _token(user):
        if user.id not in tokens:
            tokens[user.id] = factories.make_token(user)
        return tokens[user.id]

    return _token


@pytest.fixture
def post(api, token_of, django_capture_on_commit_callbacks):
    """post(user, text, **params) -> the Status JSON, with what runs after commit (the
    distribution and the card fetch, eager Celery tasks) done."""

    def _post(user, text, **params):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post("/api/v1/statuses", {"status": text, **params}, token=token_of(user))
        assert response.status_code == 200, response.content
        return response.json()

    return _post


@pytest.fixture(autouse=True)
def _cards_enabled(settings):
    """tests/conftest.py turns card fetching off everywhere else (no fetches to the Internet)."""
    settings.PREVIEW_CARDS_ENABLED = True
