"""Request body limits (fedi/bodylimits.py): refused with 413 from Content-Length before the
body is read, and chunked bodies cut off at the limit — through Django's test client and
through a real uvicorn serving fedi.asgi over a socket."""
import json
import socket
import threading
import time

import pytest
import uvicorn
from django.conf import settings
from django.test import Client, override_settings

from fedi.bodylimits import limit_for
from tests.factories import make_token, make_user

SMALL = {"default": 1000, "media": 50_000, "profile": 20_000, "admin": 10_000}


def assert_refused(response, maximum):
    assert response.status_code == 413, response.content
    assert response.json() == {"error": f"The request body is too large (maximum is {maximum})"}


def test_default_limits_fit_mastodons_upload_limits():
    from accounts.images import PROFILE_IMAGE_SIZE_LIMIT
    from instance import limits

    assert limit_for("/api/v1/media") > limits.VIDEO_SIZE_LIMIT > limits.IMAGE_SIZE_LIMIT
    assert limit_for("/api/v2/media/") == limit_for("/api/v1/media/123") == 100 * 1024 * 1024
    assert limit_for("/api/v1/accounts/update_credentials") > 2 * PROFILE_IMAGE_SIZE_LIMIT
    assert limit_for("/api/v1/profile") > 2 * PROFILE_IMAGE_SIZE_LIMIT
    assert limit_for("/admin/instance/instancesettings/1/change/") > limits.IMAGE_SIZE_LIMIT
    for path in ("/oauth/token", "/auth/sign_in", "/admin/login/", "/api/v1/statuses", "/api/v1/apps"):
        assert limit_for(path) == 1024 * 1024, path


@override_settings(BODY_SIZE_LIMITS=SMALL)
def test_the_unauthenticated_endpoints_refuse_an_oversized_content_length(db):
    client = Client()
    for path in ("/oauth/token", "/auth/sign_in", "/api/v1/apps", "/admin/login/"):
        response = client.post(path, {"x": "y" * 2000})
        assert_refused(response, "1000 bytes")
    # within the limit they work as before
    assert client.post("/oauth/token", {"grant_type": "password"}).status_code == 400
    # a browser client reads the refusal (CORS)
    response = client.post("/api/v1/apps", {"x": "y" * 2000}, HTTP_ORIGIN="https://app.example")
    assert response.status_code == 413 and response["Access-Control-Allow-Origin"] == "*"


@override_settings(BODY_SIZE_LIMITS=SMALL)
def test_media_and_profile_endpoints_have_their_own_limits(api, db):
    token = make_token(make_user("alice"))
    body = {"description": "d" * 5000}
    assert api.post("/api/v1/statuses", {"status": "x" * 5000}, token=token, validate=False).status_code == 413
    assert api.post("/api/v2/media", body, token=token, validate=False).status_code == 422  # no file: not a 413
    assert api.patch("/api/v1/accounts/update_credentials", body, token=token, validate=False).status_code != 413
    response = api.post("/api/v2/media", {"description": "d" * 60_000}, token=token, validate=False)
    assert_refused(response, "50000 bytes")
    response = api.patch("/api/v1/profile", {"note": "d" * 30_000}, token=token, validate=False)
    assert_refused(response, "20000 bytes")


def test_body_size_limits_come_from_the_environment(monkeypatch):
    import importlib

    import fedi.settings as settings_module

    monkeypatch.setenv("BODY_SIZE_LIMITS", "default=2M,media=512K,admin=4096")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.BODY_SIZE_LIMITS == {"default": 2 * 1024 * 1024, "media": 512 * 1024,
                                             "profile": 17 * 1024 * 1024, "admin": 4096}
    finally:
        monkeypatch.delenv("BODY_SIZE_LIMITS")
        importlib.reload(settings_module)


# --- over a real socket, under uvicorn ----------------------------------------------------

@pytest.fixture
def server():
    from fedi.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    live = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off",
                                         log_level="warning"))
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield port
    live.should_exit = True
    thread.join(10)


def read_response(sock, timeout=5):
    """(status, headers, body) of the HTTP response on a socket."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", 0)):
        body += sock.recv(65536)
    return int(lines[0].split()[1]), headers, body


def test_an_oversized_content_length_is_refused_before_the_body_is_sent(server):
    """A client announcing 150 MB to /api/v1/media gets 413 without sending a byte of it."""
    for path, announced in (("/api/v1/media", 150 * 1024 * 1024), ("/oauth/token", 2 * 1024 * 1024),
                            ("/auth/sign_in", 2 * 1024 * 1024)):
        with socket.create_connection(("127.0.0.1", server)) as sock:
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                         f"boundary=x\r\nContent-Length: {announced}\r\nExpect: 100-continue\r\n\r\n".encode())
            status, headers, body = read_response(sock)
        assert status == 413, path
        assert headers["content-type"] == "application/json"
        if path != "/auth/sign_in":  # a page, not for other origins
            assert headers["access-control-allow-origin"] == "*"
        limit = "100 MB" if path == "/api/v1/media" else "1 MB"
        assert json.loads(body) == {"error": f"The request body is too large (maximum is {limit})"}


def test_a_chunked_body_is_cut_off_at_the_limit(server):
    """No Content-Length: the server stops reading at the limit and answers 413."""
    chunk = b"a" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-"
                     b"urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
        sock.settimeout(5)
        try:
            while sent < 50 * 1024 * 1024:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
                sock.setblocking(False)
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break  # the server has answered
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
                    sock.settimeout(5)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, _headers, body = read_response(sock)
    assert status == 413
    assert json.loads(body) == {"error": "The request body is too large (maximum is 1 MB)"}
    assert sent < 10 * 1024 * 1024  # answered long before the client stopped sending


@pytest.mark.django_db(transaction=True)
def test_bodies_within_the_limit_still_reach_django(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        body = b"client_name=live&redirect_uris=urn:ietf:wg:oauth:2.0:oob"
        sock.sendall(b"POST /api/v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-"
                     b"urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        status, _headers, response = read_response(sock, timeout=15)
    assert status == 200, response
    assert json.loads(response)["name"] == "live"
    assert settings.BODY_SIZE_LIMITS["default"] == 1024 * 1024
