from django.apps import AppConfig


class StatusesConfig(AppConfig):
    name = "statuses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from django.db.models.signals import post_save, pre_delete

        from statuses import signals
        from statuses.models import Status

        # Our own model's row events, announced as this app's signals (statuses.signals):
        # the higher apps connect to those, never to another app's model.
        def deleting(sender, instance, **kwargs):
            signals.status_deleting.send(sender=Status, status=instance)

        def saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
            signals.status_saved.send(sender=Status, status=instance, created=created,
                                      update_fields=update_fields, raw=raw)

        pre_delete.connect(deleting, sender=Status, weak=False, dispatch_uid="statuses.status_deleting")
        post_save.connect(saved, sender=Status, weak=False, dispatch_uid="statuses.status_saved")
