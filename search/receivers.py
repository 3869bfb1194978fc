"""search's receivers of the statuses app's signals (connected in apps.py)."""
from search.index import index_status as _index

INDEXED_FIELDS = {"text", "content", "spoiler_text", "language"}


def status_saved(sender, status, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return  # fixtures: `search deploy` indexes them
    if created:
        _index(status, created=True)
    elif update_fields is None or INDEXED_FIELDS & set(update_fields):
        _index(status)


def index_status(sender, status, **kwargs):
    _index(status)
