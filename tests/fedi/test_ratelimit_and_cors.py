"""Rate limits (429 and X-RateLimit-* headers) and CORS for browser clients."""
import pytest
from django.test import override_settings

from tests.factories import make_token, make_user

pytestmark = pytest.mark.urls("tests.fedi.urls")


def test_rate_limit_headers_on_every_api_response(api, db):
    response = api.get("/api/test/typed")
    assert response["X-RateLimit-Limit"] == "300"
    assert response["X-RateLimit-Remaining"] == "299"
    assert response["X-RateLimit-Reset"].endswith("Z")


@override_settings(RATE_LIMITS={"api": (3, 300), "unauthenticated": (2, 300), "media": (30, 1800),
                                "delete": (30, 1800), "sign_up": (5, 1800), "sign_in": (25, 300)})
def test_unauthenticated_requests_are_limited_per_ip(api, db):
    assert api.get("/api/test/typed").status_code == 200
    assert api.get("/api/test/typed").status_code == 200
    response = api.get("/api/test/typed")
    assert response.status_code == 429
    assert response.json() == {"error": "Too many requests"}
    assert response["X-RateLimit-Remaining"] == "0"
    # another client IP has its own budget
    other = api.client.get("/api/test/typed", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


@override_settings(RATE_LIMITS={"api": (2, 300), "unauthenticated": (100, 300), "media": (30, 1800),
                                "delete": (30, 1800), "sign_up": (5, 1800), "sign_in": (25, 300)})
def test_tokens_are_limited_each_on_their_own(api, db):
    user = make_user("limited")
    first, second = make_token(user, scopes="read"), make_token(user, scopes="read")
    assert api.get("/api/test/user_only", token=first).status_code == 200
    assert api.get("/api/test/user_only", token=first).status_code == 200
    assert api.get("/api/test/user_only", token=first).status_code == 429
    assert api.get("/api/test/user_only", token=second).status_code == 200


@override_settings(RATE_LIMITS={"api": (100, 300), "user": (3, 300), "unauthenticated": (100, 300)})
def test_a_user_is_limited_across_tokens(api, db):
    user = make_user("busy")
    tokens = [make_token(user, scopes="read") for _ in range(4)]
    assert [api.get("/api/test/user_only", token=token).status_code for token in tokens] == [200, 200, 200, 429]
    assert api.get("/api/test/user_only", token=make_token(make_user("calm"), scopes="read")).status_code == 200


@override_settings(RATE_LIMITS_ENABLED=False)
def test_rate_limits_can_be_turned_off(api, db):
    response = api.get("/api/test/typed")
    assert "X-RateLimit-Limit" not in response


def test_cors_preflight_for_api_and_token_endpoint(api, db):
    for path in ("/api/test/typed", "/oauth/token"):
        response = api.client.options(path, HTTP_ORIGIN="https://app.example",
                                      HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                      HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, idempotency-key")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        allowed = response["Access-Control-Allow-Headers"].lower()
        assert "authorization" in allowed and "idempotency-key" in allowed


def test_cors_exposes_link_and_rate_limit_headers(api, db):
    response = api.client.get("/api/test/typed", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = response["Access-Control-Expose-Headers"].lower()
    for header in ("link", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
        assert header in exposed
