"""Sign-in the way browser clients do it (authorization code + PKCE, the sign-in form driven
with plain HTTP requests), the sign-in pages' headers, and discovery links that resolve."""
import base64
import hashlib
import re
import secrets
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlparse

import requests
from mastodon import Mastodon

from tests.system.conftest import SCOPES

REDIRECT_URI = "http://127.0.0.1:9/callback"  # never followed: the code is read from the redirect


class Forms(HTMLParser):
    """Every <form> with its inputs (hidden fields included) and submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            if tag == "input" or attrs.get("type") == "submit":
                self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value", ""))


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def authorize_url(deployment, client_id, challenge):
    return deployment.url + "/oauth/authorize?" + urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT_URI, "scope": " ".join(SCOPES),
        "code_challenge": challenge, "code_challenge_method": "S256", "state": "xyz"})


def test_authorization_code_with_pkce(deployment):
    username = deployment.unique("web")
    password = deployment.create_accounts(username)
    client_id, client_secret = Mastodon.create_app("pkce app", api_base_url=deployment.url, scopes=SCOPES,
                                                   redirect_uris=REDIRECT_URI)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    browser = requests.Session()

    page = browser.get(authorize_url(deployment, client_id, challenge), timeout=30)
    assert page.status_code == 200 and urlparse(page.url).path == "/auth/sign_in", page.url
    form = forms_of(page.text)[0]
    form["fields"].update(username=f"{username}@example.com", password=password)
    consent = browser.post(deployment.url + form["action"], data=form["fields"], timeout=30,
                           headers={"Referer": page.url})
    assert consent.status_code == 200 and urlparse(consent.url).path == "/oauth/authorize", consent.url
    form = next(form for form in forms_of(consent.text) if "allow" in form["fields"])
    answer = browser.post(deployment.url + form["action"], data=form["fields"], allow_redirects=False, timeout=30,
                          headers={"Referer": consent.url})
    assert answer.status_code == 302, answer.text[:500]
    location = urlparse(answer.headers["Location"])
    assert location.geturl().startswith(REDIRECT_URI)
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]

    token = requests.post(deployment.url + "/oauth/token", timeout=30, data={
        "grant_type": "authorization_code", "code": query["code"][0], "client_id": client_id,
        "client_secret": client_secret, "redirect_uri": REDIRECT_URI, "code_verifier": verifier}).json()
    api = Mastodon(access_token=token["access_token"], api_base_url=deployment.url, request_timeout=30)
    assert api.account_verify_credentials()["acct"] == username


def test_sign_in_pages_keep_the_opener(deployment):
    """Web clients sign in in a popup that reports back to its opener: these pages must not
    send Cross-Origin-Opener-Policy: same-origin (Django's default)."""
    client_id, _ = Mastodon.create_app("popup app", api_base_url=deployment.url, scopes=SCOPES,
                                       redirect_uris=REDIRECT_URI)
    for url in (deployment.url + "/auth/sign_in", authorize_url(deployment, client_id, "x" * 43)):
        response = requests.get(url, timeout=30, allow_redirects=False)
        assert response.status_code in (200, 302), url
        assert response.headers.get("Cross-Origin-Opener-Policy", "unsafe-none") == "unsafe-none", url
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        assert response.headers.get("X-Frame-Options") in ("DENY", "SAMEORIGIN")


def test_webfinger_self_link_resolves(deployment):
    api = deployment.user()
    domain = urlparse(deployment.url).netloc
    finger = requests.get(deployment.url + "/.well-known/webfinger",
                          params={"resource": f"acct:{api.username}@{domain}"}, timeout=30)
    assert finger.status_code == 200
    self_link = next(link for link in finger.json()["links"] if link["rel"] == "self")
    actor = requests.get(self_link["href"], headers={"Accept": "application/activity+json"}, timeout=30)
    assert actor.status_code == 200, self_link
    document = actor.json()
    assert document["type"] == "Person" and document["id"] == self_link["href"]
    assert re.search(r"BEGIN PUBLIC KEY", document["publicKey"]["publicKeyPem"])
    for link in finger.json()["links"]:
        if link.get("template"):  # the remote-follow (subscribe) template
            # a local account: its profile page; a remote one: a page saying why not (no federation yet)
            page = requests.get(link["template"].replace("{uri}", f"acct:{api.username}@{domain}"), timeout=30)
            assert page.status_code == 200 and api.username in page.text, link["template"]
            page = requests.get(link["template"].replace("{uri}", "acct:someone@example.com"), timeout=30)
            assert page.status_code == 404 and "other servers" in page.text, link["template"]
