"""Objects the tests need, made through the same services the API uses."""
import itertools
import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from accounts.services.users import create_local_user
from oauth.services import create_application

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_user(username=None, *, email=None, password=PASSWORD, confirmed=True, approved=True, role=None,
              signed_in=True, **kwargs):
    """A local user. signed_in: as someone who has used the API today (current_sign_in_at
    set, so a request of theirs does not first refresh it and rebuild their feeds); False
    for a user who never used it."""
    username = username or f"user{next(_counter)}"
    email = email or f"{username}@example.com"
    user = create_local_user(username, email, password, confirmed=confirmed, approved=approved, role=role, **kwargs)
    if signed_in:
        type(user).objects.filter(pk=user.pk).update(current_sign_in_at=timezone.now())
        user.current_sign_in_at = timezone.now()
    return user


def make_app(scopes="read write follow push", redirect_uris="urn:ietf:wg:oauth:2.0:oob", name=None):
    app, secret = create_application(name or f"Test app {next(_counter)}", redirect_uris, scopes)
    app.plain_secret = secret
    return app


def make_token(user=None, scopes="read write follow push", app=None):
    """A raw access token string for a user (or an app-only token when user is None)."""
    app = app or make_app(scopes=scopes)
    raw = secrets.token_urlsafe(32)
    get_access_token_model().objects.create(
        user=user, application=app, token=raw, scope=scopes, expires=timezone.now() + timedelta(days=365))
    return raw


class Person:
    """A local user, their account and a token (every scope unless `scopes`): the people of
    the tests (the alice, bob and carol fixtures of tests/conftest.py; `person` makes more)."""

    def __init__(self, username, *, scopes="read write follow push", **kwargs):
        self.user = make_user(username, **kwargs)
        self.account = self.user.account
        self.id = self.account.id
        self.token = make_token(self.user, scopes=scopes)

    def refresh(self):
        self.account.refresh_from_db()
        return self.account
