"""Preview cards: fetched from a real local web server after a status is posted, shown on
the Status and at /api/v1/statuses/:id/card; safety limits of the fetch."""
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from cards import fetch as card_fetch
from cards.models import PreviewCard, StatusCard
from cards.services import first_link
from statuses.models import Status
from statuses.services.distribution import fetch_card
from tests.cards.conftest import page, png_bytes


@pytest.fixture
def article(site):
    site.html("/article", page())
    site.image("/image.png", png_bytes())
    return site.url("/article")


def test_card_from_opengraph(api, alice, bob, site, article, allow_private, post, token_of):
    status = post(alice, f"Read this: {article} #reading")
    card = api.get(f"/api/v1/statuses/{status['id']}", token=token_of(bob)).json()["card"]
    assert card["url"] == article
    assert card["title"] == "A fine article"
    assert card["description"] == "All about fine things"
    assert card["type"] == "link"
    assert card["provider_name"] == "Fine Site"
    assert card["author_name"] == "Jane Writer"
    assert card["authors"] == [{"name": "Jane Writer", "url": "", "account": None}]
    assert card["image_description"] == "A blue rectangle"
    assert card["language"] == "en"
    assert card["published_at"] == "2024-05-01T10:00:00.000Z"
    assert card["html"] == "" and card["embed_url"] == ""
    # the image is stored here, scaled down to fit 640x640, with a blurhash
    assert card["image"].startswith("http") and "/preview_cards/images/" in card["image"]
    assert (card["width"], card["height"]) == (640, 427)
    assert card["blurhash"]
    stored = PreviewCard.objects.get()
    with default_storage.open(stored.image.name) as handle, Image.open(handle) as image:
        assert image.size == (640, 427)

    # the deprecated endpoint shows the same card; anonymous readers of a public status too
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == card
    assert site.hits == {"/article": 1, "/image.png": 1}


def test_a_url_gets_one_card_reused_then_refreshed(api, alice, bob, site, article, allow_private, post):
    first = post(alice, f"one {article}")
    second = post(bob, f"two {article}")
    assert PreviewCard.objects.count() == 1
    assert StatusCard.objects.filter(card=PreviewCard.objects.get()).count() == 2
    assert site.hits["/article"] == 1
    assert api.get(f"/api/v1/statuses/{second['id']}/card").json()["title"] == "A fine article"

    # two weeks later the page has changed: the next status linking it fetches it again
    old_image = PreviewCard.objects.get().image.name
    PreviewCard.objects.update(updated_at=timezone.now() - timedelta(days=15))
    site.html("/article", page(title="A finer article"))
    third = post(bob, f"three {article}")
    assert site.hits["/article"] == 2
    assert PreviewCard.objects.count() == 1
    assert api.get(f"/api/v1/statuses/{third['id']}/card").json()["title"] == "A finer article"
    assert api.get(f"/api/v1/statuses/{first['id']}/card").json()["title"] == "A finer article"
    assert not default_storage.exists(old_image)


def test_no_link_no_card(api, alice, bob, site, allow_private, post):
    status = post(bob, "just words, @alice and #tags, no link")
    assert status["card"] is None
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}
    assert api.get(f"/api/v1/statuses/{status['id']}").json()["card"] is None
    assert not PreviewCard.objects.exists()


def test_links_skipped(alice, site, allow_private, settings, post):
    site.html("/article", page())
    local = post(alice, f"my profile {settings.SITE_URL}/@alice and ftp://example.com/file")
    assert not StatusCard.objects.filter(status_id=local["id"]).exists()
    assert site.hits == {}


def test_the_first_link_wins(alice, site, allow_private, post):
    site.html("/first", page(title="First", image=""))
    site.html("/second", page(title="Second", image=""))
    status = post(alice, f"{site.url('/first')} and {site.url('/second')}")
    card = StatusCard.objects.get(status_id=status["id"]).card
    assert card.title == "First"
    assert card.image.name in ("", None) and card.width == 0
    assert "/second" not in site.hits


def test_title_and_description_fallbacks(api, alice, site, allow_private, post):
    site.html("/plain", """<html><head><title> Plain &amp; simple </title>
        <meta name="description" content="Described plainly"></head><body></body></html>""")
    status = post(alice, site.url("/plain"))
    card = api.get(f"/api/v1/statuses/{status['id']}/card").json()
    assert card["title"] == "Plain & simple"
    assert card["description"] == "Described plainly"
    assert card["image"] is None and card["blurhash"] is None and card["authors"] == []


def test_a_page_without_title_gives_no_card(api, alice, site, allow_private, post):
    site.html("/untitled", "<html><body><p>nothing here</p></body></html>")
    status = post(alice, site.url("/untitled"))
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}


def test_only_html_pages(api, alice, site, allow_private, post):
    site.html("/text", "title: not html", content_type="text/plain")
    site.image("/picture.png", png_bytes())
    for path in ("/text", "/picture.png", "/missing"):
        status = post(alice, site.url(path))
        assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}
    assert not PreviewCard.objects.exists()


def test_private_addresses_are_refused_by_default(api, alice, site, article, settings, post):
    settings.VERIFY_LINKS_ALLOW_PRIVATE = False
    status = post(alice, f"look {article}")
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}
    assert site.hits == {}
    # also behind a redirect from an allowed address: every hop is checked
    assert card_fetch.fetch("http://localhost:1/", accept="text/html", content_types=card_fetch.HTML_TYPES,
                            max_bytes=1000) is None


def test_redirects_are_followed_three_times(api, alice, site, article, allow_private, post):
    site.redirect("/r1", "/r2")
    site.redirect("/r2", "/r3", status=301)
    site.redirect("/r3", "/article", status=307)
    status = post(alice, site.url("/r1"))
    card = api.get(f"/api/v1/statuses/{status['id']}/card").json()
    assert card["title"] == "A fine article"
    assert card["url"] == site.url("/r1")  # the card is the link's, wherever it led

    site.redirect("/s0", "/r1")  # four redirects: too many
    status = post(alice, site.url("/s0"))
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}


def test_slow_pages_time_out(api, alice, site, allow_private, post, monkeypatch):
    monkeypatch.setattr(card_fetch, "TIMEOUT", 0.3)
    site.slow("/slow", 1.5)
    status = post(alice, site.url("/slow"))
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json() == {}


def test_huge_pages_are_read_only_in_part(api, alice, site, allow_private, post):
    site.html("/huge", page(title="Huge page", image="") + "<p>padding</p>" * 200_000)  # ~3 MB
    status = post(alice, site.url("/huge"))
    assert api.get(f"/api/v1/statuses/{status['id']}/card").json()["title"] == "Huge page"


def test_bad_or_huge_images_leave_the_card_without_one(api, alice, site, allow_private, post, monkeypatch):
    site.html("/broken", page(title="Broken image", image="/broken.png"))
    site.image("/broken.png", b"\x89PNG\r\n\x1a\nnot really")
    site.html("/big", page(title="Big image", image="/big.png"))
    site.image("/big.png", png_bytes())
    site.html("/notimage", page(title="Not an image", image="/notimage.txt"))
    site.html("/notimage.txt", "hello", content_type="text/plain")
    monkeypatch.setattr("cards.services.IMAGE_MAX_BYTES", 1000)
    for path, title in (("/broken", "Broken image"), ("/big", "Big image"), ("/notimage", "Not an image")):
        status = post(alice, site.url(path))
        card = api.get(f"/api/v1/statuses/{status['id']}/card").json()
        assert card["title"] == title
        assert card["image"] is None and card["blurhash"] is None and card["width"] == 0


def test_oembed_video(api, alice, site, allow_private, post):
    site.html("/video", page(title="OG title", extra=(
        f'<link rel="alternate" type="application/json+oembed" href="{site.url("/oembed.json")}">')))
    site.json("/oembed.json", {
        "type": "video", "version": "1.0", "title": "A video", "author_name": "Filmmaker",
        "author_url": "/channel", "provider_name": "VideoSite", "provider_url": "/",
        "width": 480, "height": 270, "thumbnail_url": "/thumb.png",
        "html": '<iframe width="480" height="270" src="https://video.example/embed/1" frameborder="0" '
                'allowfullscreen onload="alert(1)"></iframe><script>alert(2)</script>'})
    site.image("/thumb.png", png_bytes((480, 270)))
    status = post(alice, site.url("/video"))
    card = api.get(f"/api/v1/statuses/{status['id']}/card").json()
    assert card["type"] == "video" and card["title"] == "A video"
    assert card["author_name"] == "Filmmaker" and card["author_url"] == site.url("/channel")
    assert card["provider_name"] == "VideoSite" and card["provider_url"] == site.url("/")
    assert (card["width"], card["height"]) == (480, 270)
    assert card["html"].startswith("<iframe") and "https://video.example/embed/1" in card["html"]
    assert "script" not in card["html"] and "onload" not in card["html"]
    assert card["image"] is not None and card["description"] == ""


def test_oembed_rich_falls_back_to_opengraph(api, alice, site, allow_private, post):
    site.html("/rich", page(title="OG title", image="", extra=(
        '<link rel="alternate" type="application/json+oembed" href="/rich.json">')))
    site.json("/rich.json", {"type": "rich", "html": "<script>x()</script>", "title": "Rich"})
    status = post(alice, site.url("/rich"))
    card = api.get(f"/api/v1/statuses/{status['id']}/card").json()
    assert card["type"] == "link" and card["title"] == "OG title" and card["html"] == ""


def test_card_follows_the_status_visibility(api, alice, bob, site, article, allow_private, post, token_of):
    status = post(alice, f"followers only {article}", visibility="private")
    assert api.get(f"/api/v1/statuses/{status['id']}/card").status_code == 404
    assert api.get(f"/api/v1/statuses/{status['id']}/card", token=token_of(bob)).status_code == 404
    assert api.get(f"/api/v1/statuses/{status['id']}/card", token=token_of(alice)).json()["title"]
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(bob))
    assert api.get(f"/api/v1/statuses/{status['id']}/card", token=token_of(bob)).json()["title"]
    assert api.get("/api/v1/statuses/123/card").status_code == 404
    assert api.get("/api/v1/statuses/nope/card").status_code == 404


def test_an_edited_link_changes_the_card(alice, site, allow_private, post):
    site.html("/a", page(title="Page A", image=""))
    site.html("/b", page(title="Page B", image=""))
    status = post(alice, site.url("/a"))
    assert StatusCard.objects.get(status_id=status["id"]).card.title == "Page A"
    Status.objects.filter(pk=status["id"]).update(text=site.url("/b"))
    assert fetch_card(int(status["id"])).title == "Page B"
    assert StatusCard.objects.get(status_id=status["id"]).card.title == "Page B"
    Status.objects.filter(pk=status["id"]).update(text="no link any more")
    assert fetch_card(int(status["id"])) is None
    assert not StatusCard.objects.filter(status_id=status["id"]).exists()


def test_first_link_of_remote_html_skips_mentions_and_tags(alice):
    status = Status(account=alice.account, local=False, text="", content=(
        '<p><span class="h-card"><a href="https://remote.example/@bob" class="u-url mention">@bob</a></span> '
        '<a href="https://remote.example/tags/x" class="mention hashtag" rel="tag">#x</a> '
        '<a href="https://news.example/story" rel="nofollow">story</a></p>'))
    assert first_link(status) == "https://news.example/story"


def test_links_are_normalized(alice):
    status = Status(account=alice.account, local=True, text="see https://Bücher.Example/Straße?q=ä b")
    assert first_link(status) == "https://xn--bcher-kva.example/Stra%C3%9Fe?q=%C3%A4"
    status.text = "https://example.com"
    assert first_link(status) == "https://example.com/"
