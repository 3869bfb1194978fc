"""Shared fixtures. Every JSON response of a documented endpoint is validated against the
Mastodon OpenAPI file as it passes through the `api` client (see tests/openapi.py)."""
import json as jsonlib

import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories
from tests.openapi import validate_response


class ApiClient:
    """Real HTTP requests through the whole Django stack, each response spec-checked."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.token = None

    def authenticate(self, token):
        self.token = token
        return self

    def request(self, method, path, data=None, *, token=None, format="form", headers=None, validate=True,
                allow_missing=()):
        token = self.token if token is None else token
        extra = {}
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        method = method.upper()
        call = getattr(self.client, method.lower())
        if method == "GET" or format == "query":
            if method == "GET":
                response = call(path, data or {}, **extra)
            else:
                from urllib.parse import urlencode

                query = urlencode(data or {}, doseq=True)
                response = call(f"{path}?{query}" if query else path, **extra)
        elif format == "json":
            response = call(path, jsonlib.dumps(data or {}), content_type="application/json", **extra)
        elif format == "multipart":
            response = call(path, data or {}, **extra)  # Django's test client: multipart for post
        else:
            from urllib.parse import urlencode

            response = call(path, urlencode(data or {}, doseq=True),
                            content_type="application/x-www-form-urlencoded", **extra)
        if validate and response.get("Content-Type", "").startswith("application/json"):
            validate_response(method, path.split("?")[0], response.status_code, response.json(),
                              allow_missing=allow_missing)
        return response

    def get(self, path, data=None, **kwargs):
        return self.request("GET", path, data, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def put(self, path, data=None, **kwargs):
        return self.request("PUT", path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        return self.request("PATCH", path, data, **kwargs)

    def delete(self, path, data=None, **kwargs):
        return self.request("DELETE", path, data, **kwargs)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached values never leak from one test into the next.
    A test starts with no IP blocks: say so in the cache the middleware reads, as a running
    server has it after its first request (else that request's extra query would count in
    the tests asserting constant queries)."""
    from accounts.services.blocks import NO_ACCESS_CACHE_KEY, NO_ACCESS_CACHE_SECONDS

    cache.clear()
    cache.set(NO_ACCESS_CACHE_KEY, [], NO_ACCESS_CACHE_SECONDS)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_preview_card_fetches(settings):
    """Posting a link would fetch its preview card from the Internet; tests/cards turns it on
    against a local server."""
    settings.PREVIEW_CARDS_ENABLED = False


@pytest.fixture(autouse=True)
def _media_processed_in_the_test(settings):
    """Without a broker the web process hands uploads to media threads, which would not see a
    test's open transaction; tests/media_attachments turns them on where it tests them."""
    settings.MEDIA_PROCESSING_THREADS = 0


@pytest.fixture
def api(db):
    return ApiClient()


@pytest.fixture
def user(db):
    return factories.make_user("alice")


@pytest.fixture
def token(user):
    return factories.make_token(user)


@pytest.fixture
def alice(db):
    return factories.Person("alice")


@pytest.fixture
def bob(db):
    return factories.Person("bob")


@pytest.fixture
def carol(db):
    return factories.Person("carol")


@pytest.fixture
def person(db):
    """factories.Person, to make more people: person("dave", locked=True)."""
    return factories.Person


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def make_token(db):
    return factories.make_token


@pytest.fixture
def make_app(db):
    return factories.make_app
