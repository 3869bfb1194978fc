"""Matching statuses against a user's filters, as Mastodon does (CustomFilter.cached_filters_for,
CustomFilter.apply_cached_filters, CustomFilterKeyword#to_regex, Status#searchable_text).

    filter_set = active_filters(viewer, "home")        # once per request (cached across requests)
    hide, results = filter_results(filter_set, status)  # per status
    status_json["filtered"] = results                   # [FilterResult...]
    if hide: drop the status

A FilterSet holds every unexpired filter of the account, whatever its context: as on
Mastodon, `filtered` lists each matching filter and clients check `filter.context`
themselves. `hide` is true when a matching filter applies to the FilterSet's context and
its action is hide (never when the FilterSet was made without a context).

Keywords match the plain text of the status (the proper status for a reblog): its spoiler
text, its content with the HTML stripped, its poll options and its media descriptions.
A keyword matches case-insensitively anywhere; a whole-word keyword only between word
boundaries (Unicode word characters), except at an end of the keyword that is not a word
character itself. Each matching filter reports the first text that matched. A FilterStatus
matches the status by id, or the reblogged status of a reblog.

Cost: active_filters is one cache read (two queries when the cache is cold). Matching
keywords reads status.media_attachments and status.poll: prefetch them
(prefetch_related("media_attachments"), select_related("poll")) when filtering a page;
nothing is read when the account has no keyword filters.
"""
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

import regex
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fedi.formats import iso
from fedi.ids import pk_of
from filters.models import FilterKeyword, FilterStatus

CACHE_TIMEOUT = 3600
CONTEXTS = ("home", "notifications", "public", "thread", "account")


def cache_key(account_id):
    return f"filters:v1:{account_id}"


# --- Plain text of a status ----------------------------------------------------------------

class _TextExtractor(HTMLParser):
    """Text of an HTML fragment: line breaks for <br> and paragraph ends, entities decoded,
    the contents of script-like elements dropped (Mastodon's PlainTextFormatter)."""

    DROPPED = {"script", "style", "iframe", "math", "noembed", "noframes", "noscript", "plaintext", "svg", "xmp"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.dropped = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.DROPPED:
            self.dropped += 1
        elif tag == "br" and not self.dropped:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.dropped:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag == "p" and not self.dropped:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.dropped:
            self.parts.append(data)


def html_to_text(html):
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return html
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).rstrip("\n")


def _poll_options(status):
    try:
        poll = status.poll
    except Exception:  # no poll (RelatedObjectDoesNotExist)
        return None
    if poll is None:
        return None
    return "\n\n".join(str(option) for option in poll.options or [])


def _media_descriptions(status):
    manager = getattr(status, "media_attachments", None)
    if manager is None:
        return ""
    return "\n\n".join(media.description for media in manager.all() if media.description)


def searchable_text(status):
    """What keywords match against (Status#searchable_text): spoiler text, the text of the
    content, poll options, media descriptions."""
    content = html_to_text(status.content) if status.content else (status.text or "")
    parts = [status.spoiler_text or "", content, _poll_options(status), _media_descriptions(status)]
    return "\n\n".join(part for part in parts if part is not None)


# --- Keywords ------------------------------------------------------------------------------

_WORD_START = regex.compile(r"^\w")
_WORD_END = regex.compile(r"\w$")


def keyword_pattern(keyword, whole_word):
    """The regular expression source of one keyword (CustomFilterKeyword#to_regex)."""
    escaped = regex.escape(keyword)
    if not whole_word:
        return escaped
    start = r"\b" if _WORD_START.search(keyword) else ""
    end = r"\b" if _WORD_END.search(keyword) else ""
    return f"{start}{escaped}{end}"


def compile_keywords(keywords):
    """One case-insensitive pattern for [(keyword, whole_word)...] (Regexp.union), or None."""
    sources = [keyword_pattern(keyword, whole_word) for keyword, whole_word in keywords if keyword]
    if not sources:
        return None
    return regex.compile("|".join(f"(?:{source})" for source in sources),
                         regex.IGNORECASE | regex.FULLCASE | regex.DOTALL | regex.V0)


# --- Active filters --------------------------------------------------------------------------

@dataclass
class ActiveFilter:
    id: int
    title: str
    context: list
    filter_action: str
    expires_at: datetime | None
    keywords: list = field(default_factory=list)  # [(keyword, whole_word)]
    status_ids: list | None = None
    _pattern: object = None
    _compiled: bool = False

    @property
    def pattern(self):
        if not self._compiled:
            self._pattern = compile_keywords(self.keywords)
            self._compiled = True
        return self._pattern

    def entity(self):
        """The Filter entity as a FilterResult carries it (no keywords nor statuses)."""
        return {"id": str(self.id), "title": self.title, "context": list(self.context),
                "expires_at": iso(self.expires_at), "filter_action": self.filter_action}

    def expired(self, now):
        return self.expires_at is not None and self.expires_at <= now


class FilterSet:
    """An account's unexpired filters, for one context (or none)."""

    def __init__(self, filters=(), context=None):
        self.filters = list(filters)
        self.context = context
        self.has_keywords = any(item.keywords for item in self.filters)

    def __len__(self):
        return len(self.filters)

    def __bool__(self):
        return bool(self.filters)

    def results(self, status):
        return filter_results(self, status)


def _load(account_id):
    """[(filter fields, keywords, status ids)] of the account's unexpired filters that have
    keywords or statuses: two queries (Mastodon's cached_filters_for)."""
    return _load_many([account_id])[account_id]


def _load_many(account_ids):
    """{account id: what _load gives} for many accounts, in the same two queries (the
    streaming of one event to the connections of a process found a thousand accounts'
    filters not cached, at two queries each)."""
    now = timezone.now()
    account_ids = sorted({int(account_id) for account_id in account_ids})
    found = {account_id: {} for account_id in account_ids}

    def entry(filter_row):
        return found[filter_row.account_id].setdefault(filter_row.id, {
            "id": filter_row.id, "title": filter_row.title, "context": list(filter_row.context or []),
            "filter_action": filter_row.filter_action, "expires_at": filter_row.expires_at,
            "keywords": [], "status_ids": None})

    unexpired = Q(filter__account_id__any=account_ids) & (Q(filter__expires_at__isnull=True)
                                                           | Q(filter__expires_at__gt=now))
    keywords = FilterKeyword.objects.filter(unexpired).select_related("filter").order_by("filter_id", "id")
    for keyword in keywords:
        entry(keyword.filter)["keywords"].append((keyword.keyword, keyword.whole_word))
    statuses = FilterStatus.objects.filter(unexpired).select_related("filter").order_by("filter_id", "id")
    for row in statuses:
        item = entry(row.filter)
        item["status_ids"] = (item["status_ids"] or []) + [row.status_id]
    return {account_id: [filters[key] for key in sorted(filters)] for account_id, filters in found.items()}


def active_filters(account, context=None):
    """The filters of `account` (an Account or its id) in force now, as a FilterSet for `context` (one of home,
    notifications, public, thread, account; None when only `filtered` is wanted)."""
    if account is None:
        return FilterSet((), context)
    account_id = pk_of(account)
    key = cache_key(account_id)
    rows = cache.get(key)
    if rows is None:
        rows = _load(account_id)
        cache.set(key, rows, CACHE_TIMEOUT)
    now = timezone.now()
    filters = [ActiveFilter(**row) for row in rows]
    return FilterSet([item for item in filters if not item.expired(now)], context)


def active_filters_many(account_ids, context=None):
    """{account id: active_filters(account id, context)} for many accounts: one cache round
    trip for all (the streaming of one event to every connection of a process)."""
    account_ids = sorted({int(account_id) for account_id in account_ids})
    cached = cache.get_many([cache_key(account_id) for account_id in account_ids])
    missing = [account_id for account_id in account_ids if cached.get(cache_key(account_id)) is None]
    if missing:
        loaded = _load_many(missing)
        cache.set_many({cache_key(account_id): rows for account_id, rows in loaded.items()}, CACHE_TIMEOUT)
        cached.update({cache_key(account_id): rows for account_id, rows in loaded.items()})
    now = timezone.now()
    result = {}
    for account_id in account_ids:
        rows = cached[cache_key(account_id)]
        filters = [ActiveFilter(**row) for row in rows]
        result[account_id] = FilterSet([item for item in filters if not item.expired(now)], context)
    return result


def invalidate(account_id):
    """Forget the cached filters of an account (now, and again once the transaction commits
    so that a reader racing the write cannot keep the old ones)."""
    key = cache_key(pk_of(account_id))
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


# --- Matching ------------------------------------------------------------------------------

def filter_results(filter_set, status):
    """(hide, [FilterResult dict...]) of a status against a FilterSet."""
    if filter_set is None or not filter_set.filters or status is None:
        return False, []
    proper = status.reblog_of if getattr(status, "reblog_of_id", None) else status
    candidates = {status.id}
    if getattr(status, "reblog_of_id", None):
        candidates.add(status.reblog_of_id)
    text = None
    results = []
    hide = False
    for item in filter_set.filters:
        keyword_matches = None
        if item.keywords and item.pattern is not None:
            if text is None:
                text = searchable_text(proper)
            match = item.pattern.search(text)
            if match is not None:
                keyword_matches = [match.group(0)]
        status_matches = None
        if item.status_ids:
            status_matches = [str(status_id) for status_id in item.status_ids if status_id in candidates]
        if not keyword_matches and not status_matches:
            continue
        results.append({"filter": item.entity(), "keyword_matches": keyword_matches,
                        "status_matches": status_matches})
        if (filter_set.context is not None and item.filter_action == "hide"
                and filter_set.context in item.context):
            hide = True
    return hide, results


def filters_map(filter_set, statuses):
    """{status id: [FilterResult...]} for the statuses that match (a reblog's results are
    also given under the reblogged status's id), and the set of ids to hide."""
    found, hidden = {}, set()
    for status in statuses:
        hide, results = filter_results(filter_set, status)
        if results:
            found[status.id] = results
            if getattr(status, "reblog_of_id", None):
                found[status.reblog_of_id] = results
        if hide:
            hidden.add(status.id)
    return found, hidden
