from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models


def create_index(apps, schema_editor):
    """The database's own full-text index (see search.models)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_status_vector ON search_statussearchentry USING gin (vector)")
    elif schema_editor.connection.vendor == "sqlite":
        for sql in (
            "CREATE VIRTUAL TABLE search_status_fts USING fts5(text, content='search_statussearchentry', "
            "content_rowid='status_id', tokenize='unicode61 remove_diacritics 2')",
            "CREATE TRIGGER search_status_fts_ai AFTER INSERT ON search_statussearchentry BEGIN "
            "INSERT INTO search_status_fts(rowid, text) VALUES (new.status_id, new.text); END",
            "CREATE TRIGGER search_status_fts_ad AFTER DELETE ON search_statussearchentry BEGIN "
            "INSERT INTO search_status_fts(search_status_fts, rowid, text) VALUES ('delete', old.status_id, old.text); END",
            "CREATE TRIGGER search_status_fts_au AFTER UPDATE ON search_statussearchentry BEGIN "
            "INSERT INTO search_status_fts(search_status_fts, rowid, text) VALUES ('delete', old.status_id, old.text); "
            "INSERT INTO search_status_fts(rowid, text) VALUES (new.status_id, new.text); END",
        ):
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_status_vector")
    elif schema_editor.connection.vendor == "sqlite":
        for name in ("search_status_fts_ai", "search_status_fts_ad", "search_status_fts_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_status_fts")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("statuses", "0003_emoji_reactions")]

    operations = [
        migrations.CreateModel(
            name="StatusSearchEntry",
            fields=[
                ("status", models.OneToOneField(on_delete=models.deletion.CASCADE, primary_key=True,
                                                related_name="search_entry", serialize=False,
                                                to="statuses.status")),
                ("text", models.TextField(blank=True, default="")),
                ("language", models.CharField(blank=True, max_length=16, null=True)),
                ("vector", SearchVectorField(blank=True, null=True)),
            ],
            options={"verbose_name_plural": "status search entries"},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
