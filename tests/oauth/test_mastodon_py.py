"""The OAuth flows driven by a real client library, Mastodon.py, against a live server."""
import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonIllegalArgumentError, MastodonUnauthorizedError

from tests.factories import PASSWORD
from tests.oauth.helpers import authorization_code_from_page, hidden_inputs, query_of

SCOPES = ["read", "write", "follow", "push"]


@pytest.fixture
def server(transactional_db, live_server, settings):
    # (transactional_db first: the test database then outlives the live server at teardown)
    # The metadata document must point clients at the live server, not the configured domain.
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def client_app(server):
    client_id, client_secret = Mastodon.create_app("Mastodon.py test", scopes=SCOPES, api_base_url=server,
                                                   redirect_uris=["urn:ietf:wg:oauth:2.0:oob", "https://c.example/cb"])
    # mastodon_version: without it log_in() asks /api/v1/instance for the version (not part of this app),
    # and Mastodon.py 2.3 retries that forever when it fails.
    client = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server, version_check_mode="none",
                      mastodon_version="4.5.0", request_timeout=30)
    yield client
    # Close kept-alive connections: a server thread holds its database connection until then.
    client.session.close()


@pytest.fixture
def browser():
    with requests.Session() as session:
        yield session


def test_metadata(client_app, server):
    info = client_app.oauth_authorization_server_info()
    assert info["token_endpoint"] == f"{server}/oauth/token"
    assert "password" in info["grant_types_supported"]


@pytest.mark.parametrize("login", ["alice", "alice@example.com"])
def test_password_log_in_verify_refresh_and_revoke(client_app, user, login):
    token = client_app.log_in(username=login, password=PASSWORD, scopes=SCOPES, allow_http=True)
    assert token
    assert client_app.account_verify_credentials()["username"] == "alice"
    client_app.revoke_access_token(allow_http=True)
    client_app.access_token = token
    with pytest.raises(MastodonUnauthorizedError):
        client_app.account_verify_credentials()


def test_password_log_in_refused(client_app, user):
    with pytest.raises(MastodonIllegalArgumentError):
        client_app.log_in(username="alice", password="wrong", scopes=SCOPES, allow_http=True)


def sign_in_and_consent(browser, authorize_url):
    """What a person does in the browser: sign in, then press Authorize. Returns the last response."""
    sign_in_page = browser.get(authorize_url)
    assert sign_in_page.url.startswith(authorize_url.split("/oauth/")[0] + "/auth/sign_in")
    form = hidden_inputs(sign_in_page.text)
    form.update(username="alice", password=PASSWORD)
    consent = browser.post(sign_in_page.url, data=form)
    assert consent.status_code == 200 and "Authorize" in consent.text, consent.text
    form = hidden_inputs(consent.text)
    form["allow"] = "true"
    return browser.post(consent.url.split("?")[0], data=form, allow_redirects=False)


def test_code_flow_through_the_web_pages(client_app, user, browser):
    url = client_app.auth_request_url(scopes=["read", "write"], allow_http=True)
    answer = sign_in_and_consent(browser, url)
    assert answer.status_code == 302
    code_page = browser.get(client_app.api_base_url + answer.headers["Location"])
    code = authorization_code_from_page(code_page.text)
    assert code
    client_app.log_in(code=code, scopes=["read", "write"], allow_http=True)
    assert client_app.account_verify_credentials()["acct"] == "alice"


def test_code_flow_with_redirect_and_state(client_app, user, browser):
    url = client_app.auth_request_url(scopes=["read"], redirect_uris="https://c.example/cb", state="opaque",
                                      allow_http=True)
    answer = sign_in_and_consent(browser, url)
    location = answer.headers["Location"]
    assert location.startswith("https://c.example/cb?")
    assert query_of(location)["state"] == "opaque"
    client_app.log_in(code=query_of(location)["code"], redirect_uri="https://c.example/cb", scopes=["read"],
                      allow_http=True)
    assert client_app.account_verify_credentials()["username"] == "alice"
