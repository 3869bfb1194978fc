from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    """Reading timelines (home, public, hashtag, list, direct), lists' API and markers; the
    feeds they read are written by the feeds app."""

    name = "timelines"
    default_auto_field = "django.db.models.BigAutoField"
