"""A status's text turned into what is stored: HTML content, mentioned accounts, tags."""
import secrets

from django.conf import settings
from django.db.models import Q
from markdown_it import MarkdownIt
from markdown_it.token import Token

from accounts.models import Account
from accounts.search import findable_accounts
from accounts.serializers import account_url
from fedi.text import extract, linkify, normalize_hashtag, render, sanitize
from tags.models import Tag


def _local_domains():
    return {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def mentioned_accounts(mentions):
    """{(username, domain) as written: Account} for the known accounts among mentions, in one query."""
    if not mentions:
        return {}
    local = _local_domains()
    wanted = Q()
    for username, domain in mentions:
        if domain is None or domain.lower() in local:
            wanted |= Q(username__iexact=username, domain__isnull=True)
        else:
            wanted |= Q(username__iexact=username, domain__iexact=domain)
    found: dict[tuple[str, str | None], Account] = {}
    for account in findable_accounts().filter(wanted, suspended_at__isnull=True):
        found[(account.username.lower(), account.domain.lower() if account.domain else None)] = account
    result = {}
    for username, domain in mentions:
        key_domain = None if domain is None or domain.lower() in local else domain.lower()
        mentioned = found.get((username.lower(), key_domain))
        if mentioned is not None:
            result[(username, domain)] = mentioned
    return result


def find_or_create_tags(names):
    """Tag rows for hashtag names (first spelling wins), created when new."""
    tags = []
    for name in names:
        normalized = normalize_hashtag(name)
        tag, _ = Tag.objects.get_or_create(normalized=normalized, defaults={"name": name})
        tags.append(tag)
    return tags


CONTENT_TYPES = ("text/plain", "text/markdown", "text/html")


def render_markdown(text, mention_urls):
    """Markdown (CommonMark, raw HTML not allowed) to sanitized HTML whose text runs get the
    links, mentions and hashtags of a plain-text status, the very same markup (as Pleroma
    linkifies rendered Markdown), except inside links and code, which stay as written.
    The Markdown's own markup is sanitized with each text run held by a placeholder, then
    the runs go in: the sanitizer would otherwise rewrite the hashtag links' rel="tag"."""
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
    tokens = markdown.parse(text)
    runs: dict[str, str] = {}
    marker = secrets.token_hex(8)
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        children, in_link = [], 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link = max(0, in_link - 1)
            elif token.type == "text" and not in_link:
                placeholder = f"fedimd{len(runs)}x{marker}z"
                runs[placeholder] = linkify(token.content, mention_urls)
                token = Token("html_inline", "", 0)
                token.content = placeholder
            children.append(token)
        block.children = children
    html = sanitize(markdown.renderer.render(tokens, markdown.options, {}))
    for placeholder, run in runs.items():
        html = html.replace(placeholder, run, 1)
    return html.strip()


def process(text, content_type="text/plain"):
    """(html, [mentioned Account], [Tag]) for a local status's text. Pleroma's content types:
    text/markdown is rendered, text/html taken as written; both sanitized as any HTML."""
    found = extract(text)
    accounts = mentioned_accounts(found.mentions)
    mention_urls = {key: account_url(account) for key, account in accounts.items()}
    if content_type == "text/markdown":
        html = render_markdown(text or "", mention_urls)
    elif content_type == "text/html":
        html = sanitize(text or "")
    else:
        html = render(text, mention_urls)
    unique_accounts = list({account.id: account for account in accounts.values()}.values())
    return html, unique_accounts, find_or_create_tags(found.hashtags)
