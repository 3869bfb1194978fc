"""The sign-in and sign-out pages."""
from django.test import Client

from tests.factories import PASSWORD, make_app


def test_sign_in_page(db):
    response = Client().get("/auth/sign_in")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html and "csrfmiddlewaretoken" in html


def test_sign_in_by_username_and_by_email(user):
    for login in ["alice", "ALICE", "alice@example.com", "Alice@Example.com"]:
        client = Client()
        response = client.post("/auth/sign_in", {"username": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.get("/auth/sign_in").content.decode().count("@alice") == 1
    user.refresh_from_db()
    assert user.current_sign_in_at is not None


def test_bad_credentials_show_an_error(user):
    client = Client()
    for login, password in [("alice", "wrong"), ("nobody", PASSWORD), ("", ""), ("al\x00ice", PASSWORD)]:
        response = client.post("/auth/sign_in", {"username": login, "password": password})
        assert response.status_code == 401
        assert "Invalid e-mail address, username or password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_disabled_user_cannot_sign_in(make_user):
    user = make_user("disabled")
    user.disabled = True
    user.save()
    client = Client()
    response = client.post("/auth/sign_in", {"username": "disabled", "password": PASSWORD})
    assert response.status_code == 401
    assert "Your account has been disabled." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_is_followed_when_it_stays_on_this_site(user):
    response = Client().post("/auth/sign_in?next=/oauth/authorize%3Fclient_id%3Dx",
                             {"username": "alice", "password": PASSWORD})
    assert response["Location"] == "/oauth/authorize?client_id=x"
    response = Client().post("/auth/sign_in", {"username": "alice", "password": PASSWORD, "next": "/somewhere"})
    assert response["Location"] == "/somewhere"
    for unsafe in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]:
        response = Client().post("/auth/sign_in", {"username": "alice", "password": PASSWORD, "next": unsafe})
        assert response["Location"] == "/auth/sign_in", unsafe


def test_signed_in_user_is_sent_on_to_next(user):
    client = Client()
    client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD})
    assert client.get("/auth/sign_in", {"next": "/x"})["Location"] == "/x"


def test_sign_in_is_csrf_protected(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    page = client.get("/auth/sign_in")
    token = page.cookies["csrftoken"].value
    response = client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD,
                                             "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_sign_out(user):
    client = Client()
    client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD})
    assert "Sign out" in client.get("/auth/sign_out").content.decode()
    response = client.post("/auth/sign_out")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert 'name="password"' in client.get("/auth/sign_in").content.decode()


def test_oauth_pages_keep_the_popup_opener(user):
    """Web clients sign in through a popup that reports back to the window that opened it;
    Cross-Origin-Opener-Policy: same-origin would sever that link on any page of the flow."""
    app = make_app(scopes="read", redirect_uris="https://client.example/callback")
    client = Client()
    authorize = f"/oauth/authorize?response_type=code&client_id={app.client_id}&redirect_uri={app.redirect_uris.split()[0]}&scope=read"
    responses = [client.get(authorize), client.get("/auth/sign_in"),
                 client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD}),
                 client.get(authorize), client.get("/auth/sign_out")]
    assert [r.status_code for r in responses] == [302, 200, 302, 200, 200]
    for response in responses:
        assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
    # Everything else keeps the strict default.
    assert client.get("/api/v1/instance")["Cross-Origin-Opener-Policy"] == "same-origin"
