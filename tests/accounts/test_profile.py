"""GET/PATCH /api/v1/profile and DELETE /api/v1/profile/avatar|header."""
import pytest
from django.core.files.storage import default_storage

from accounts.models import Account
from tests.accounts.profile_helpers import image_bytes, media_root, send_multipart, upload  # noqa: F401
from tests.factories import make_token


def test_get_profile(api, user, token):
    account = user.account
    account.display_name, account.note = "Alice", "Plain <b>bio</b>"
    account.fields = [{"name": "pronouns", "value": "she/her", "verified_at": None}]
    account.save()
    user.settings = {"attribution_domains": ["articles.example.com"]}
    user.save()
    response = api.get("/api/v1/profile", token=token)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": str(account.id), "display_name": "Alice", "note": "Plain <b>bio</b>",
        "fields": [{"name": "pronouns", "value": "she/her", "verified_at": None}],
        "avatar": None, "avatar_static": None, "avatar_description": "",
        "header": None, "header_static": None, "header_description": "",
        "locked": False, "bot": False, "hide_collections": None, "discoverable": None, "indexable": False,
        "show_media": True, "show_media_replies": True, "show_featured": True,
        "attribution_domains": ["articles.example.com"], "featured_tags": [],
    }


@pytest.mark.parametrize("scopes", ["profile", "read:accounts", "read"])
def test_get_profile_scopes(api, user, scopes):
    assert api.get("/api/v1/profile", token=make_token(user, scopes=scopes)).status_code == 200


def test_get_profile_refusals(api, user):
    assert api.get("/api/v1/profile").status_code == 401
    assert api.get("/api/v1/profile", token=make_token(user, scopes="write")).status_code == 403
    # The OpenAPI file types this 422 as a ValidationError (with details); the docs show
    # Mastodon's plain {"error": ...}, which is what the server sends (and tests/openapi.py accepts).
    response = api.get("/api/v1/profile", token=make_token(None, scopes="read"))
    assert response.status_code == 422
    assert response.json() == {"error": "This method requires an authenticated user"}


def test_patch_profile(api, user, token):
    response = api.patch("/api/v1/profile", {
        "display_name": "Alice", "note": "bio", "avatar_description": "A cat", "header_description": "Hills",
        "show_media": "false", "show_media_replies": "0", "show_featured": "false", "hide_collections": "true",
        "discoverable": "false", "attribution_domains[]": ["example.com"],
        "fields_attributes[0][name]": "a", "fields_attributes[0][value]": "b",
    }, token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["display_name"], body["note"]) == ("Alice", "bio")
    assert (body["avatar_description"], body["header_description"]) == ("A cat", "Hills")
    assert (body["show_media"], body["show_media_replies"], body["show_featured"]) == (False, False, False)
    assert body["hide_collections"] is True and body["discoverable"] is False
    assert body["attribution_domains"] == ["example.com"]
    assert body["fields"] == [{"name": "a", "value": "b", "verified_at": None}]
    account = Account.objects.get(pk=user.account_id)
    assert not account.show_media and account.avatar_description == "A cat"


def test_patch_profile_ignores_source(api, user, token):
    # source[...] belongs to update_credentials, not to the Profile API.
    response = api.patch("/api/v1/profile", {"source[privacy]": "private"}, token=token)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.default_privacy == "public"


def test_patch_profile_bad_input(api, user, token):
    response = api.patch("/api/v1/profile", {"avatar_description": "x" * 1501,
                                             "attribution_domains[]": ["bad domain!"]}, token=token)
    assert response.status_code == 422
    assert set(response.json()["details"]) == {"avatar_description", "attribution_domains"}


def test_patch_profile_refusals(api, user):
    assert api.patch("/api/v1/profile", {"note": "x"}).status_code == 401
    assert api.patch("/api/v1/profile", {"note": "x"}, token=make_token(user, scopes="read")).status_code == 403


def test_profile_shows_images(api, user, token, media_root):
    response = send_multipart(api, "PATCH", "/api/v1/profile",
                              {"avatar": upload(image_bytes()), "header": upload(image_bytes("JPEG"), "h.jpg")}, token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["avatar"].endswith(".png") and body["avatar_static"] == body["avatar"]
    assert body["header"].endswith(".jpg") and body["header_static"] == body["header"]


@pytest.mark.parametrize("kind", ["avatar", "header"])
def test_delete_image(api, user, token, media_root, kind, django_capture_on_commit_callbacks):
    send_multipart(api, "PATCH", "/api/v1/accounts/update_credentials", {kind: upload(image_bytes())}, token)
    name = getattr(Account.objects.get(pk=user.account_id), kind).name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/v1/profile/{kind}", token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body[kind].endswith(f"/{kind}s/original/missing.png")
    assert body[f"{kind}_static"] == body[kind]
    assert "source" in body and "role" in body  # a CredentialAccount
    assert not getattr(Account.objects.get(pk=user.account_id), kind)
    assert not default_storage.exists(name)
    # Deleting what is not there is a success too.
    assert api.delete(f"/api/v1/profile/{kind}", token=token).status_code == 200


def test_delete_image_refusals(api, user):
    assert api.delete("/api/v1/profile/avatar").status_code == 401
    assert api.delete("/api/v1/profile/header", token=make_token(user, scopes="read")).status_code == 403
    response = api.delete("/api/v1/profile/avatar", token=make_token(None, scopes="write"))
    assert response.status_code == 422
