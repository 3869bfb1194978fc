from django.apps import AppConfig


class AdminApiConfig(AppConfig):
    name = "admin_api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from admin_api.admin import register_the_rest

        register_the_rest()
