"""Plain text to Mastodon's HTML, and Mastodon's way of counting characters.

The one place where statuses, bios and profile fields are turned into HTML:

    found = extract(text)                       # mentions, hashtags, URLs, custom emoji
    html = render(text, mention_urls={("bob", None): "https://.../@bob"})

Output matches Mastodon's: a <p> per paragraph, <br /> per line break, links with the
invisible/ellipsis spans, mentions as h-card links, hashtags as rel="tag" links. Only
mentions the caller resolved (mention_urls) become links; the rest stays text. Everything
that is not markup we generate is escaped, so the result is safe to show as is.
"""
import unicodedata
from dataclasses import dataclass, field
from html import escape

import nh3
import regex

from fedi.links import absolute

URL_LENGTH = 23  # every URL counts as this many characters, as on Mastodon
DISPLAY_URL_LIMIT = 30

URL_RE = regex.compile(r"(?<![\w/@.:#])(?:https?://|xmpp:)[^\s<>\"\u00a0\u3000]+", regex.IGNORECASE)
USERNAME = r"[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?"
MENTION_RE = regex.compile(rf"(?<![=/\w@])@(?P<username>{USERNAME})(?:@(?P<domain>[\w.-]+\w+(?::\d+)?))?",
                           regex.IGNORECASE)
HASHTAG_NAME = r"(?:\w[\w·\u200c]*[\p{Alphabetic}_·\u200c][\w·\u200c]*\w|\w*\p{Alphabetic}\w*)"
HASHTAG_RE = regex.compile(rf"(?<![=/)\w#&])#(?P<name>{HASHTAG_NAME})", regex.IGNORECASE)
EMOJI_RE = regex.compile(r"(?<![\p{Alnum}:]):(?P<shortcode>[a-zA-Z0-9_]{2,}):(?![\p{Alnum}:])")
TRAILING_PUNCTUATION = ".,:;!?'\"*"


@dataclass
class Entity:
    kind: str  # "url" | "mention" | "hashtag"
    start: int
    end: int
    text: str
    username: str = ""
    domain: str | None = None


@dataclass
class Extracted:
    urls: list = field(default_factory=list)
    mentions: list = field(default_factory=list)  # (username, domain or None), as written, unique
    hashtags: list = field(default_factory=list)  # names as first written, unique by normalized name
    emojis: list = field(default_factory=list)    # shortcodes, unique
    entities: list = field(default_factory=list)


def normalize_hashtag(name):
    """The key under which a hashtag is stored: case-insensitive and Unicode-normalized."""
    return unicodedata.normalize("NFKC", name).replace("·", "").replace("\u200c", "").lower()


def _trim_url(url):
    """Trailing punctuation is not part of a URL, nor is an unbalanced closing bracket."""
    while url:
        last = url[-1]
        if last in TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def _entities(text):
    found = []
    taken: list = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    for match in URL_RE.finditer(text):
        url = _trim_url(match.group(0))
        if len(url) <= len("https://") or url.lower() in ("http://", "https://"):
            continue
        end = match.start() + len(url)
        found.append(Entity("url", match.start(), end, url))
        taken.append((match.start(), end))
    for match in MENTION_RE.finditer(text):
        if free(match.start(), match.end()):
            domain = match.group("domain")
            found.append(Entity("mention", match.start(), match.end(), match.group(0),
                                username=match.group("username"), domain=domain))
            taken.append((match.start(), match.end()))
    for match in HASHTAG_RE.finditer(text):
        if free(match.start(), match.end()):
            found.append(Entity("hashtag", match.start(), match.end(), match.group(0), username=match.group("name")))
            taken.append((match.start(), match.end()))
    found.sort(key=lambda entity: entity.start)
    return found


def extract(text):
    """The URLs, mentions, hashtags and custom emoji shortcodes in a text."""
    result = Extracted()
    text = text or ""
    result.entities = _entities(text)
    seen_mentions, seen_tags = set(), set()
    for entity in result.entities:
        if entity.kind == "url":
            result.urls.append(entity.text)
        elif entity.kind == "mention":
            key = (entity.username.lower(), entity.domain.lower() if entity.domain else None)
            if key not in seen_mentions:
                seen_mentions.add(key)
                result.mentions.append((entity.username, entity.domain))
        else:
            key = normalize_hashtag(entity.username)
            if key not in seen_tags:
                seen_tags.add(key)
                result.hashtags.append(entity.username)
    result.emojis = list(dict.fromkeys(match.group("shortcode") for match in EMOJI_RE.finditer(text)))
    return result


def link_html(url):
    prefix_match = regex.match(r"(?i)(https?://(?:www\.)?|xmpp:)", url)
    prefix = prefix_match.group(0) if prefix_match else ""
    display = url[len(prefix):]
    if len(display) > DISPLAY_URL_LIMIT:
        shown = (f'<span class="ellipsis">{escape(display[:DISPLAY_URL_LIMIT])}</span>'
                 f'<span class="invisible">{escape(display[DISPLAY_URL_LIMIT:])}</span>')
    else:
        shown = f'<span class="">{escape(display)}</span><span class="invisible"></span>'
    return (f'<a href="{escape(url)}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">{escape(prefix)}</span>{shown}</a>')


def mention_html(username, url):
    return (f'<span class="h-card" translate="no"><a href="{escape(url)}" class="u-url mention">'
            f'@<span>{escape(username)}</span></a></span>')


def hashtag_html(name, url):
    return f'<a href="{escape(url)}" class="mention hashtag" rel="tag">#<span>{escape(name)}</span></a>'


def _inline(text, mention_urls, tag_url):
    mention_urls = {(user.lower(), domain.lower() if domain else None): url
                    for (user, domain), url in (mention_urls or {}).items()}
    parts, position = [], 0
    for entity in _entities(text):
        parts.append(escape(text[position:entity.start], quote=False))
        if entity.kind == "url":
            parts.append(link_html(entity.text))
        elif entity.kind == "mention":
            url = mention_urls.get((entity.username.lower(), entity.domain.lower() if entity.domain else None))
            parts.append(mention_html(entity.username, url) if url else escape(entity.text, quote=False))
        else:
            url = tag_url(entity.username) if tag_url else None
            parts.append(hashtag_html(entity.username, url) if url else escape(entity.text, quote=False))
        position = entity.end
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)


def _default_tag_url(name):
    return absolute(f"/tags/{name}")


def render(text, mention_urls=None, tag_url=_default_tag_url):
    """Plain text as Mastodon's HTML: paragraphs, line breaks, links, mentions, hashtags."""
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    html = _inline(text, mention_urls, tag_url)
    paragraphs = [part for part in regex.split(r"\n{2,}", html) if part.strip()]
    return "".join("<p>" + part.strip("\n").replace("\n", "<br />") + "</p>" for part in paragraphs)


def render_inline(text, mention_urls=None, tag_url=_default_tag_url):
    """One line (a profile field value): links, mentions and hashtags, no paragraph."""
    if not text:
        return ""
    return _inline(text.replace("\r", "").replace("\n", " "), mention_urls, tag_url)


def linkify(text, mention_urls=None, tag_url=_default_tag_url):
    """A run of text (no paragraphs, escaped) with its links, mentions and hashtags as
    render() makes them: for text inside other markup (a Markdown status's text runs)."""
    return _inline(text or "", mention_urls, tag_url)


def plain_to_html(text):
    """Paragraphs and line breaks only, everything escaped (no links)."""
    return render(text, tag_url=None) if text else ""


def countable_length(text):
    """Length as Mastodon counts it: grapheme clusters, each URL as 23, a mention without its domain."""
    if not text:
        return 0
    entities = _entities(text)
    parts, position = [], 0
    for entity in entities:
        parts.append(text[position:entity.start])
        if entity.kind == "url":
            parts.append("x" * URL_LENGTH)
        elif entity.kind == "mention":
            parts.append("@" + entity.username)
        else:
            parts.append(entity.text)
        position = entity.end
    parts.append(text[position:])
    return len(regex.findall(r"\X", "".join(parts)))


# Remote or admin-written HTML is cleaned down to what Mastodon keeps.
ALLOWED_TAGS = {"p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em",
                "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {"a": {"href", "translate"}, "span": {"translate"},  # class: see ALLOWED_CLASSES
                      "ol": {"start", "reversed"}, "li": {"value"}}
ALLOWED_CLASSES = {"a": {"h-card", "u-url", "mention", "hashtag", "p-name"},
                   "span": {"h-card", "invisible", "ellipsis", "p-name", "u-url", "mention"}}


def sanitize(html):
    """HTML from elsewhere, reduced to Mastodon's allowed tags and attributes."""
    if not html:
        return ""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
                     url_schemes={"http", "https", "mailto", "xmpp", "gopher", "gemini", "magnet", "dat", "ipfs"},
                     link_rel="nofollow noopener", strip_comments=True)
