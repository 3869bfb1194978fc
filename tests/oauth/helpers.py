"""Helpers for driving the OAuth web flow by hand (Django test client or requests)."""
import base64
import hashlib
import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlsplit

from tests.factories import PASSWORD


def pkce_pair():
    """(code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def hidden_inputs(html):
    """name -> value of every hidden input (and the CSRF token) in a page."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    return fields


def authorization_code_from_page(html):
    match = re.search(r'id="authorization-code">([^<]+)<', html)
    return unescape(match.group(1)).strip() if match else None


def query_of(url):
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def sign_in(client, user, password=PASSWORD):
    """Signs a Django test client in through the sign-in form."""
    response = client.post("/auth/sign_in", {"username": user.account.username, "password": password})
    assert response.status_code == 302, response.content
    return client


def authorize(client, app, *, scope="read", redirect_uri=None, allow=True, **extra):
    """Shows the consent page to a signed-in client and answers it; returns the POST response."""
    params = {"client_id": app.client_id, "redirect_uri": redirect_uri or app.redirect_uri_list[0],
              "response_type": "code", "scope": scope, **extra}
    page = client.get("/oauth/authorize", params)
    assert page.status_code == 200, page.content
    form = hidden_inputs(page.content.decode())
    if allow:
        form["allow"] = "true"
    return client.post("/oauth/authorize", form)


def code_from_redirect(response):
    assert response.status_code == 302, response.content
    return query_of(response["Location"])["code"]
