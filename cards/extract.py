"""What a web page says about itself (Mastodon's LinkDetailsExtractor, simplified):
OpenGraph and Twitter meta tags, <title>, <meta name="description">, the author, the
oEmbed endpoint it advertises, its language.

    details = page_details(html, page_url)
    details.attributes()     # {title, description, type, html, width, height, ...} for a PreviewCard
    details.image_url        # absolute, or None
    details.oembed_url       # absolute, or None
"""
from dataclasses import dataclass, field
from datetime import timezone as dt_timezone
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import nh3
import regex
from django.utils.dateparse import parse_datetime

from cards.fetch import is_fetchable

MAX_TITLE = 255          # characters kept of a title (longer ones are cut with an ellipsis)
MAX_DESCRIPTION = 1000   # characters kept of a description
MAX_NAME = 255           # author and provider names
OEMBED_TYPES = ("application/json+oembed", "text/json+oembed")


class _HeadParser(HTMLParser):
    """Collects meta tags (first one of each name wins), the first <title>, links with a
    rel, and the lang of <html>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.title = None
        self.links = []          # (rel words, type, href)
        self.lang = None
        self._in_title = False
        self._title_parts = []

    def handle_starttag(self, tag, attrs):
        values = {}
        for name, value in attrs:
            values.setdefault(name.lower(), value if value is not None else "")
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").strip().lower()
            content = values.get("content")
            if key and content is not None and key not in self.meta:
                self.meta[key] = content.strip()
        elif tag == "title" and self.title is None:
            self._in_title = True
        elif tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").lower().split()
            self.links.append((rel, (values.get("type") or "").strip().lower(), values["href"].strip()))
        elif tag == "html" and values.get("lang") and self.lang is None:
            self.lang = values["lang"].strip()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = "".join(self._title_parts)

    def handle_data(self, data):
        if self._in_title:
            self._title_parts.append(data)


def _clean(text, limit):
    """Whitespace collapsed, control characters gone, cut to `limit` characters."""
    if text is None:
        return ""
    text = unescape(str(text))
    text = regex.sub(r"[\p{Cc}\s]+", " ", text).strip()
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def _url(value, base):
    """An absolute http(s) URL made of value (relative to base), or None."""
    if not value:
        return None
    try:
        absolute = urljoin(base, value.strip())
    except ValueError:
        return None
    return absolute if is_fetchable(absolute) else None


def _int(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number <= 10000 else 0


def language_code(value):
    """"en-US", "en_GB", "fr" -> "en", "en", "fr"; None for anything else."""
    if not value:
        return None
    code = regex.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return code if regex.fullmatch(r"[a-z]{2,3}", code) else None


def sanitize_embed(html):
    """An oEmbed or player snippet reduced to iframes with http(s) sources (Mastodon's
    MASTODON_OEMBED sanitizer keeps little more)."""
    if not html:
        return ""
    return nh3.clean(
        html, tags={"iframe", "audio", "video", "source"},
        attributes={"iframe": {"src", "width", "height", "allowfullscreen", "frameborder", "allowtransparency",
                               "scrolling", "allow", "title"},
                    "audio": {"src", "controls"}, "video": {"src", "controls", "width", "height", "poster"},
                    "source": {"src", "type"}},
        url_schemes={"https", "http"}, link_rel=None, strip_comments=True)


@dataclass
class PageDetails:
    url: str
    meta: dict = field(default_factory=dict)
    title_tag: str = None
    links: list = field(default_factory=list)
    lang: str = None

    def tag(self, *names):
        for name in names:
            value = self.meta.get(name)
            if value:
                return value
        return None

    @property
    def title(self):
        return _clean(self.tag("og:title", "twitter:title") or self.title_tag, MAX_TITLE)

    @property
    def description(self):
        return _clean(self.tag("og:description", "twitter:description", "description"), MAX_DESCRIPTION)

    @property
    def image_url(self):
        return _url(self.tag("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                             "twitter:image:src"), self.url)

    @property
    def image_description(self):
        return _clean(self.tag("og:image:alt", "twitter:image:alt"), 1500)

    @property
    def player_url(self):
        return _url(self.tag("twitter:player"), self.url)

    @property
    def oembed_url(self):
        for rel, kind, href in self.links:
            if "alternate" in rel and kind in OEMBED_TYPES:
                return _url(href, self.url)
        return None

    @property
    def author_name(self):
        author = self.tag("author", "article:author", "twitter:creator")
        if author and _url(author, self.url) and author.strip().lower().startswith(("http://", "https://")):
            return ""
        return _clean(author, MAX_NAME)

    @property
    def author_url(self):
        author = self.tag("article:author")
        return _url(author, self.url) if author and author.strip().lower().startswith(("http://", "https://")) \
            else ""

    @property
    def published_at(self):
        value = self.tag("article:published_time", "og:published_time", "datepublished")
        if not value:
            return None
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            return None
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt_timezone.utc)
        return parsed

    def attributes(self):
        """The PreviewCard fields this page gives (the image is fetched separately)."""
        player = self.player_url
        width, height = (_int(self.tag("twitter:player:width")), _int(self.tag("twitter:player:height"))) \
            if player else (0, 0)
        embed = ""
        if player:
            embed = sanitize_embed(
                f'<iframe src="{_attr(player)}" width="{width}" height="{height}" allowfullscreen="true" '
                'allowtransparency="true" scrolling="no" frameborder="0"></iframe>')
        return {
            "title": self.title,
            "description": self.description,
            "type": "video" if player else "link",
            "html": embed,
            "width": width,
            "height": height,
            "author_name": self.author_name,
            "author_url": self.author_url or "",
            "provider_name": _clean(self.tag("og:site_name"), MAX_NAME),
            "provider_url": "",
            "embed_url": _url(self.tag("twitter:player:stream"), self.url) or "",
            "image_description": self.image_description,
            "language": language_code(self.tag("og:locale") or self.lang),
            "published_at": self.published_at,
        }


def _attr(value):
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def page_details(html, page_url):
    parser = _HeadParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed HTML: whatever was parsed so far counts
        pass
    return PageDetails(url=page_url, meta=parser.meta, title_tag=parser.title, links=parser.links,
                       lang=parser.lang)


def oembed_attributes(data, endpoint_url):
    """PreviewCard fields from an oEmbed answer (Mastodon's attempt_oembed), with the image
    URL to fetch: (fields, image_url), or None when it is not usable (rich embeds, photos
    without a URL, anything malformed)."""
    if not isinstance(data, dict):
        return None
    kind = str(data.get("type") or "").lower()
    if kind not in ("link", "photo", "video"):
        return None

    def text(name, limit=MAX_NAME):
        value = data.get(name)
        return _clean(value, limit) if isinstance(value, (str, int, float)) else ""

    fields = {
        "type": kind,
        "title": text("title", MAX_TITLE),
        "author_name": text("author_name"),
        "author_url": _url(data.get("author_url") if isinstance(data.get("author_url"), str) else None,
                           endpoint_url) or "",
        "provider_name": text("provider_name"),
        "provider_url": _url(data.get("provider_url") if isinstance(data.get("provider_url"), str) else None,
                             endpoint_url) or "",
        "width": 0, "height": 0, "html": "", "embed_url": "",
    }
    thumbnail = data.get("thumbnail_url") if isinstance(data.get("thumbnail_url"), str) else None
    image = _url(thumbnail, endpoint_url)
    if kind == "photo":
        photo = _url(data.get("url") if isinstance(data.get("url"), str) else None, endpoint_url)
        if photo is None:
            return None
        fields.update(embed_url=photo, width=_int(data.get("width")), height=_int(data.get("height")))
        image = photo
    elif kind == "video":
        html = sanitize_embed(data.get("html") if isinstance(data.get("html"), str) else "")
        if not html:
            return None
        fields.update(html=html, width=_int(data.get("width")), height=_int(data.get("height")))
    return fields, image
