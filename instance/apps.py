from django.apps import AppConfig


class InstanceConfig(AppConfig):
    """The instance's settings (SiteSettings, rules, custom emoji, domain blocks, weekly
    logins), limits and languages: below accounts. Its API is instance_api's."""

    name = "instance"
    verbose_name = "Instance settings"
    default_auto_field = "django.db.models.BigAutoField"
