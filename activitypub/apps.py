from django.apps import AppConfig


class ActivityPubConfig(AppConfig):
    """ActivityPub documents of local accounts (the actor that WebFinger's `self` link
    names) and the key pairs that will sign federation requests."""

    name = "activitypub"
    verbose_name = "ActivityPub"
    default_auto_field = "django.db.models.BigAutoField"
