"""Moderation takes effect everywhere: suspended accounts vanish and their tokens stop
working, silenced ones leave public timelines, `sensitive` forces media sensitive for all
but the author, disabled users cannot sign in."""
import pytest

from admin_api import services
from relationships.services import follow
from tests.admin_api.conftest import post
from tests.factories import PASSWORD, make_app, make_token, make_user

pytestmark = pytest.mark.django_db


def test_suspended_accounts_vanish_and_their_tokens_stop(api, admin, django_capture_on_commit_callbacks):
    bad = make_user("bad")
    token = make_token(bad)
    status = post(bad.account, "gone soon")
    viewer = make_token(make_user("viewer"))
    with django_capture_on_commit_callbacks(execute=True):
        services.take_action(admin.account, bad.account, "suspend")
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 401
    assert api.get(f"/api/v1/statuses/{status.id}", token=viewer).status_code == 404
    assert str(status.id) not in [s["id"] for s in api.get("/api/v1/timelines/public", token=viewer).json()]
    assert api.get(f"/api/v1/accounts/{bad.account.id}/statuses", token=viewer).json() == []
    shown = api.get(f"/api/v1/accounts/{bad.account.id}", token=viewer)
    assert shown.status_code == 404 or shown.json().get("suspended") is True
    found = api.get("/api/v2/search", {"q": "bad", "type": "accounts"}, token=viewer).json()["accounts"]
    assert str(bad.account.id) not in [a["id"] for a in found]


def test_silenced_accounts_leave_public_timelines(api, admin, django_capture_on_commit_callbacks):
    loud = make_user("loud")
    fan = make_user("fan")
    follow(fan.account, loud.account)
    services.take_action(admin.account, loud.account, "silence")
    with django_capture_on_commit_callbacks(execute=True):
        status = post(loud.account, "quietly now")
    public = api.get("/api/v1/timelines/public", token=make_token(make_user("stranger"))).json()
    assert str(status.id) not in [s["id"] for s in public]
    home = api.get("/api/v1/timelines/home", token=make_token(fan)).json()
    assert str(status.id) in [s["id"] for s in home]


def test_sensitized_media_is_sensitive_for_everyone_but_the_author(api, admin):
    artist = make_user("artist")
    status = post(artist.account, "look at this")
    services.take_action(admin.account, artist.account, "sensitive")
    other = make_token(make_user("other"))
    assert api.get(f"/api/v1/statuses/{status.id}", token=other).json()["sensitive"] is True
    assert api.get(f"/api/v1/statuses/{status.id}").json()["sensitive"] is True
    assert api.get(f"/api/v1/statuses/{status.id}", token=make_token(artist)).json()["sensitive"] is False
    timeline = api.get("/api/v1/timelines/public", token=other).json()
    assert [s["sensitive"] for s in timeline if s["id"] == str(status.id)] == [True]
    services.unsensitive(admin.account, artist.account)
    assert api.get(f"/api/v1/statuses/{status.id}", token=other).json()["sensitive"] is False


def test_disabled_users_cannot_sign_in(api, admin, client):
    user = make_user("locked")
    app = make_app(scopes="read")
    services.take_action(admin.account, user.account, "disable")
    response = client.post("/oauth/token", {"grant_type": "password", "username": user.email, "password": PASSWORD,
                                            "client_id": app.client_id, "client_secret": app.plain_secret,
                                            "scope": "read"})
    assert response.status_code in (400, 401, 403) and "access_token" not in response.json()
    services.enable(admin.account, user.account)
    response = client.post("/oauth/token", {"grant_type": "password", "username": user.email, "password": PASSWORD,
                                            "client_id": app.client_id, "client_secret": app.plain_secret,
                                            "scope": "read"})
    assert response.status_code == 200 and "access_token" in response.json()
