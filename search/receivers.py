"""search's receivers of the statuses app's signals (connected in apps.py)."""
from search.index import index_status as _index

INDEXED_FIELDS = {"text", "content", "spoiler_text", "language"}


def status_saved(sender, instance, created, update_fields=None, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures: `search deploy` indexes them
    if created:
        _index(instance, created=True)
    elif update_fields is None or INDEXED_FIELDS & set(update_fields):
        _index(instance)


def index_status(sender, status, **kwargs):
    _index(status)
