"""Brute force: every path that checks a password shares one per-IP and one per-account
limit (fedi.ratelimit.SignInAttempt), and a made-up token buys no budget of its own."""
import pytest
from django.test import Client, override_settings

from tests.factories import PASSWORD, make_app, make_token, make_user

LIMITS = {"api": (300, 300), "user": (1500, 300), "unauthenticated": (300, 300), "sign_up": (5, 1800),
          "sign_in": (3, 300), "sign_in_account": (100, 3600)}
ACCOUNT_LIMITS = {**LIMITS, "sign_in": (100, 300), "sign_in_account": (3, 3600)}


def password_grant(app, username, password, ip="10.0.0.1"):
    return Client().post("/oauth/token", {"grant_type": "password", "client_id": app.client_id,
                                          "client_secret": app.plain_secret, "username": username,
                                          "password": password, "scope": "read"}, REMOTE_ADDR=ip)


def sign_in_form(username, password, ip="10.0.0.1"):
    return Client().post("/auth/sign_in", {"username": username, "password": password}, REMOTE_ADDR=ip)


def admin_login(username, password, ip="10.0.0.1"):
    return Client().post("/admin/login/?next=/admin/", {"username": username, "password": password,
                                                         "next": "/admin/"}, REMOTE_ADDR=ip)


def assert_throttled(response):
    assert response.status_code == 429, response.content
    assert response.json() == {"error": "Too many requests"}
    assert response["X-RateLimit-Remaining"] == "0"
    assert response["X-RateLimit-Limit"]
    assert response["X-RateLimit-Reset"].endswith("Z")


@override_settings(RATE_LIMITS=LIMITS)
def test_the_password_grant_is_limited_per_ip_and_then_refuses_even_the_right_password(db):
    make_user("alice")
    app = make_app()
    assert [password_grant(app, "alice", f"wrong{i}").status_code for i in range(3)] == [400, 400, 400]
    assert_throttled(password_grant(app, "alice", PASSWORD))
    # another client's IP has its own budget
    assert password_grant(app, "alice", PASSWORD, ip="10.9.9.9").status_code == 200


@override_settings(RATE_LIMITS=LIMITS)
def test_every_password_path_shares_the_ip_budget(db):
    make_user("boss", role="Owner")
    app = make_app()
    assert password_grant(app, "boss", "wrong").status_code == 400
    assert sign_in_form("boss", "wrong").status_code == 401
    assert admin_login("boss", "wrong").status_code == 200  # the admin's form again, with an error
    for response in (password_grant(app, "boss", PASSWORD), sign_in_form("boss", PASSWORD),
                     admin_login("boss", PASSWORD)):
        assert_throttled(response)


@override_settings(RATE_LIMITS=ACCOUNT_LIMITS)
def test_an_account_is_limited_across_ips_and_logins(db):
    make_user("alice", email="alice@example.com")
    make_user("bob")
    app = make_app()
    # username, e-mail address, any capitalisation: one account, one budget, whatever the IP
    for index, login in enumerate(("alice", "ALICE@example.com", "@alice")):
        assert password_grant(app, login, "wrong", ip=f"10.0.1.{index}").status_code == 400
    assert_throttled(password_grant(app, "alice", PASSWORD, ip="10.0.2.1"))
    assert_throttled(sign_in_form("alice@example.com", PASSWORD, ip="10.0.2.2"))
    # another account is not affected
    assert password_grant(app, "bob", PASSWORD, ip="10.0.2.3").status_code == 200


@override_settings(RATE_LIMITS=ACCOUNT_LIMITS)
def test_successful_sign_ins_do_not_use_up_the_accounts_budget(db):
    make_user("alice")
    app = make_app()
    for index in range(5):
        assert password_grant(app, "alice", PASSWORD, ip=f"10.0.3.{index}").status_code == 200


@override_settings(RATE_LIMITS=ACCOUNT_LIMITS)
def test_unknown_logins_are_limited_like_existing_ones(db):
    app = make_app()
    assert [password_grant(app, "ghost", "x", ip=f"10.0.4.{i}").status_code for i in range(3)] == [400] * 3
    assert_throttled(password_grant(app, "ghost", "x", ip="10.0.4.9"))


@override_settings(RATE_LIMITS=ACCOUNT_LIMITS)
def test_password_confirming_endpoints_share_the_accounts_budget(api, db):
    user = make_user("alice")
    token = make_token(user, scopes="write:accounts")
    data = {"password": "wrong", "new_password": "new secret 123", "new_password_confirmation": "new secret 123"}
    assert [api.post("/api/pleroma/change_password", data, token=token).status_code for _ in range(3)] == [403] * 3
    response = api.post("/api/pleroma/change_password", {**data, "password": PASSWORD}, token=token)
    assert_throttled(response)
    assert_throttled(password_grant(make_app(), "alice", PASSWORD))


@override_settings(RATE_LIMITS_ENABLED=False)
def test_sign_in_limits_turn_off_with_the_others(db):
    make_user("alice")
    app = make_app()
    assert all(password_grant(app, "alice", "wrong").status_code == 400 for _ in range(30))
    assert password_grant(app, "alice", PASSWORD).status_code == 200


# --- made-up tokens ---------------------------------------------------------------------

@override_settings(RATE_LIMITS={**LIMITS, "unauthenticated": (3, 300)})
def test_made_up_tokens_count_against_the_ip(db):
    client = Client(REMOTE_ADDR="10.0.5.1")
    statuses = [client.post("/api/v1/apps", {"client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
                            HTTP_AUTHORIZATION=f"Bearer made-up-{i}").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    # the same IP without a token has spent its budget too; another IP has not
    assert client.get("/api/v1/instance").status_code == 429
    assert Client(REMOTE_ADDR="10.0.5.2").get("/api/v1/instance").status_code == 200


@override_settings(RATE_LIMITS={**LIMITS, "unauthenticated": (2, 300), "api": (5, 300)})
def test_a_valid_token_keeps_its_own_budget(db):
    token = make_token(make_user("alice"), scopes="read")
    client = Client(REMOTE_ADDR="10.0.6.1")
    for _ in range(2):
        client.get("/api/v1/instance", HTTP_AUTHORIZATION="Bearer nonsense")
    response = client.get("/api/v1/instance", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == "5" and response["X-RateLimit-Remaining"] == "4"


@override_settings(RATE_LIMITS=LIMITS)
def test_ipv6_addresses_of_one_network_share_a_budget(db):
    make_user("alice")
    app = make_app()
    for host in range(3):
        assert password_grant(app, "alice", "wrong", ip=f"2001:db8:1:2::{host + 1}").status_code == 400
    assert_throttled(password_grant(app, "alice", PASSWORD, ip="2001:db8:1:2:ffff::9"))
    assert password_grant(app, "alice", PASSWORD, ip="2001:db8:1:3::1").status_code == 200  # another /64


@override_settings(RATE_LIMITS={**LIMITS, "unauthenticated": (2, 300)})
def test_ipv6_hosts_of_one_network_share_the_unauthenticated_budget(db):
    assert Client(REMOTE_ADDR="2001:db8::1").get("/api/v1/instance").status_code == 200
    assert Client(REMOTE_ADDR="2001:db8::2").get("/api/v1/instance").status_code == 200
    assert Client(REMOTE_ADDR="2001:db8::3").get("/api/v1/instance").status_code == 429
    assert Client(REMOTE_ADDR="::ffff:10.0.7.1").get("/api/v1/instance").status_code == 200
