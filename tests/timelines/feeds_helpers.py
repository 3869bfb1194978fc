"""Fixtures and helpers of the timeline, feed and conversation tests.

Test modules import what they use (`from tests.timelines.feeds_helpers import ...`):
fixtures imported into a module are fixtures of that module.

- `api`: the spec-checking client of tests/conftest.py, where each request's on-commit
  callbacks run once it returns, as they do after a real request's transaction (so
  distribution, fan-out and their Celery tasks, eager in tests, run for real).
- `store`: runs a test once per feed store ("database", and "redis" when REDIS_URL is set).
- `alice`, `bob`, `carol`, `dave`, `person`: local users who signed in recently (active, so
  fan-out reaches them), each with a token with every scope.
"""
import re

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Account, User
from tests.conftest import ApiClient
from tests.factories import make_token, make_user
from feeds.store import HOME, LIST, feed_store


class CommittingApiClient(ApiClient):
    def __init__(self, capture):
        super().__init__()
        self.capture = capture

    def request(self, *args, **kwargs):
        with self.capture(execute=True):
            return super().request(*args, **kwargs)


@pytest.fixture
def api(db, django_capture_on_commit_callbacks):
    return CommittingApiClient(django_capture_on_commit_callbacks)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """with committing(): ... runs on-commit callbacks of service calls made in a test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


STORES = ["database", pytest.param("redis", marks=pytest.mark.skipif(
    not settings.REDIS_URL, reason="the Redis feed store needs REDIS_URL"))]


@pytest.fixture(params=STORES)
def store(request, settings):
    settings.FEED_STORE = request.param
    return feed_store()


class Person:
    def __init__(self, username, *, active=True, **kwargs):
        self.user = make_user(username, signed_in=active, **kwargs)
        if active:
            self.set_last_sign_in(timezone.now())
        self.account = self.user.account
        self.id = self.account.id
        self.token = make_token(self.user)

    def set_last_sign_in(self, moment):
        User.objects.filter(pk=self.user.pk).update(current_sign_in_at=moment)
        self.user.current_sign_in_at = moment

    def refresh(self):
        self.account.refresh_from_db()
        return self.account


@pytest.fixture
def person(db):
    return Person


@pytest.fixture
def alice(db):
    return Person("alice")


@pytest.fixture
def bob(db):
    return Person("bob")


@pytest.fixture
def carol(db):
    return Person("carol")


@pytest.fixture
def dave(db):
    return Person("dave")


@pytest.fixture
def remote(db):
    def make(username="remote", domain="remote.example", **fields):
        return Account.objects.create(username=username, domain=domain, uri=f"https://{domain}/users/{username}",
                                      url=f"https://{domain}/@{username}", **fields)
    return make


# --- Helpers ---------------------------------------------------------------------------

def post(api, who, text="Hello", **params):
    """POST /api/v1/statuses as `who`; the Status JSON."""
    response = api.post("/api/v1/statuses", {"status": text, **params}, token=who.token)
    assert response.status_code == 200, response.content
    return response.json()


def act(api, who, target, action, data=None):
    """POST /api/v1/accounts/:id/<action> (follow, unfollow, block, mute...)."""
    target_id = target if isinstance(target, (int, str)) else target.id
    response = api.post(f"/api/v1/accounts/{target_id}/{action}", data or {}, token=who.token)
    assert response.status_code == 200, response.content
    return response.json()


def follow(api, who, target, **options):
    return act(api, who, target, "follow", options)


def status_action(api, who, status, action, data=None):
    status_id = status["id"] if isinstance(status, dict) else status
    response = api.post(f"/api/v1/statuses/{status_id}/{action}", data or {}, token=who.token)
    assert response.status_code == 200, response.content
    return response.json()


def delete_status(api, who, status):
    response = api.delete(f"/api/v1/statuses/{status['id']}", token=who.token)
    assert response.status_code == 200, response.content


def get(api, who, path, params=None, status=200):
    response = api.get(path, params or {}, token=who.token if who is not None else None)
    assert response.status_code == status, response.content
    return response


def ids(response):
    return [item["id"] for item in response.json()]


def home(api, who, **params):
    """The ids on `who`'s home timeline."""
    return ids(get(api, who, "/api/v1/timelines/home", params))


def links(response):
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", "")))


def query_of(url):
    from urllib.parse import parse_qs, urlparse

    return {key: values[-1] for key, values in parse_qs(urlparse(url).query).items()}


def home_feed(who):
    """The status ids in `who`'s home feed store (as strings, newest first)."""
    return [str(value) for value in feed_store().ids(HOME, who.id)]


def list_feed(list_id):
    return [str(value) for value in feed_store().ids(LIST, int(list_id))]
