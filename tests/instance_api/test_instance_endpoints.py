"""The /api/v1/instance/* lists and documents, and /api/v1/custom_emojis."""
import hashlib
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from accounts.models import Account
from instance_api import stats
from instance.models import CustomEmoji, DomainBlock, Rule, SiteSettings
from tests.factories import make_token, make_user


def update_site(**values):
    site = SiteSettings.load()
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return site


# --- peers ---------------------------------------------------------------------------

def test_peers_lists_known_remote_domains(api, db):
    make_user("local")
    for username, domain in [("a", "b.example"), ("b", "b.example"), ("c", "a.example"), ("d", "blocked.example")]:
        Account.objects.create(username=username, domain=domain)
    DomainBlock.objects.create(domain="blocked.example", severity="suspend")
    response = api.get("/api/v1/instance/peers")
    assert response.status_code == 200
    assert response.json() == ["a.example", "b.example"]


def test_peers_disabled(api, db):
    update_site(peers_api_enabled=False)
    response = api.get("/api/v1/instance/peers")
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}


# --- activity ------------------------------------------------------------------------

def test_activity_has_twelve_weeks_newest_first(api, db):
    user = make_user("active")
    user.current_sign_in_at = timezone.now()
    user.save()
    old = make_user("old", signed_in=False)
    old.created_at = timezone.now() - timedelta(weeks=3)
    old.save()
    response = api.get("/api/v1/instance/activity")
    assert response.status_code == 200
    weeks = response.json()
    assert len(weeks) == 12
    assert all(set(week) == {"week", "statuses", "logins", "registrations"} for week in weeks)
    assert all(isinstance(value, str) for week in weeks for value in week.values())
    starts = [int(week["week"]) for week in weeks]
    assert starts == sorted(starts, reverse=True)
    assert all(earlier - later == 7 * 86400 for earlier, later in zip(starts, starts[1:]))
    monday = datetime.fromtimestamp(starts[0], tz=dt_timezone.utc)
    assert monday.weekday() == 0 and (monday.hour, monday.minute) == (0, 0)
    assert weeks[0]["registrations"] == "1" and weeks[0]["logins"] == "1" and weeks[0]["statuses"] == "0"
    assert sum(int(week["registrations"]) for week in weeks) == 2


def test_week_starts_are_mondays():
    now = datetime(2019, 11, 27, 15, 30, tzinfo=dt_timezone.utc)  # a Wednesday
    starts = stats.week_starts(now)
    assert starts[0] == datetime(2019, 11, 25, tzinfo=dt_timezone.utc)
    assert int(starts[0].timestamp()) == 1574640000  # the first week of Mastodon's example
    assert starts[-1] == datetime(2019, 9, 9, tzinfo=dt_timezone.utc)


def test_activity_disabled(api, db):
    update_site(activity_api_enabled=False)
    assert api.get("/api/v1/instance/activity").status_code == 404


# --- rules, documents, languages ------------------------------------------------------

def test_rules_in_order(api, db):
    Rule.objects.create(text="Last", position=5)
    Rule.objects.create(text="First", hint="A hint", position=0)
    response = api.get("/api/v1/instance/rules")
    assert response.status_code == 200
    assert [(rule["text"], rule["hint"]) for rule in response.json()] == [("First", "A hint"), ("Last", "")]


def test_extended_description(api, db):
    response = api.get("/api/v1/instance/extended_description")
    assert response.status_code == 200
    assert response.json()["content"] == ""
    moment = datetime(2024, 5, 1, 12, 0, tzinfo=dt_timezone.utc)
    update_site(extended_description="Hello\n\nWorld <script>x</script>", extended_description_updated_at=moment)
    body = api.get("/api/v1/instance/extended_description").json()
    assert body["updated_at"] == "2024-05-01T12:00:00.000Z"
    assert "<script>" not in body["content"]
    update_site(extended_description="Plain\n\ntext")
    assert api.get("/api/v1/instance/extended_description").json()["content"] == "<p>Plain</p><p>text</p>"


def test_privacy_policy_default_and_custom(api, db):
    body = api.get("/api/v1/instance/privacy_policy").json()
    assert body["updated_at"] == "2022-10-07T00:00:00.000Z"
    assert "<h1>Privacy policy</h1>" in body["content"]
    update_site(privacy_policy="<h2>Ours</h2><p>We keep nothing.</p>")
    body = api.get("/api/v1/instance/privacy_policy").json()
    assert body["content"] == "<h2>Ours</h2><p>We keep nothing.</p>"


def test_terms_of_service(api, db):
    assert api.get("/api/v1/instance/terms_of_service").status_code == 404
    update_site(terms_of_service="Be good.", terms_of_service_effective_date=date(2025, 4, 15))
    response = api.get("/api/v1/instance/terms_of_service")
    assert response.status_code == 200
    assert response.json() == {"effective_date": "2025-04-15", "effective": True, "content": "<p>Be good.</p>",
                                "succeeded_by": None}
    assert api.get("/api/v1/instance/terms_of_service/2025-04-15").json()["effective_date"] == "2025-04-15"
    assert api.get("/api/v1/instance/terms_of_service/2025-04-16").status_code == 404
    assert api.get("/api/v1/instance/terms_of_service/not-a-date").status_code == 404
    body = api.get("/api/v2/instance").json()
    assert body["configuration"]["urls"]["terms_of_service"].endswith("/terms-of-service")


def test_terms_of_service_in_the_future(api, db):
    update_site(terms_of_service="Soon.", terms_of_service_effective_date=timezone.now().date() + timedelta(days=30))
    assert api.get("/api/v1/instance/terms_of_service").json()["effective"] is False


def test_languages(api, db):
    response = api.get("/api/v1/instance/languages")
    assert response.status_code == 200
    languages = response.json()
    assert {"code": "en", "name": "English"} in languages
    assert len(languages) == 184
    assert all(len(language["code"]) == 2 for language in languages)


def test_translation_languages(api, db):
    response = api.get("/api/v1/instance/translation_languages")
    assert response.status_code == 200
    assert response.json() == {}


# --- domain blocks ---------------------------------------------------------------------

@pytest.fixture
def blocks(db):
    DomainBlock.objects.create(domain="spam.example", severity="suspend", public_comment="Spam")
    DomainBlock.objects.create(domain="loud.example", severity="silence")
    DomainBlock.objects.create(domain="pics.example", severity="noop", reject_media=True)
    DomainBlock.objects.create(domain="harmless.example", severity="noop")  # nothing users would notice


def test_domain_blocks_for_everyone(api, blocks):
    update_site(show_domain_blocks="all")
    response = api.get("/api/v1/instance/domain_blocks")
    assert response.status_code == 200
    body = response.json()
    assert [block["domain"] for block in body] == ["pics.example", "loud.example", "spam.example"]
    spam = body[2]
    assert spam == {"domain": "spam.example", "digest": hashlib.sha256(b"spam.example").hexdigest(),
                    "severity": "suspend", "comment": None}  # rationale hidden by default
    assert body[0]["severity"] == "silence"


def test_domain_blocks_for_users(api, blocks, user, token):
    # "users" is the default
    assert api.get("/api/v1/instance/domain_blocks").status_code == 404
    assert api.get("/api/v1/instance/domain_blocks", token="bad").status_code == 401
    assert api.get("/api/v1/instance/domain_blocks", token=make_token(None, scopes="read")).status_code == 404
    response = api.get("/api/v1/instance/domain_blocks", token=token)
    assert response.status_code == 200
    assert len(response.json()) == 3


def test_domain_blocks_disabled(api, blocks, token):
    update_site(show_domain_blocks="disabled")
    assert api.get("/api/v1/instance/domain_blocks").status_code == 404
    assert api.get("/api/v1/instance/domain_blocks", token=token).status_code == 404


def test_domain_block_rationale(api, blocks, token):
    update_site(show_domain_blocks="all", show_domain_blocks_rationale="users")
    anonymous = api.get("/api/v1/instance/domain_blocks").json()
    assert all(block["comment"] is None for block in anonymous)
    signed_in = api.get("/api/v1/instance/domain_blocks", token=token).json()
    assert [block["comment"] for block in signed_in] == [None, None, "Spam"]
    update_site(show_domain_blocks_rationale="all")
    assert api.get("/api/v1/instance/domain_blocks").json()[2]["comment"] == "Spam"


def test_obfuscated_domain_block(api, db):
    update_site(show_domain_blocks="all")
    DomainBlock.objects.create(domain="badplace.example.com", severity="suspend", obfuscate=True)
    block = api.get("/api/v1/instance/domain_blocks").json()[0]
    assert block["domain"] == "badpla**.******e.com"  # as Mastodon masks it: the middle half, dots kept
    assert block["digest"] == hashlib.sha256(b"badplace.example.com").hexdigest()


def test_domain_blocks_query_count(api, db, django_assert_max_num_queries):
    update_site(show_domain_blocks="all")
    for index in range(10):
        DomainBlock.objects.create(domain=f"d{index}.example", severity="suspend")
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/instance/domain_blocks").json()) == 10


# --- custom emojis ---------------------------------------------------------------------

def test_custom_emojis(api, db, django_assert_max_num_queries):
    CustomEmoji.objects.create(shortcode="blobcat", image="custom_emojis/blobcat.png", category="Blobs")
    CustomEmoji.objects.create(shortcode="still", image="custom_emojis/anim.gif", static_image="custom_emojis/still.png")
    CustomEmoji.objects.create(shortcode="off", image="custom_emojis/off.png", disabled=True)
    CustomEmoji.objects.create(shortcode="hidden", image="custom_emojis/hidden.png", visible_in_picker=False)
    CustomEmoji.objects.create(shortcode="remote", domain="remote.example", image="custom_emojis/remote.png")
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/custom_emojis")
    assert response.status_code == 200
    body = response.json()
    assert [emoji["shortcode"] for emoji in body] == ["blobcat", "still"]
    assert body[0]["url"].endswith("/custom_emojis/blobcat.png")
    assert body[0]["static_url"] == body[0]["url"]
    assert body[0]["category"] == "Blobs" and body[0]["visible_in_picker"] is True
    assert body[1]["static_url"].endswith("/custom_emojis/still.png")
    assert body[1]["category"] is None
