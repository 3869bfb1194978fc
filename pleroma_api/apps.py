from django.apps import AppConfig


class PleromaApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pleroma_api"
