from django.apps import AppConfig


class FediConfig(AppConfig):
    name = "fedi"
    verbose_name = "Fedi"

    def ready(self):
        from fedi import lookups

        lookups.register()
