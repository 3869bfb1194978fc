"""Mastodon's ID-cursor pagination: max_id, since_id, min_id, limit, and the Link header.

    page = paginate(view, Status.objects.filter(...), default_limit=20, max_limit=40)
    return page.response(serializer(page.items))

max_id   items older than it, newest first
since_id the newest items newer than it, newest first
min_id   the items immediately newer than it (forward cursor): ascending query, newest first
offset   (Pleroma's, where a view passes it: offset_param) that many items skipped after the
         cursors' filter, in the query's order; never carried into the Link header

Lists that page by a row clients never see (a follow, a favourite, a block) pass
`key` (the cursor field on the row) and turn page.items into entities themselves; the
Link header carries that row's key, which is why clients follow the Link header.
"""
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from rest_framework.response import Response

from fedi.links import absolute
from fedi.params import MAX_ID

CURSORS = ("max_id", "since_id", "min_id")
DROPPED = ("access_token", "offset")  # a Link's cursor already says where the next page starts


@dataclass
class Page:
    items: list
    next_cursor: object = None
    prev_cursor: object = None
    request: Any = None
    extra_query: dict = field(default_factory=dict)

    def link_header(self):
        links = []
        if self.next_cursor is not None:
            links.append(f'<{self._url("max_id", self.next_cursor)}>; rel="next"')
        if self.prev_cursor is not None:
            links.append(f'<{self._url("min_id", self.prev_cursor)}>; rel="prev"')
        return ", ".join(links)

    def _url(self, cursor, value):
        query = [(key, val) for key, val in self.request.GET.lists() if key not in CURSORS and key not in DROPPED]
        pairs = [(key, item) for key, values in query for item in values]
        pairs.append((cursor, str(value)))
        return absolute(self.request.path) + "?" + urlencode(pairs)

    def response(self, data, status=200):
        response = Response(data, status=status)
        header = self.link_header()
        if header:
            response["Link"] = header
        return response


def limit_param(params, default_limit, max_limit):
    """limit: the default when absent, clamped to 1..max_limit (Mastodon clamps too)."""
    return params.int("limit", default_limit, min_value=1, max_value=max_limit, clamp=True)


def offset_param(params, limit):
    """Pleroma's offset: a non-negative integer (400 otherwise), 0 when absent; capped at
    what the database takes (OFFSET + LIMIT is a signed 64-bit integer)."""
    return min(params.int("offset", 0, min_value=0), MAX_ID - limit)


def paginate(view, queryset, *, default_limit=20, max_limit=40, key="id", limit=None, offset=0):
    params = view.params
    if limit is None:
        limit = limit_param(params, default_limit, max_limit)
    max_id = params.id("max_id")
    since_id = params.id("since_id")
    min_id = params.id("min_id")
    if max_id is not None:
        queryset = queryset.filter(**{f"{key}__lt": max_id})
    if min_id is not None:
        rows = list(queryset.filter(**{f"{key}__gt": min_id}).order_by(key)[offset:offset + limit])
        rows.reverse()
    else:
        if since_id is not None:
            queryset = queryset.filter(**{f"{key}__gt": since_id})
        rows = list(queryset.order_by(f"-{key}")[offset:offset + limit])
    return page_of(view.request._request, rows, limit, key)


def page_of(request, rows, limit, key="id"):
    """A Page for rows already fetched newest first (used by paginate and by feeds)."""
    def cursor(row):
        return row.get(key) if isinstance(row, dict) else getattr(row, key) if not isinstance(row, int) else row

    next_cursor = cursor(rows[-1]) if rows and len(rows) >= limit else None
    prev_cursor = cursor(rows[0]) if rows else None
    return Page(items=rows, next_cursor=next_cursor, prev_cursor=prev_cursor, request=request)


def offset_page(view, queryset, *, default_limit=40, max_limit=80):
    """Offset pagination (search results, directory): offset + limit."""
    params = view.params
    limit = limit_param(params, default_limit, max_limit)
    # clamped to what the database takes (OFFSET + LIMIT is a signed 64-bit integer)
    offset = params.int("offset", 0, min_value=0, max_value=MAX_ID - limit, clamp=True)
    return list(queryset[offset:offset + limit])


def offset_links(request, offset, limit, *, more):
    """Mastodon's Link header of an offset page (trends, collections): next when `more`
    (there may be a next page), prev when the page does not start at 0; "" for neither."""
    def url(start):
        return absolute(request.path) + "?" + urlencode({"offset": start, "limit": limit})

    links = []
    if more:
        links.append(f'<{url(offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{url(max(offset - limit, 0))}>; rel="prev"')
    return ", ".join(links)
