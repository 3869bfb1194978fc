"""GET /api/v1/instance and /api/v2/instance."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Account
from instance import limits
from instance.models import Rule, SiteSettings
from tests.factories import make_user

VERSION = f"{settings.MASTODON_API_VERSION} (compatible; {settings.SOFTWARE_NAME} {settings.SOFTWARE_VERSION})"


def update_site(**values):
    site = SiteSettings.load()
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return site


def test_v2_instance_defaults(api, db):
    response = api.get("/api/v2/instance")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["domain"] == settings.LOCAL_DOMAIN
    assert body["version"] == VERSION
    assert body["version"].startswith("4.")
    assert body["api_versions"] == {"mastodon": settings.MASTODON_API_LEVEL}
    assert body["source_url"] == settings.SOURCE_URL
    assert body["title"] == "Fedi"
    assert body["description"] == "A Mastodon-compatible server."
    assert body["wrapstodon"] is None
    assert body["languages"] == ["en"]
    assert body["rules"] == []
    assert body["contact"] == {"email": settings.DEFAULT_FROM_EMAIL, "account": None}
    assert body["registrations"] == {"enabled": True, "approval_required": False, "reason_required": False,
                                     "message": None, "min_age": None, "url": None}
    assert body["thumbnail"]["url"].endswith("/static/instance/preview.png")
    assert body["thumbnail"]["blurhash"] is None
    assert [icon["size"] for icon in body["icon"]][0] == "36x36"
    assert all(icon["src"].startswith("http") for icon in body["icon"])


def test_v2_configuration(api, db):
    configuration = api.get("/api/v2/instance").json()["configuration"]
    assert configuration["statuses"] == {"max_characters": 500, "max_media_attachments": 4,
                                         "characters_reserved_per_url": 23}
    media = configuration["media_attachments"]
    assert media["image_size_limit"] == 16777216
    assert media["image_matrix_limit"] == 33177600
    assert media["video_size_limit"] == 103809024
    assert media["video_frame_rate_limit"] == 120
    assert media["video_matrix_limit"] == 8294400
    assert media["description_limit"] == 1500
    assert "image/heic" in media["supported_mime_types"] and "video/x-ms-asf" in media["supported_mime_types"]
    assert configuration["polls"] == {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300,
                                      "max_expiration": 2629746}
    accounts = configuration["accounts"]
    assert accounts["max_display_name_length"] == 30
    assert accounts["max_note_length"] == 500
    assert accounts["max_featured_tags"] == 10
    assert accounts["max_pinned_statuses"] == 5
    assert accounts["max_profile_fields"] == 4
    assert accounts["profile_field_name_limit"] == accounts["profile_field_value_limit"] == 255
    assert configuration["translation"] == {"enabled": False}
    assert configuration["limited_federation"] is False
    assert configuration["timelines_access"]["live_feeds"] == {"local": "public", "remote": "public"}
    assert configuration["urls"]["streaming"] == f"ws://{settings.WEB_DOMAIN}"
    assert configuration["urls"]["terms_of_service"] is None
    assert configuration["urls"]["status"] is None
    assert configuration["vapid"]["public_key"]
    # The same key as applications show
    assert configuration["vapid"]["public_key"] == SiteSettings.load().vapid_public_key


def test_streaming_url_with_https(api, db, settings):
    settings.LOCAL_HTTPS = True
    settings.WEB_DOMAIN = "social.example"
    body = api.get("/api/v2/instance").json()
    assert body["configuration"]["urls"]["streaming"] == "wss://social.example"
    assert api.get("/api/v1/instance").json()["urls"]["streaming_api"] == "wss://social.example"


@pytest.mark.parametrize("mode, enabled, approval", [("open", True, False), ("approved", True, True),
                                                      ("none", False, False)])
def test_registration_modes(api, db, mode, enabled, approval):
    update_site(registrations_mode=mode, registrations_message="Come back later", require_invite_text=True)
    registrations = api.get("/api/v2/instance").json()["registrations"]
    assert registrations["enabled"] is enabled
    assert registrations["approval_required"] is approval
    assert registrations["reason_required"] is approval  # only asked for when approval is needed
    assert registrations["message"] == (None if enabled else "<p>Come back later</p>")
    v1 = api.get("/api/v1/instance").json()
    assert v1["registrations"] is enabled
    assert v1["approval_required"] is approval


def test_contact_rules_languages_and_min_age(api, db):
    admin = make_user("admin", role="Admin")
    update_site(contact_username="@Admin", contact_email="staff@example.com", languages=["en", "de"], min_age=16,
                title="My server", short_description="Hello", status_page_url="https://status.example.com")
    Rule.objects.create(text="Second", position=2)
    first = Rule.objects.create(text="Be nice", hint="Really", position=1)
    body = api.get("/api/v2/instance").json()
    assert body["contact"]["email"] == "staff@example.com"
    assert body["contact"]["account"]["id"] == str(admin.account_id)
    assert body["contact"]["account"]["username"] == "admin"
    assert body["rules"][0] == {"id": str(first.id), "text": "Be nice", "hint": "Really", "translations": {}}
    assert [rule["text"] for rule in body["rules"]] == ["Be nice", "Second"]
    assert body["languages"] == ["en", "de"]
    assert body["registrations"]["min_age"] == 16
    assert body["title"] == "My server" and body["description"] == "Hello"
    assert body["configuration"]["urls"]["status"] == "https://status.example.com"
    v1 = api.get("/api/v1/instance").json()
    assert v1["contact_account"]["id"] == str(admin.account_id)
    assert v1["email"] == "staff@example.com"
    assert v1["short_description"] == v1["description"] == "Hello"
    assert [rule["text"] for rule in v1["rules"]] == ["Be nice", "Second"]


def test_unknown_contact_username_is_null(api, db):
    update_site(contact_username="nobody")
    assert api.get("/api/v2/instance").json()["contact"]["account"] is None
    assert api.get("/api/v1/instance").json()["contact_account"] is None


def test_uploaded_thumbnail(api, db):
    update_site(thumbnail="site_uploads/banner.png", thumbnail_description="A banner")
    thumbnail = api.get("/api/v2/instance").json()["thumbnail"]
    assert thumbnail["url"].endswith("/site_uploads/banner.png")
    assert thumbnail["description"] == "A banner"
    assert thumbnail["versions"] == {"@1x": thumbnail["url"], "@2x": thumbnail["url"]}
    assert api.get("/api/v1/instance").json()["thumbnail"] == thumbnail["url"]


def test_active_month_counts_recent_sign_ins_and_sign_ups(api, db):
    make_user("newcomer")
    regular = make_user("regular")
    regular.created_at = timezone.now() - timedelta(days=400)
    regular.current_sign_in_at = timezone.now() - timedelta(days=3)
    regular.save()
    gone = make_user("gone")
    gone.created_at = timezone.now() - timedelta(days=400)
    gone.current_sign_in_at = timezone.now() - timedelta(days=40)
    gone.save()
    assert api.get("/api/v2/instance").json()["usage"]["users"]["active_month"] == 2


def test_v1_instance(api, db):
    make_user("one")
    make_user("two", confirmed=False)
    suspended = make_user("three")
    suspended.account.suspended_at = timezone.now()
    suspended.account.save()
    Account.objects.filter(username="one").update(statuses_count=3)
    Account.objects.create(username="bob", domain="remote.example")
    Account.objects.create(username="carol", domain="remote.example")
    Account.objects.create(username="dave", domain="other.example")
    response = api.get("/api/v1/instance")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["uri"] == settings.LOCAL_DOMAIN
    assert body["version"] == VERSION
    assert body["stats"] == {"user_count": 1, "status_count": 3, "domain_count": 2}
    assert body["invites_enabled"] is False
    assert body["urls"]["streaming_api"] == f"ws://{settings.WEB_DOMAIN}"
    assert body["thumbnail"].endswith("/static/instance/preview.png")
    assert body["configuration"]["statuses"]["max_characters"] == limits.MAX_STATUS_CHARACTERS
    assert body["configuration"]["accounts"] == {"max_featured_tags": 10}


def test_instance_with_a_token(api, user, token):
    assert api.get("/api/v2/instance", token=token).status_code == 200
    assert api.get("/api/v2/instance", token="bad").status_code == 401


def test_instance_query_count(api, db, django_assert_max_num_queries):
    for index in range(5):
        Rule.objects.create(text=f"Rule {index}")
    api.get("/api/v2/instance")  # creates the settings row and keys
    with django_assert_max_num_queries(10):
        assert api.get("/api/v2/instance").status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/instance").status_code == 200
