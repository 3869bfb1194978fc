from django.apps import AppConfig


class TrendsConfig(AppConfig):
    """Trending tags, statuses and links (top layer: reads statuses, tags, accounts; no
    lower app imports it)."""

    name = "trends"
    default_auto_field = "django.db.models.BigAutoField"
