from django.apps import AppConfig


class FediConfig(AppConfig):
    name = "fedi"
    verbose_name = "Fedi"
