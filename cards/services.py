"""Preview cards (Mastodon's FetchLinkCardService): the first link of a status, fetched in
the background, becomes the card shown on the status.

    fetch_card_for_status(status)     # the task's work (statuses.services.distribution queues it
                                      # after a status is posted or edited): find the link, get
                                      # its card, link it
    card_for_url(url)                 # one PreviewCard per URL, reused, refreshed after CARD_TTL
    card_of(status)                   # the card a status shows, or None

A card comes from the page's oEmbed endpoint when it advertises one (link, photo and video
embeds; rich ones are refused as on Mastodon), else from its OpenGraph / Twitter meta tags,
<title> and <meta name="description">. Its image is downloaded (same safety rules as the
page), scaled into IMAGE_BOX and stored through Django's storage, with a blurhash.
"""
import json
import logging
import secrets
import warnings
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image, ImageOps

from cards import fetch as http
from cards.extract import oembed_attributes, page_details
from cards.models import PreviewCard, StatusCard
from fedi.text import extract
from media_attachments.processing import compute_blurhash

logger = logging.getLogger(__name__)

CARD_TTL = timedelta(weeks=2)          # a card older than this is fetched again when linked anew
IMAGE_BOX = (640, 640)                 # Mastodon's preview card geometry: '640x640>'
IMAGE_MAX_BYTES = 8 * 1024 * 1024      # images larger than this are not downloaded
IMAGE_MAX_PIXELS = 33_177_600          # nor decoded beyond this many pixels
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/avif")
OEMBED_MAX_BYTES = 256 * 1024
JSON_TYPES = ("application/json", "application/json+oembed", "text/json", "text/javascript", "text/plain")


# --- Which link -----------------------------------------------------------------------------

class _Anchors(HTMLParser):
    """The href of each <a> in rendered HTML that is not a mention or hashtag (or rel=me/tag)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        values = dict(attrs)
        classes = (values.get("class") or "").lower().split()
        rel = (values.get("rel") or "").lower().split()
        if "mention" in classes or "hashtag" in classes or "tag" in rel or "me" in rel:
            return
        if values.get("href"):
            self.hrefs.append(values["href"].strip())


def _is_local(url):
    netloc = (urlsplit(url).netloc or "").lower().rsplit("@", 1)[-1]
    return netloc in {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def normalize_url(url):
    """The URL as Addressable's normalize would give it: an IDNA host, non-ASCII and unsafe
    characters percent-encoded (so a card's url is a valid URI); None when malformed."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
        if ":" in host:  # an IPv6 literal
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port is not None else "")
    except (ValueError, UnicodeError):
        return None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%/:?@!$'()*+,;-._~")
    fragment = quote(parts.fragment, safe="=&%/:?@!$'()*+,;-._~#")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def first_link(status):
    """The first http(s) link of a status that is not a mention, a hashtag or this server."""
    if status.local and status.text:
        candidates = extract(status.text).urls
    else:
        parser = _Anchors()
        try:
            parser.feed(status.content or "")
            parser.close()
        except Exception:
            pass
        candidates = parser.hrefs
    for url in candidates:
        url = normalize_url(url) if http.is_fetchable(url) else None
        if url and http.is_fetchable(url) and not _is_local(url):
            return url
    return None


# --- The card of a status -------------------------------------------------------------------

def card_of(status):
    try:
        return status.preview.card
    except StatusCard.DoesNotExist:
        return None


def fetch_card_for_status(status):
    """Give a status (as stored now: statuses.services.distribution.fetch_card reads it) the
    card of its first link, or none when it has no link any more; returns the PreviewCard or
    None. Safe to run again: a status keeps a card for the same URL, and gets a new one when
    an edit changed its first link."""
    if status.reblog_of_id is not None:
        return None
    url = first_link(status)
    existing = StatusCard.objects.filter(status_id=status.id).select_related("card").first()
    if existing is not None and url is not None and existing.card.url == url:
        return existing.card
    card = card_for_url(url) if url is not None else None
    if card is None:
        StatusCard.objects.filter(status_id=status.id).delete()
        return None
    try:
        with transaction.atomic():
            StatusCard.objects.update_or_create(status_id=status.id, defaults={"card": card})
    except IntegrityError:  # the status was deleted meanwhile
        return None
    return card


# --- One card per URL -----------------------------------------------------------------------

def card_for_url(url):
    """The PreviewCard of a URL: the stored one while fresh, else fetched (again). When a
    refresh fails the stale card is kept. None when there is no usable card."""
    card = PreviewCard.objects.filter(url=url).first()
    if card is not None and card.updated_at > timezone.now() - CARD_TTL:
        return card
    fetched = fetch_details(url)
    if fetched is None:
        return card
    fields, image_url = fetched
    if not fields.get("title") and not fields.get("html"):
        return card
    image = fetch_image(image_url) if image_url else None
    return _save(url, card, fields, image)


def fetch_details(url):
    """(card fields, image URL) for a page, from its oEmbed endpoint or its meta tags; None
    when the page cannot be fetched or is not HTML."""
    page = http.fetch(url, accept="text/html, application/xhtml+xml;q=0.9", content_types=http.HTML_TYPES,
                      max_bytes=http.PAGE_BYTES)
    if page is None:
        return None
    details = page_details(page.text(), page.url)
    if details.oembed_url:
        from_oembed = _oembed(details.oembed_url)
        if from_oembed is not None:
            fields, image_url = from_oembed
            return {**fields, "description": "", "language": details.attributes()["language"],
                    "image_description": "", "published_at": None}, image_url
    return details.attributes(), details.image_url


def _oembed(endpoint):
    answer = http.fetch(endpoint, accept="application/json", content_types=JSON_TYPES, max_bytes=OEMBED_MAX_BYTES,
                        truncate=False)
    if answer is None:
        return None
    try:
        data = json.loads(answer.text())
    except ValueError:
        return None
    return oembed_attributes(data, answer.url)


def fetch_image(url):
    """(bytes, extension, width, height, blurhash) of a card's image, scaled into IMAGE_BOX;
    None when it cannot be fetched or read."""
    answer = http.fetch(url, accept="image/*", content_types=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES,
                        truncate=False)
    if answer is None:
        return None
    try:
        return _thumbnail(answer.body)
    except Exception:  # whatever a broken or hostile image does, the card goes without it
        logger.info("preview card image %s could not be read", url, exc_info=True)
        return None


def _thumbnail(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                return None
            image.seek(0)
            image.load()
            picture = ImageOps.exif_transpose(image)
    transparent = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    picture = picture.convert("RGBA" if transparent else "RGB")
    picture.thumbnail(IMAGE_BOX, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    if transparent:
        picture.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        picture.save(buffer, "JPEG", quality=85, optimize=True)
        extension = "jpeg"
    return buffer.getvalue(), extension, picture.width, picture.height, _blurhash(picture)


def _blurhash(picture):
    try:
        return compute_blurhash(picture)
    except Exception:
        return None


def _image_name(card_id, extension):
    digits = str(card_id).rjust(18, "0")
    partition = "/".join(digits[index:index + 3] for index in range(0, len(digits), 3))
    return f"preview_cards/images/{partition}/original/{secrets.token_hex(8)}.{extension}"


def _save(url, card, fields, image):
    """Create or refresh the card of url with fields and image (bytes, ext, w, h, hash)."""
    fields = {key: value for key, value in fields.items() if hasattr(PreviewCard, key)}
    if card is None:
        try:
            with transaction.atomic():
                card = PreviewCard.objects.create(url=url, **fields)
        except IntegrityError:  # another worker stored this URL meanwhile: refresh that one
            card = PreviewCard.objects.filter(url=url).first()
            if card is None:
                return None
    for key, value in fields.items():
        setattr(card, key, value)
    old_image = card.image.name if card.image else None
    new_image = None
    if image is not None:
        data, extension, width, height, hash_ = image
        new_image = default_storage.save(_image_name(card.id, extension), ContentFile(data))
        card.image = new_image
        card.blurhash = hash_
        if card.type == PreviewCard.Type.LINK:  # as Mastodon: a link card has its image's size
            card.width, card.height = width, height
    else:
        card.image = None
        card.blurhash = None
    try:
        card.save()
    except Exception:
        if new_image:
            default_storage.delete(new_image)
        raise
    if old_image and old_image != new_image:
        transaction.on_commit(lambda: _delete_file(old_image))
    return card


def _delete_file(name):
    try:
        default_storage.delete(name)
    except (OSError, NotImplementedError):
        pass
