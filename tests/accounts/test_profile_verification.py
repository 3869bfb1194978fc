"""Profile link verification against a real local web server (rel="me" links back)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from accounts.models import Account
from accounts.serializers import account_url
from accounts.verification import is_verifiable, links_back, page_links_back

URL = "/api/v1/accounts/update_credentials"


@pytest.fixture
def web_server():
    """A web server on 127.0.0.1 serving `pages` ({path: (status, headers, body)})."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body = pages.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.pages = pages
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def page(html):
    return (200, {}, html.encode())


def test_verifies_a_page_linking_back(api, user, token, web_server, django_capture_on_commit_callbacks):
    me = account_url(user.account)
    web_server.pages["/me"] = page(f'<html><body><a rel="me nofollow" href="{me}">me</a></body></html>')
    web_server.pages["/head"] = page(f'<html><head><link rel="me" href="{me}"></head></html>')
    web_server.pages["/other"] = page('<a rel="me" href="https://elsewhere.example/@alice">x</a>')
    web_server.pages["/not-me"] = page(f'<a href="{me}">no rel</a>')
    fields = [("Site", "/me"), ("Head", "/head"), ("Other", "/other"), ("NotMe", "/not-me")]
    data = {}
    for index, (name, path) in enumerate(fields):
        data[f"fields_attributes[{index}][name]"] = name
        data[f"fields_attributes[{index}][value]"] = web_server.base + path
    with override_settings(VERIFY_LINKS_ALLOW_PRIVATE=True), django_capture_on_commit_callbacks(execute=True):
        response = api.patch(URL, data, token=token)
    assert response.status_code == 200, response.content
    verified = {field["name"]: field["verified_at"] for field in Account.objects.get(pk=user.account_id).fields}
    assert verified["Site"] and verified["Head"]
    assert verified["Other"] is None and verified["NotMe"] is None
    body = api.get("/api/v1/accounts/verify_credentials", token=token).json()
    site = next(field for field in body["fields"] if field["name"] == "Site")
    assert site["verified_at"].endswith("Z")
    # Changing the value clears verification; renaming a field with the same value keeps it.
    data["fields_attributes[0][name]"] = "Website"
    data["fields_attributes[1][value]"] = web_server.base + "/other"
    response = api.patch(URL, data, token=token)
    fields = {field["name"]: field["verified_at"] for field in response.json()["fields"]}
    assert fields["Website"] == verified["Site"] and fields["Head"] is None


def test_private_addresses_are_not_fetched_by_default(api, user, token, web_server,
                                                      django_capture_on_commit_callbacks):
    me = account_url(user.account)
    web_server.pages["/me"] = page(f'<a rel="me" href="{me}">me</a>')
    with django_capture_on_commit_callbacks(execute=True):
        api.patch(URL, {"fields_attributes[0][name]": "Site",
                        "fields_attributes[0][value]": web_server.base + "/me"}, token=token)
    assert Account.objects.get(pk=user.account_id).fields[0]["verified_at"] is None


@override_settings(VERIFY_LINKS_ALLOW_PRIVATE=True)
def test_redirects_errors_and_non_html(user, web_server):
    me = account_url(user.account)
    web_server.pages["/me"] = page(f'<a rel="me" href="{me}">me</a>')
    web_server.pages["/moved"] = (301, {"Location": "/me"}, b"")
    web_server.pages["/loop"] = (302, {"Location": "/loop"}, b"")
    web_server.pages["/json"] = (200, {"Content-Type": "application/json"}, f'"<a rel=me href={me}>"'.encode())
    web_server.pages["/error"] = (500, {}, f'<a rel="me" href="{me}">me</a>'.encode())
    assert page_links_back(web_server.base + "/moved", [me])
    for path in ("/loop", "/json", "/error", "/missing"):
        assert not page_links_back(web_server.base + path, [me]), path
    assert not page_links_back("http://127.0.0.1:1/closed", [me])


def test_links_back_parsing():
    target = "https://social.example/@alice"
    assert links_back('<a rel="me" href="https://social.example/@Alice/">', [target])
    assert links_back('<A REL="Me Nofollow" HREF="https://social.example/@alice">', [target])
    assert not links_back('<a rel="meh" href="https://social.example/@alice">', [target])
    assert not links_back('<div rel="me" href="https://social.example/@alice">', [target])
    assert not links_back("<a rel='me' href='https://social.example/@alice2'><p <<<", [target])


@pytest.mark.parametrize("value, expected", [
    ("https://example.com", True), ("http://example.com/path?x=1", True),
    ("example.com", False), ("ftp://example.com", False), ("https://localhost", False),
    ("https://user:pw@example.com", False), ("https://example.com/a b", False), ("", False),
])
def test_which_values_are_verifiable(value, expected):
    assert is_verifiable(value) is expected
