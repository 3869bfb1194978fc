from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "streaming"
    verbose_name = "Streaming"

    def ready(self):
        from django.db.models.signals import post_delete, pre_delete
        from oauth2_provider.models import get_access_token_model

        from streaming.publish import disconnect_token, publish_delete

        def token_revoked(sender, instance, **kwargs):
            # A revoked (deleted) token closes its streaming connections, as Mastodon's do.
            disconnect_token(instance.id)

        post_delete.connect(token_revoked, sender=get_access_token_model(), weak=False,
                            dispatch_uid="streaming.token_revoked")

        def status_deleting(sender, instance, **kwargs):
            # Wherever a status is deleted from (the API, an account's deletion...), every
            # stream it was on hears `delete` after commit. Computed now, while its tags,
            # mentions and the author's followers can still be read.
            publish_delete(instance)

        pre_delete.connect(status_deleting, sender="statuses.Status", weak=False,
                           dispatch_uid="streaming.status_deleting")
