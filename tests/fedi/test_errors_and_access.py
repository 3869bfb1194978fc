"""Mastodon's error format and the per-method access declarations."""
import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_token, make_user

pytestmark = pytest.mark.urls("tests.fedi.urls")


def test_unknown_api_route_is_json_404(api, db):
    response = api.get("/api/v1/no_such_thing")
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}


def test_wrong_method_is_json_405(api, db):
    response = api.request("DELETE", "/api/test/typed")
    assert response.status_code == 405
    assert response.json() == {"error": "Method not allowed"}


def test_unexpected_exception_is_logged_and_answered_as_json(api, db, caplog):
    with caplog.at_level(logging.ERROR, logger="fedi.api"):
        response = api.get("/api/test/boom")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
    assert any("kaboom" in (record.exc_text or str(record.exc_info)) for record in caplog.records)


def test_undeclared_method_is_refused(api, db):
    response = api.request("DELETE", "/api/test/undeclared")
    assert response.status_code == 403


def test_user_access_and_scopes(api, db):
    user = make_user("scoped")
    assert api.get("/api/test/user_only").status_code == 401
    assert api.get("/api/test/user_only", token=make_token(user, scopes="read")).status_code == 200
    assert api.get("/api/test/user_only", token=make_token(user, scopes="read:statuses")).status_code == 200
    response = api.get("/api/test/user_only", token=make_token(user, scopes="write"))
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    assert api.post("/api/test/user_only", token=make_token(user, scopes="write:statuses")).status_code == 200
    assert api.post("/api/test/user_only", token=make_token(user, scopes="read")).status_code == 403


def test_token_as_query_parameter(api, db):
    user = make_user("querytoken")
    token = make_token(user, scopes="read")
    assert api.get("/api/test/user_only", {"access_token": token}).status_code == 200


def test_public_endpoint_rejects_an_invalid_token(api, db):
    assert api.get("/api/test/typed").status_code == 200
    assert api.get("/api/test/typed", token="bogus").status_code == 401


def _api_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver("fedi.urls")
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/"):
            yield route, getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None), \
                pattern.callback


@pytest.mark.urls("fedi.urls")
def test_every_api_route_declares_access_for_every_method():
    checked = 0
    for route, view_class, callback in _api_views():
        if view_class is None:
            assert route == "api/v1/streaming/health", f"{route} is not a class-based API view"
            continue
        methods = [m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]
        declared = getattr(view_class, "access", {})
        missing = [m for m in methods if m not in declared]
        assert not missing, f"{route} ({view_class.__name__}) declares no access for {missing}"
        checked += 1
    assert checked >= 5


def test_validation_failures_name_every_problem(api, db):
    from fedi.errors import ValidationFailed, exception_handler

    errors = ValidationFailed().add("username", "ERR_TAKEN").add("password", "ERR_BLANK")
    response = exception_handler(errors, {})
    assert response.status_code == 422
    assert response.data["error"] == "Validation failed: Username is already taken, Password can't be blank"
    assert response.data["details"]["username"] == [{"error": "ERR_TAKEN", "description": "is already taken"}]


def test_a_trailing_slash_reaches_the_same_endpoint(api, db):
    assert api.get("/api/test/typed/", {"count": "2"}).json()["count"] == 2
    assert api.get("/api/test/typed").status_code == 200
