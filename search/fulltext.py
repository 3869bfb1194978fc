"""The full-text part of a status search, on the database's own index (search.models).

PostgreSQL: each word is matched in the `simple` configuration (the word itself) or in the
query language's (its stem), phrases as phrases, exclusions negated; ranked with ts_rank on
the GIN-indexed tsvector. SQLite: one FTS5 MATCH for the required words and phrases, one for
the excluded ones, ranked with bm25.
"""
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

from search.index import pg_config
from search.models import StatusSearchEntry
from search.query import ParsedQuery, Term


def match(queryset, parsed: ParsedQuery, *, language: str | None):
    if connection.vendor == "postgresql":
        return _match_postgres(queryset, parsed, pg_config(language))
    return _match_sqlite(queryset, parsed)


def _pg_term(term: Term, config: str, *, exclude: bool = False):
    """The word (simple) or its stem (config); excluded: neither (De Morgan, since Django
    negates only a single SearchQuery)."""
    kind = "phrase" if term.phrase else "plain"
    query = SearchQuery(term.text, config="simple", search_type=kind, invert=exclude)
    if config != "simple":
        stemmed = SearchQuery(term.text, config=config, search_type=kind, invert=exclude)
        query = (query & stemmed) if exclude else (query | stemmed)
    return query


def pg_query(parsed: ParsedQuery, config: str):
    """The tsquery of the parsed words, phrases and exclusions."""
    query = None
    for term in parsed.terms:
        query = _pg_term(term, config) if query is None else query & _pg_term(term, config)
    for term in parsed.excluded:
        excluded = _pg_term(term, config, exclude=True)
        query = excluded if query is None else query & excluded
    return query


def _match_postgres(queryset, parsed, config):
    query = pg_query(parsed, config)
    # The match as its own subquery, so the planner starts from the GIN index (the matching
    # entries) rather than from the statuses the viewer may search.
    matching = StatusSearchEntry.objects.filter(vector=query).values("status_id")
    return (queryset.filter(id__in=matching)
            .annotate(search_rank=SearchRank(F("search_entry__vector"), query))
            .order_by("-search_rank", "-id"))


def _fts_string(term: Term) -> str:
    # A quoted FTS5 string: its words are a phrase, nothing in it is syntax.
    return '"' + term.text.replace('"', '""') + '"'


def _match_sqlite(queryset, parsed):
    if parsed.terms:
        expression = " AND ".join(_fts_string(term) for term in parsed.terms)
        queryset = queryset.filter(id__in=RawSQL(
            "SELECT rowid FROM search_status_fts WHERE search_status_fts MATCH %s", (expression,)))
        rank = RawSQL("(SELECT bm25(search_status_fts) FROM search_status_fts "
                      "WHERE search_status_fts MATCH %s AND rowid = statuses_status.id)", (expression,))
        queryset = queryset.annotate(search_rank=rank).order_by("search_rank", "-id")  # bm25: lower is better
    else:
        queryset = queryset.order_by("-id")
    if parsed.excluded:
        expression = " OR ".join(_fts_string(term) for term in parsed.excluded)
        queryset = queryset.exclude(id__in=RawSQL(
            "SELECT rowid FROM search_status_fts WHERE search_status_fts MATCH %s", (expression,)))
    return queryset
