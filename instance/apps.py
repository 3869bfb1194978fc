from django.apps import AppConfig


class InstanceConfig(AppConfig):
    name = "instance"
    verbose_name = "Instance settings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fedi.auth import user_returned
        from instance.stats import record_login

        # A user back on the API (at most once a day): their login of the week.
        user_returned.connect(record_login, dispatch_uid="instance.record_login")
