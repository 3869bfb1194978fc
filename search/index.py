"""Keeping the full-text index of statuses (search.models) in step with the statuses.

A status enters the index when it is distributed, is refreshed when edited, and leaves it
with its row (CASCADE; on SQLite the FTS5 triggers follow). Reblogs are not indexed (the
original is). `rebuild` (re)indexes everything in batches, for `manage.py search deploy`.
"""
from collections.abc import Callable, Iterable
from html import unescape as unescape_entities

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils.html import strip_tags

from search.models import StatusSearchEntry
from statuses.models import Status

# PostgreSQL's text search configurations for the ISO 639-1 codes statuses carry; any other
# language (or none) is indexed with `simple` only (no stemming).
PG_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}


def pg_config(language: str | None) -> str:
    return PG_CONFIGS.get((language or "").split("-")[0].lower(), "simple")


def searchable_text(status: Status) -> str:
    """Spoiler, text, poll options and media descriptions (Mastodon's Status#searchable_text);
    reads prefetched poll and media when the caller prefetched them."""
    parts = [status.spoiler_text, status.text if status.local and status.text else _html_text(status.content)]
    if _has_poll(status):
        parts.extend(status.poll.options)
    parts.extend(media.description for media in status.media_attachments.all() if media.description)
    return "\n".join(part for part in parts if part)


def _has_poll(status: Status) -> bool:
    try:
        return status.poll is not None
    except Status.poll.RelatedObjectDoesNotExist:
        return False


def index_status(status: Status, *, created: bool = False) -> None:
    """(Re)index one status. `created`: it was just inserted, so it has no entry, poll or
    media yet (one INSERT, no reads)."""
    if status.reblog_of_id is not None:
        return
    if created:
        parts = [status.spoiler_text, status.text if status.local and status.text else _html_text(status.content)]
        StatusSearchEntry.objects.create(status_id=status.pk, text="\n".join(p for p in parts if p),
                                         language=status.language)
        _vectorize(StatusSearchEntry.objects.filter(status_id=status.pk), language=status.language)
        return
    entry = StatusSearchEntry(status_id=status.pk, text=searchable_text(status), language=status.language)
    with transaction.atomic():
        # Delete then insert: one write path for both databases (FTS5 triggers follow).
        StatusSearchEntry.objects.filter(status_id=status.pk).delete()
        if not Status.objects.filter(pk=status.pk).exists():
            return  # deleted meanwhile
        entry.save(force_insert=True)
        _vectorize(StatusSearchEntry.objects.filter(status_id=status.pk), language=status.language)


def _html_text(html: str) -> str:
    return unescape_entities(strip_tags(html.replace("<br", "\n<br").replace("</p>", "</p>\n")))


def _vectorize(entries, *, language: str | None = "") -> None:
    """PostgreSQL: fill the tsvector of entries, in each one's language plus `simple`
    (`language`: the one language of all of them, when the caller knows it)."""
    if connection.vendor != "postgresql":
        return
    if language != "":
        entries.update(vector=_vector_sql(pg_config(language)))
        return
    for language, config in _configs(entries):
        entries.filter(language=language).update(vector=_vector_sql(config))
    entries.filter(language__isnull=True).update(vector=_vector_sql("simple"))


def _configs(entries):
    languages = set(entries.exclude(language__isnull=True).values_list("language", flat=True).distinct())
    return [(language, pg_config(language)) for language in languages]


def _vector_sql(config: str):
    stemmed = SearchVector("text", config=Value(config), weight="A")
    return stemmed if config == "simple" else stemmed + SearchVector("text", config=Value("simple"), weight="B")


def rebuild(batch_size: int = 1000, progress: Callable[[int, int], None] | None = None) -> int:
    """(Re)index every original status, in batches by id; returns how many were indexed."""
    statuses = Status.objects.filter(reblog_of__isnull=True).order_by("id")
    total = statuses.count()
    done, last_id = 0, 0
    StatusSearchEntry.objects.exclude(status__in=statuses).delete()
    while True:
        batch = list(statuses.filter(id__gt=last_id).select_related("poll")
                     .prefetch_related("media_attachments")[:batch_size])
        if not batch:
            break
        _index_batch(batch)
        done += len(batch)
        last_id = batch[-1].pk
        if progress is not None:
            progress(done, total)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # compact the FTS5 b-trees after a bulk load
            cursor.execute("INSERT INTO search_status_fts(search_status_fts) VALUES ('optimize')")
    return done


def _index_batch(batch: Iterable[Status]) -> None:
    batch = list(batch)
    ids = [status.pk for status in batch]
    entries = [StatusSearchEntry(status_id=status.pk, text=searchable_text(status), language=status.language)
               for status in batch]
    with transaction.atomic():
        StatusSearchEntry.objects.filter(status_id__in=ids).delete()
        StatusSearchEntry.objects.bulk_create(entries)
        _vectorize(StatusSearchEntry.objects.filter(status_id__in=ids))

