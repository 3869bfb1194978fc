"""The full-text index of statuses (Mastodon keeps it in Elasticsearch; here in the database).

One StatusSearchEntry per indexed status holds its searchable text (spoiler, text, poll
options, media descriptions, as Mastodon's `searchable_text`) and its language. The index
itself depends on the database (migration 0001):

- PostgreSQL: the `vector` column, a tsvector built in the status's language configuration
  (plus the `simple` one, so exact words match whatever the language), under a GIN index.
- SQLite: an FTS5 table `search_status_fts` whose content is this table, kept in sync by
  triggers (insert, update, delete), so the index never drifts from the entries.
"""
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class StatusSearchEntry(models.Model):
    status = models.OneToOneField("statuses.Status", primary_key=True, on_delete=models.CASCADE,
                                  related_name="search_entry")
    text = models.TextField(blank=True, default="")
    language = models.CharField(max_length=16, null=True, blank=True)
    # PostgreSQL only (left null on SQLite, where FTS5 holds the index).
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "status search entries"
