"""GET /api/v2/search: accounts, statuses and hashtags (Mastodon's SearchService), on the
database (no Elasticsearch): the same scoping rules and query operators (search.query),
statuses matched on the database's full-text index (search.fulltext, search.index).

Statuses are searched only for a signed-in user, among the statuses Mastodon indexes for
them: their own, those they favourited, bookmarked or were mentioned in, and public posts
of accounts that opted into search (`indexable`). A URL of one of our statuses or accounts
finds that status or account (when the viewer may see it).
"""
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length

from accounts.search import find_by_handle
from cards.models import StatusCard
from fedi.text import normalize_hashtag
from media_attachments.models import MediaAttachment
from polls.models import Poll
from relationships.search import search_accounts
from search import fulltext
from search.query import parse
from statuses.models import Bookmark, Favourite, Mention, Status, Visibility
from statuses.visibility import not_hidden_q, visible_statuses
from tags.models import Tag

STATUS_PATH = re.compile(r"^/(?:@(?P<user>[\w.-]+)|users/(?P<user2>[\w.-]+)/statuses)/(?P<id>\d+)/?$")
ACCOUNT_PATH = re.compile(r"^/(?:@|users/)(?P<user>[\w.-]+)/?$")
TYPES = ("accounts", "statuses", "hashtags")


@dataclass
class Results:
    accounts: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    hashtags: list = field(default_factory=list)


def _local_url_path(query):
    parsed = urlparse(query)
    if parsed.scheme not in ("http", "https"):
        return None
    hosts = {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}
    return parsed.path if parsed.netloc.lower() in hosts else None


def by_url(query, viewer):
    """Results for a URL of this server, or None when the query is not such a URL."""
    path = _local_url_path(query)
    if path is None:
        return None
    results = Results()
    match = STATUS_PATH.match(path)
    if match:
        found = visible_statuses(viewer, Status.objects.filter(pk=int(match.group("id")), reblog_of__isnull=True))
        results.statuses = list(found.values_list("id", flat=True))
        return results
    match = ACCOUNT_PATH.match(path)
    if match:
        account = find_by_handle(match.group("user"))
        results.accounts = [account] if account is not None and not account.is_suspended else []
    return results


def library_q(viewer):
    """Statuses in the viewer's "library": their own, and those they favourited, boosted,
    bookmarked or were mentioned in (Mastodon's PublicStatusesIndex/StatusesIndex split)."""
    return (Q(account=viewer)
            | Exists(Favourite.objects.filter(account=viewer, status=OuterRef("pk")))
            | Exists(Bookmark.objects.filter(account=viewer, status=OuterRef("pk")))
            | Exists(Mention.objects.filter(account=viewer, status=OuterRef("pk")))
            | Exists(Status.objects.filter(account=viewer, reblog_of=OuterRef("pk"))))


def public_index_q():
    """Public posts of accounts that opted into search (`indexable`)."""
    return Q(visibility=Visibility.PUBLIC, account__indexable=True)


def searchable_statuses(viewer, scope="all"):
    """The statuses a viewer's full-text search covers (see the module docstring), never one
    they may not see, nor one by (or boosting) an account they block or mute."""
    where = {"library": library_q(viewer), "public": public_index_q()}.get(scope) or (library_q(viewer) | public_index_q())
    queryset = Status.objects.filter(where, reblog_of__isnull=True)
    return visible_statuses(viewer, queryset).filter(not_hidden_q(viewer))


def _property_q(name):
    """Mastodon's Status#searchable_properties, as a condition."""
    media = MediaAttachment.objects.filter(status=OuterRef("pk"))
    return {
        "media": Exists(media),
        "image": Exists(media.filter(type__in=("image", "gifv"))),
        "video": Exists(media.filter(type__in=("video", "gifv"))),
        "audio": Exists(media.filter(type="audio")),
        "poll": Exists(Poll.objects.filter(status=OuterRef("pk"))),
        "link": Exists(StatusCard.objects.filter(status=OuterRef("pk"))),
        "embed": Exists(StatusCard.objects.filter(status=OuterRef("pk"), card__type="video")),
        "sensitive": Q(sensitive=True),
        "reply": Q(in_reply_to__isnull=False) | Q(in_reply_to_account__isnull=False),
    }[name]


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.timezone.utc)


def _operator_q(viewer, key, value):
    if key == "from":
        account = viewer if value.lower().lstrip("@") == "me" else find_by_handle(value)
        return Q(account=account) if account is not None else Q(pk__in=[])
    if key == "property":
        return _property_q(value)
    if key == "language":
        return Q(language__iexact=value)
    if key == "before":
        return Q(created_at__lt=_day_start(value))
    if key == "after":
        return Q(created_at__gte=_day_start(value + datetime.timedelta(days=1)))
    # during
    return Q(created_at__gte=_day_start(value), created_at__lt=_day_start(value + datetime.timedelta(days=1)))


def search_statuses(query, viewer, *, account_id=None, max_id=None, min_id=None):
    """Ids of the statuses matching query (search.query syntax), best match first, as a
    queryset to slice; the full-text part runs on the database's index (search.fulltext)."""
    parsed = parse(query)
    if parsed.empty:
        return Status.objects.none().values_list("id", flat=True)
    queryset = searchable_statuses(viewer, parsed.scope)
    for key, value in parsed.filters:
        queryset = queryset.filter(_operator_q(viewer, key, value))
    for key, value in parsed.exclusions:
        queryset = queryset.exclude(_operator_q(viewer, key, value))
    if account_id is not None:
        queryset = queryset.filter(account_id=account_id)
    if max_id is not None:
        queryset = queryset.filter(id__lt=max_id)
    if min_id is not None:
        queryset = queryset.filter(id__gt=min_id)
    if not parsed.has_text:
        return queryset.order_by("-id").values_list("id", flat=True)
    return fulltext.match(queryset, parsed, language=_viewer_language(viewer, parsed)).values_list("id", flat=True)


def _viewer_language(viewer, parsed):
    """The language whose stemming applies to the query words: the language: filter, else the
    viewer's interface language."""
    for key, value in parsed.filters:
        if key == "language":
            return value
    user = getattr(viewer, "user", None) if viewer is not None else None
    return getattr(user, "locale", None) or "en"


def search_hashtags(query, *, exclude_unreviewed=False):
    name = normalize_hashtag(query.strip().lstrip("#"))
    if not name or not re.match(r"^\w+$", name):
        return Tag.objects.none()
    tags = Tag.objects.filter(normalized__startswith=name).exclude(listable=False)
    if exclude_unreviewed:
        # As Mastodon's Tag.search_for: the exact name is always found; other matches only
        # once reviewed by staff (trendable decided either way).
        tags = tags.filter(Q(normalized=name) | Q(trendable__isnull=False))
    # Shortest first, so the exact name leads (Mastodon orders by length, then name).
    return tags.order_by(Length("normalized"), "normalized")


def search(query, viewer, *, type=None, following=False, account_id=None, exclude_unreviewed=False,
           max_id=None, min_id=None, limit=20, offset=0):
    """Results for a query: Account objects, status ids and Tag objects, each `limit` long."""
    query = query.strip()
    wanted = (type,) if type else TYPES
    found = by_url(query, viewer)
    if found is not None:
        return found
    results = Results()
    window = slice(offset, offset + limit)
    if "accounts" in wanted:
        results.accounts = list(search_accounts(query, viewer, following=following)[window])
    if "statuses" in wanted and viewer is not None:
        results.statuses = list(search_statuses(query, viewer, account_id=account_id, max_id=max_id,
                                                min_id=min_id)[window])
    if "hashtags" in wanted:
        results.hashtags = list(search_hashtags(query, exclude_unreviewed=exclude_unreviewed)[window])
    return results
