from django.apps import AppConfig


class FediConfig(AppConfig):
    name = "fedi"
    verbose_name = "Fedi"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from fedi import lookups

        lookups.register()
