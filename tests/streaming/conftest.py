import pytest
from django.db.backends.signals import connection_created


@pytest.fixture(autouse=True)
def _sqlite_readers_do_not_lock():
    """On the embedded default the test database is SQLite in memory, shared between
    threads in shared-cache mode, where a reader locks a table against the writer (the
    file database in production runs in WAL mode, where readers never block). Server-sent
    event streams render in their request's own thread while the test thread posts: let
    those readers read without locking, as WAL would."""
    def pragma(sender, connection, **kwargs):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(pragma, weak=False, dispatch_uid="tests.streaming.read_uncommitted")
    yield
    connection_created.disconnect(dispatch_uid="tests.streaming.read_uncommitted")
