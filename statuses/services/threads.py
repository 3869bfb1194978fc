"""Threads: the ancestors and descendants of a status, as a viewer may see them.

Both walks are one recursive SQL query (WITH RECURSIVE works on PostgreSQL and SQLite), and
visibility plus the viewer's blocks and mutes are applied in one more query, so a thread
of any size costs a fixed number of queries.
"""
from django.db import connection

from statuses.models import Status
from statuses.visibility import not_hidden_q, visible_statuses

ANCESTORS_LIMIT = 40
DESCENDANTS_LIMIT = 4096
DESCENDANTS_LIMIT_SIGNED_OUT = 60
DESCENDANTS_DEPTH_LIMIT = 20  # signed out, as Mastodon

ANCESTORS_SQL = """
WITH RECURSIVE ancestors(id, in_reply_to_id, depth) AS (
    SELECT id, in_reply_to_id, 0 FROM statuses_status WHERE id = %s
    UNION ALL
    SELECT s.id, s.in_reply_to_id, a.depth + 1 FROM statuses_status s JOIN ancestors a ON s.id = a.in_reply_to_id
    WHERE a.depth < %s
)
SELECT id FROM ancestors WHERE depth > 0 ORDER BY depth DESC
"""

DESCENDANTS_SQL = """
WITH RECURSIVE descendants(id, depth, path) AS (
    SELECT id, 1, {pad} FROM statuses_status WHERE in_reply_to_id = %s AND reblog_of_id IS NULL
    UNION ALL
    SELECT s.id, d.depth + 1, d.path || '/' || {pad_s}
    FROM statuses_status s JOIN descendants d ON s.in_reply_to_id = d.id
    WHERE s.reblog_of_id IS NULL AND d.depth < %s
)
SELECT id FROM descendants ORDER BY path LIMIT %s
"""


def _padded(column):
    # Depth-first order by a path of zero-padded ids (ids are 64-bit: 20 digits).
    if connection.vendor == "postgresql":
        return f"lpad(CAST({column} AS TEXT), 20, '0')"
    return f"substr('00000000000000000000' || {column}, -20, 20)"


def ancestor_ids(status):
    with connection.cursor() as cursor:
        cursor.execute(ANCESTORS_SQL, [status.id, ANCESTORS_LIMIT])
        return [row[0] for row in cursor.fetchall()]


def descendant_ids(status, *, limit, depth):
    sql = DESCENDANTS_SQL.format(pad=_padded("id"), pad_s=_padded("s.id"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [status.id, depth, limit])
        return [row[0] for row in cursor.fetchall()]


def _shown(ids, viewer):
    """The ids among `ids` the viewer may see and has not hidden, in the same order."""
    if not ids:
        return []
    queryset = visible_statuses(viewer, Status.objects.filter(id__any=ids))
    if viewer is not None:
        queryset = queryset.filter(not_hidden_q(viewer))
    shown = set(queryset.values_list("id", flat=True))
    return [status_id for status_id in ids if status_id in shown]


def context_of(status, viewer):
    """(ancestor ids oldest first, descendant ids depth-first) the viewer may see."""
    if viewer is None:
        limit, depth = DESCENDANTS_LIMIT_SIGNED_OUT, DESCENDANTS_DEPTH_LIMIT
    else:
        limit, depth = DESCENDANTS_LIMIT, DESCENDANTS_LIMIT
    return _shown(ancestor_ids(status), viewer), _shown(descendant_ids(status, limit=limit, depth=depth), viewer)
