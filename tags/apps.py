from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "tags"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from django.db.models.signals import post_delete, post_save

        from tags import signals
        from tags.models import TagFollow

        def saved(sender, instance, created, **kwargs):
            if created:
                signals.tag_followed.send(sender=TagFollow, account_id=instance.account_id, tag_id=instance.tag_id)

        def deleted(sender, instance, **kwargs):
            signals.tag_unfollowed.send(sender=TagFollow, account_id=instance.account_id, tag_id=instance.tag_id)

        post_save.connect(saved, sender=TagFollow, weak=False, dispatch_uid="tags.tag_followed")
        post_delete.connect(deleted, sender=TagFollow, weak=False, dispatch_uid="tags.tag_unfollowed")
