"""GET /api/v1/announcements, dismiss, reactions; and the Django admin that manages them."""
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from announcements import services
from announcements.models import Announcement, AnnouncementReaction, AnnouncementRead
from instance.models import CustomEmoji
from tests.factories import make_token, make_user

URL = "/api/v1/announcements"


def announce(text="Hello **everyone**", *, published=True, **fields):
    return services.save_announcement(Announcement(text=text, published=published, **fields))


def react_url(announcement, name):
    return f"{URL}/{announcement.id}/reactions/{quote(name, safe='')}"


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def auth(api, alice):
    return api.authenticate(make_token(alice))


# --- GET /api/v1/announcements ---------------------------------------------------------------

def test_list_shows_published_active_announcements_with_every_key(auth):
    shown = announce("Maintenance tonight.\n\nSorry!")
    announce("Draft", published=False)
    now = timezone.now()
    announce("Over", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1))
    announce("Later", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=2))
    running = announce("Running", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1), all_day=False)

    response = auth.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert [item["id"] for item in data] == [str(shown.id), str(running.id)] or \
        [item["id"] for item in data] == [str(running.id), str(shown.id)]
    first = next(item for item in data if item["id"] == str(shown.id))
    assert set(first) == {"id", "content", "starts_at", "ends_at", "all_day", "published_at", "updated_at", "read",
                          "mentions", "statuses", "tags", "emojis", "reactions"}
    assert first["content"] == "<p>Maintenance tonight.</p><p>Sorry!</p>"
    assert first["starts_at"] is None and first["ends_at"] is None and first["all_day"] is False
    assert first["read"] is False
    assert first["published_at"].endswith("Z")
    assert first["mentions"] == [] and first["statuses"] == [] and first["tags"] == [] and first["emojis"] == []
    assert first["reactions"] == []


def test_list_is_chronological(auth):
    now = timezone.now()
    late = announce("B", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1))
    early = announce("A", starts_at=now - timedelta(hours=5), ends_at=now + timedelta(days=1))
    assert [item["id"] for item in auth.get(URL).json()] == [str(early.id), str(late.id)]


def test_all_day_announcement_runs_through_its_last_day(auth):
    now = timezone.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    shown = announce("Today", starts_at=today, ends_at=today, all_day=True)
    data = auth.get(URL).json()
    assert [item["id"] for item in data] == [str(shown.id)]
    assert data[0]["all_day"] is True


def test_list_requires_a_user_token_with_read(api, alice):
    announce()
    assert api.get(URL).status_code == 401
    assert api.get(URL, token=make_token(None)).status_code == 422  # an app token: no user
    assert api.get(URL, token=make_token(alice, scopes="write")).status_code == 403
    assert api.get(URL, token=make_token(alice, scopes="read")).status_code == 200


def test_mentions_tags_statuses_and_emojis_are_linked(auth, api, alice):
    bob = make_user("bob")
    CustomEmoji.objects.create(shortcode="blobcat", image="custom_emojis/blobcat.png")
    CustomEmoji.objects.create(shortcode="gone", image="custom_emojis/gone.png", disabled=True)
    public = auth.post("/api/v1/statuses", {"status": "public post"}).json()
    private = auth.post("/api/v1/statuses", {"status": "private post", "visibility": "private"}).json()
    text = (f"Hi @bob and @nobody, see #News and {public['url']} and {private['url']} :blobcat: :gone: :nope:")
    announce(text)

    data = auth.get(URL).json()[0]
    assert data["mentions"] == [{"id": str(bob.account.id), "username": "bob", "acct": "bob",
                                 "url": data["mentions"][0]["url"]}]
    assert data["mentions"][0]["url"].endswith("/@bob")
    assert 'class="u-url mention"' in data["content"] and "@nobody" in data["content"]
    assert [tag["name"] for tag in data["tags"]] == ["News"]
    assert data["tags"][0]["url"].endswith("/tags/News")
    assert data["statuses"] == [{"id": public["id"], "url": public["url"]}]  # never the private one
    assert [emoji["shortcode"] for emoji in data["emojis"]] == ["blobcat"]


def test_list_runs_a_constant_number_of_queries(auth, alice, django_assert_max_num_queries):
    CustomEmoji.objects.create(shortcode="blobcat", image="custom_emojis/blobcat.png")
    make_user("bob")
    for index in range(6):
        item = announce(f"Number {index} for @bob #tag{index} :blobcat:")
        services.add_reaction(alice.account, item, "👍")
        services.add_reaction(alice.account, item, "blobcat")
        services.dismiss(alice.account, item)
    auth.get(URL)  # warm caches (site settings, token)
    with django_assert_max_num_queries(10):
        data = auth.get(URL).json()
    assert len(data) == 6 and all(item["read"] for item in data)
    assert all(len(item["reactions"]) == 2 for item in data)


# --- dismiss ---------------------------------------------------------------------------------

def test_dismiss_marks_read_for_that_user_only(auth, api, alice):
    item = announce()
    bob_token = make_token(make_user("bob"))
    response = auth.post(f"{URL}/{item.id}/dismiss")
    assert response.status_code == 200 and response.json() == {}
    assert auth.post(f"{URL}/{item.id}/dismiss").status_code == 200  # again: fine
    assert AnnouncementRead.objects.filter(announcement=item).count() == 1
    assert auth.get(URL).json()[0]["read"] is True
    assert api.get(URL, token=bob_token).json()[0]["read"] is False


def test_dismiss_scopes_and_unknown_ids(api, alice):
    item = announce()
    draft = announce("draft", published=False)
    token = make_token(alice)
    assert api.post(f"{URL}/{item.id}/dismiss").status_code == 401
    assert api.post(f"{URL}/{item.id}/dismiss", token=make_token(alice, scopes="read")).status_code == 403
    assert api.post(f"{URL}/{item.id}/dismiss", token=make_token(alice, scopes="write:accounts")).status_code == 200
    for bad in (draft.id, 12345, "abc", "9" * 40):
        response = api.post(f"{URL}/{bad}/dismiss", token=token)
        assert response.status_code == 404
        assert response.json() == {"error": "Record not found"}


# --- reactions -------------------------------------------------------------------------------

def test_reactions_are_counted_with_me(auth, api, alice):
    item = announce()
    bob_token = make_token(make_user("bob"))
    assert auth.put(react_url(item, "👍")).status_code == 200
    assert auth.put(react_url(item, "👍")).status_code == 200  # again: still one
    assert api.put(react_url(item, "👍"), token=bob_token).status_code == 200
    assert api.put(react_url(item, "🇫🇷"), token=bob_token).status_code == 200
    mine = auth.get(URL).json()[0]["reactions"]
    assert mine == [{"name": "👍", "count": 2, "me": True, "url": None, "static_url": None},
                    {"name": "🇫🇷", "count": 1, "me": False, "url": None, "static_url": None}]

    response = auth.delete(react_url(item, "👍"))
    assert response.status_code == 200 and response.json() == {}
    assert auth.get(URL).json()[0]["reactions"][0] == {"name": "👍", "count": 1, "me": False, "url": None,
                                                       "static_url": None}
    assert auth.delete(react_url(item, "👍")).status_code == 404  # no longer there
    assert auth.delete(react_url(item, "🇫🇷")).status_code == 404  # bob's, not mine


def test_custom_emoji_reactions_carry_their_images(auth):
    item = announce()
    CustomEmoji.objects.create(shortcode="blobcat", image="custom_emojis/blobcat.png",
                               static_image="custom_emojis/blobcat_static.png")
    CustomEmoji.objects.create(shortcode="off", image="custom_emojis/off.png", disabled=True)
    CustomEmoji.objects.create(shortcode="far", image="custom_emojis/far.png", domain="remote.example")
    assert auth.put(react_url(item, "blobcat")).status_code == 200
    reaction = auth.get(URL).json()[0]["reactions"][0]
    assert reaction["name"] == "blobcat" and reaction["count"] == 1 and reaction["me"] is True
    assert reaction["url"].endswith("custom_emojis/blobcat.png")
    assert reaction["static_url"].endswith("custom_emojis/blobcat_static.png")
    for name in ("off", "far"):
        response = auth.put(react_url(item, name))
        assert response.status_code == 422
        assert response.json()["error"] == "Validation failed: Name is not a recognized emoji"


@pytest.mark.parametrize("name", ["abc", "👍👍", "a👍", "nope", ":blobcat:", " ", "1", "%00", "x" * 300])
def test_reaction_names_that_are_not_an_emoji_are_refused(auth, name):
    item = announce()
    response = auth.put(react_url(item, name))
    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: Name is not a recognized emoji"}
    assert not AnnouncementReaction.objects.exists()


@pytest.mark.parametrize("name", ["👍🏽", "👨‍👩‍👧", "❤️", "🤔"])
def test_single_emoji_graphemes_are_accepted(auth, name):
    item = announce()
    assert auth.put(react_url(item, name)).status_code == 200
    assert auth.get(URL).json()[0]["reactions"][0]["name"] == name


def test_distinct_reactions_are_capped(auth, api):
    item = announce()
    names = ["😀", "😃", "😄", "😁", "😆", "😅", "🤣", "😂"]
    for name in names:
        assert auth.put(react_url(item, name)).status_code == 200
    response = auth.put(react_url(item, "🙂"))
    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: Limit of different reactions reached"}
    # An existing kind can still be added by someone else.
    assert api.put(react_url(item, "😀"), token=make_token(make_user("bob"))).status_code == 200


def test_reactions_scopes_and_unknown_announcements(api, alice):
    item = announce()
    draft = announce("draft", published=False)
    assert api.put(react_url(item, "👍")).status_code == 401
    assert api.put(react_url(item, "👍"), token=make_token(alice, scopes="read write:accounts")).status_code == 403
    assert api.put(react_url(item, "👍"), token=make_token(alice, scopes="write:favourites")).status_code == 200
    token = make_token(alice)
    for bad in (draft.id, 999, "abc"):
        assert api.put(f"{URL}/{bad}/reactions/%F0%9F%91%8D", token=token).status_code == 404
        assert api.delete(f"{URL}/{bad}/reactions/%F0%9F%91%8D", token=token).status_code == 404


def test_reactions_publish_the_new_count(auth, monkeypatch):
    from streaming import publish

    sent = []
    monkeypatch.setattr(publish, "publish_announcement_reaction", lambda *args: sent.append(args))
    item = announce()
    auth.put(react_url(item, "👍"))
    auth.put(react_url(item, "👍"))
    auth.delete(react_url(item, "👍"))
    assert sent == [(item.id, "👍", 1), (item.id, "👍", 0)]


# --- the Django admin ------------------------------------------------------------------------

@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user("boss", role="Admin"))
    return client


def test_admin_creates_publishes_edits_and_deletes(admin_client, auth, monkeypatch):
    from streaming import publish

    events = []
    monkeypatch.setattr(publish, "publish_announcement", lambda id: events.append(("announcement", id)))
    monkeypatch.setattr(publish, "publish_announcement_delete", lambda id: events.append(("delete", id)))

    assert admin_client.get("/admin/announcements/announcement/add/").status_code == 200
    response = admin_client.post("/admin/announcements/announcement/add/",
                                 {"text": "Draft for #later", "published": ""})
    assert response.status_code == 302
    item = Announcement.objects.get()
    assert item.content.startswith("<p>Draft for") and item.published_at is None
    assert auth.get(URL).json() == [] and events == []

    response = admin_client.post(f"/admin/announcements/announcement/{item.id}/change/",
                                 {"text": "Now live", "published": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published and item.published_at is not None
    assert [entry["content"] for entry in auth.get(URL).json()] == ["<p>Now live</p>"]
    assert events == [("announcement", item.id)]

    response = admin_client.post(f"/admin/announcements/announcement/{item.id}/change/",
                                 {"text": "Now live", "published": ""})
    assert response.status_code == 302
    assert events[-1] == ("delete", item.id)
    assert auth.get(URL).json() == []

    admin_client.post(f"/admin/announcements/announcement/{item.id}/change/", {"text": "Again", "published": "on"})
    response = admin_client.post(f"/admin/announcements/announcement/{item.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Announcement.objects.exists()
    assert events[-2:] == [("announcement", item.id), ("delete", item.id)]


def test_admin_refuses_half_a_date_range(admin_client):
    response = admin_client.post("/admin/announcements/announcement/add/",
                                 {"text": "x", "published": "on", "starts_at_0": "2030-01-01", "starts_at_1": "10:00"})
    assert response.status_code == 200
    assert not Announcement.objects.exists()


def test_streaming_renderer_uses_the_serializer(alice):
    from announcements.serializers import render_for_streaming as render_announcement

    item = announce("Hello")
    services.add_reaction(alice.account, item, "👍")
    data = render_announcement(alice, item.id)
    assert data["id"] == str(item.id) and data["read"] is False
    assert data["reactions"] == [{"name": "👍", "count": 1, "me": True, "url": None, "static_url": None}]
