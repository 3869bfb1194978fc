from django.apps import AppConfig


class InstanceConfig(AppConfig):
    name = "instance"
    verbose_name = "Instance settings"
    default_auto_field = "django.db.models.BigAutoField"
