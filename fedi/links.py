"""Absolute URLs on this server."""
from django.conf import settings
from django.core.files.storage import default_storage


def absolute(path):
    """A path on this server as an absolute URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def static(path):
    return absolute(settings.STATIC_URL + path.lstrip("/"))


def media(file_field, default=None):
    """The absolute URL of a stored file, or of `default` (a static path) when there is none."""
    if file_field:
        return absolute(default_storage.url(file_field.name) if hasattr(file_field, "name") else default_storage.url(file_field))
    return static(default) if default else None
