"""GET /api/v1/preferences."""
from tests.factories import make_token


def test_default_preferences(api, user, token):
    response = api.get("/api/v1/preferences", token=token)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "posting:default:visibility": "public", "posting:default:sensitive": False,
        "posting:default:language": None, "posting:default:quote_policy": "public",
        "reading:expand:media": "default", "reading:expand:spoilers": False,
    }


def test_preferences_follow_the_posting_defaults(api, user, token):
    api.patch("/api/v1/accounts/update_credentials", {"source[privacy]": "unlisted", "source[sensitive]": "true",
                                                      "source[language]": "ja"}, token=token)
    user.refresh_from_db()
    user.settings = {**user.settings, "reading:expand:media": "hide_all", "reading:expand:spoilers": True}
    user.save()
    body = api.get("/api/v1/preferences", token=token).json()
    assert body["posting:default:visibility"] == "unlisted"
    assert body["posting:default:sensitive"] is True and body["posting:default:language"] == "ja"
    assert body["reading:expand:media"] == "hide_all" and body["reading:expand:spoilers"] is True


def test_preferences_refusals(api, user):
    assert api.get("/api/v1/preferences").status_code == 401
    assert api.get("/api/v1/preferences", token=make_token(user, scopes="write")).status_code == 403
    assert api.get("/api/v1/preferences", token=make_token(user, scopes="read:accounts")).status_code == 200
