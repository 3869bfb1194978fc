"""GET/POST /oauth/authorize: sign-in redirect, consent page, codes, errors."""
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_app, make_token
from tests.oauth.helpers import authorization_code_from_page, authorize, hidden_inputs, query_of, sign_in

CALLBACK = "https://client.example/callback"


@pytest.fixture
def app(db):
    return make_app(scopes="read write follow push",
                    redirect_uris=f"{CALLBACK} myapp://oauth urn:ietf:wg:oauth:2.0:oob")


def authorize_url(app, **params):
    query = {"client_id": app.client_id, "redirect_uri": CALLBACK, "response_type": "code", "scope": "read"}
    query.update(params)
    return "/oauth/authorize?" + urlencode(query)


def test_not_signed_in_goes_to_sign_in_and_back(app, user):
    client = Client()
    url = authorize_url(app, state="xyz")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/auth/sign_in?next=")
    assert query_of(response["Location"])["next"] == url
    # The sign-in form carries next along, and signing in lands on the consent page.
    form_page = client.get(response["Location"])
    next_value = hidden_inputs(form_page.content.decode())["next"]
    assert next_value == url
    response = client.post("/auth/sign_in", {"username": "alice", "password": PASSWORD, "next": next_value})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_consent_page_shows_app_and_scopes(app, user):
    client = sign_in(Client(), user)
    response = client.get(authorize_url(app, scope="read write:statuses"))
    assert response.status_code == 200
    html = response.content.decode()
    assert app.name in html
    assert 'data-scope="read"' in html and 'data-scope="write:statuses"' in html
    assert "Read all your account&#x27;s data" in html and "Publish posts" in html
    assert 'id="authorize"' in html and 'id="deny"' in html


def test_consent_is_asked_again_even_with_a_token(app, user):
    make_token(user, scopes="read", app=app)
    client = sign_in(Client(), user)
    assert client.get(authorize_url(app)).status_code == 200
    assert client.get(authorize_url(app, approval_prompt="auto")).status_code == 200


def test_authorize_redirects_with_code_and_state(app, user):
    client = sign_in(Client(), user)
    response = authorize(client, app, redirect_uri=CALLBACK, scope="read write", state="st4te")
    assert response.status_code == 302
    assert response["Location"].startswith(CALLBACK + "?")
    query = query_of(response["Location"])
    assert query["code"] and query["state"] == "st4te"


def test_custom_scheme_redirect(app, user):
    client = sign_in(Client(), user)
    response = authorize(client, app, redirect_uri="myapp://oauth", state="s")
    assert response.status_code == 302
    assert response["Location"].startswith("myapp://oauth?")
    assert query_of(response["Location"])["code"]


def test_deny_redirects_with_access_denied(app, user):
    client = sign_in(Client(), user)
    response = authorize(client, app, redirect_uri=CALLBACK, state="s", allow=False)
    assert response.status_code == 302
    query = query_of(response["Location"])
    assert query["error"] == "access_denied" and query["state"] == "s"
    assert "code" not in query


def test_oob_shows_the_code_on_a_page(app, user):
    client = sign_in(Client(), user)
    response = authorize(client, app, redirect_uri="urn:ietf:wg:oauth:2.0:oob")
    assert response.status_code == 302
    assert response["Location"].startswith("/oauth/authorize/native?code=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    code = authorization_code_from_page(page.content.decode())
    assert code == query_of(response["Location"])["code"]
    token = Client().post("/oauth/token", {"grant_type": "authorization_code", "code": code,
                                           "client_id": app.client_id, "client_secret": app.plain_secret,
                                           "redirect_uri": "urn:ietf:wg:oauth:2.0:oob"})
    assert token.status_code == 200, token.content


def test_oob_deny_shows_an_error_page(app, user):
    client = sign_in(Client(), user)
    response = authorize(client, app, redirect_uri="urn:ietf:wg:oauth:2.0:oob", allow=False)
    assert response.status_code == 400
    assert 'data-error="access_denied"' in response.content.decode()


def test_default_scope_is_read(app, user):
    client = sign_in(Client(), user)
    page = client.get(f"/oauth/authorize?client_id={app.client_id}&redirect_uri={CALLBACK}&response_type=code")
    assert page.status_code == 200
    assert hidden_inputs(page.content.decode())["scope"] == "read"


@pytest.mark.parametrize("params, error", [
    ({"client_id": "unknown"}, "invalid_request"),
    ({"client_id": ""}, "invalid_request"),
    ({"redirect_uri": "https://evil.example/cb"}, "invalid_request"),
    ({"redirect_uri": "myapp://other"}, "invalid_request"),
])
def test_unknown_client_or_redirect_uri_is_an_html_error(app, user, params, error):
    client = sign_in(Client(), user)
    response = client.get(authorize_url(app, **params))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert f'data-error="{error}"' in response.content.decode()


def test_scope_escalation_is_refused(user):
    app = make_app(scopes="read", redirect_uris=CALLBACK)
    client = sign_in(Client(), user)
    response = client.get(authorize_url(app, scope="read write", state="s"))
    assert response.status_code == 302
    query = query_of(response["Location"])
    assert query["error"] == "invalid_scope" and query["state"] == "s"
    # A tampered consent form is refused as well.
    page = client.get(authorize_url(app, scope="read"))
    form = hidden_inputs(page.content.decode())
    form.update(allow="true", scope="read admin:write")
    response = client.post("/oauth/authorize", form)
    assert query_of(response["Location"])["error"] == "invalid_scope"


def test_unknown_scope_and_response_type_are_refused(app, user):
    client = sign_in(Client(), user)
    assert query_of(client.get(authorize_url(app, scope="bogus"))["Location"])["error"] == "invalid_scope"
    response = client.get(authorize_url(app, response_type="foo"))
    assert query_of(response["Location"])["error"] == "unsupported_response_type"
    response = client.get(authorize_url(app, response_type="token"))  # no implicit grant
    query = query_of(response["Location"])
    assert query["error"] and "code" not in query and "access_token" not in query


def test_plain_pkce_is_refused(app, user):
    client = sign_in(Client(), user)
    response = client.get(authorize_url(app, code_challenge="abc", code_challenge_method="plain", state="s"))
    query = query_of(response["Location"])
    assert query["error"] == "invalid_request" and query["state"] == "s"
    response = client.get(authorize_url(app, code_challenge="abc"))
    assert query_of(response["Location"])["error"] == "invalid_request"


def test_tampered_consent_forms_are_errors_not_crashes(app, user):
    client = sign_in(Client(), user)
    form = hidden_inputs(client.get(authorize_url(app)).content.decode())
    for change in [{"client_id": "nope"}, {"redirect_uri": "https://evil.example/"}, {"response_type": ""},
                   {"code_challenge": "x", "code_challenge_method": "plain"}]:
        response = client.post("/oauth/authorize", {**form, "allow": "true", **change})
        assert response.status_code in (400, 401), change
        assert response["Content-Type"].startswith("text/html")


def test_malformed_query_is_an_error_not_a_crash(app, user):
    client = sign_in(Client(), user)
    response = client.get(f"/oauth/authorize?client_id={app.client_id}&redirect_uri=%ZZ&response_type=code")
    assert response.status_code == 400


def test_post_needs_sign_in(app, db):
    response = Client().post("/oauth/authorize", {"client_id": app.client_id})
    assert response.status_code == 302 and response["Location"].startswith("/auth/sign_in")


def test_consent_post_is_csrf_protected(app, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(authorize_url(app))
    form = hidden_inputs(page.content.decode())
    form.pop("csrfmiddlewaretoken")
    assert client.post("/oauth/authorize", {**form, "allow": "true"}).status_code == 403


def test_force_login_signs_out_and_comes_back(app, user, make_user):
    make_user("bob")
    client = sign_in(Client(), user)
    url = authorize_url(app, force_login="true")
    response = client.get(url)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    back = query_of(response["Location"])["next"]
    assert "force_login" not in back and app.client_id in back
    response = client.post("/auth/sign_in", {"username": "bob", "password": PASSWORD, "next": back})
    page = client.get(response["Location"])
    assert page.status_code == 200 and "@bob" in page.content.decode()
    # force_login=false is no reason to sign in again
    assert client.get(authorize_url(app, force_login="false")).status_code == 200
