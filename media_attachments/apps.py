from django.apps import AppConfig


class MediaConfig(AppConfig):
    # The package is media_attachments (a top-level media/ reads as uploaded files); the app
    # label stays "media", which the migrations and database tables are named after.
    name = "media_attachments"
    label = "media"
    default_auto_field = "django.db.models.BigAutoField"
