from django.apps import AppConfig


class OAuthConfig(AppConfig):
    name = "oauth"
    label = "oauth"
    verbose_name = "OAuth applications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from django.db.models.signals import post_delete
        from oauth2_provider.models import get_access_token_model

        from oauth import signals

        AccessToken = get_access_token_model()

        def deleted(sender, instance, **kwargs):
            signals.token_revoked.send(sender=AccessToken, token_id=instance.id)

        post_delete.connect(deleted, sender=AccessToken, weak=False, dispatch_uid="oauth.token_revoked")
