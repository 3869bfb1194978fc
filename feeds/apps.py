from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """The models of the timelines app's feeds and conversations, and their wiring:
    a deleted status leaves every feed and conversation; list membership changes and
    followed hashtags merge into or out of feeds; the streaming API renders conversations
    through us."""

    name = "feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        def status_deleting(sender, instance, **kwargs):
            from timelines.fanout import status_deleting as run

            run(instance)

        pre_delete.connect(status_deleting, sender="statuses.Status", weak=False,
                           dispatch_uid="feeds.status_deleting")

        def list_deleted(sender, instance, **kwargs):
            from django.db import transaction

            from timelines import tasks

            list_id = instance.id
            transaction.on_commit(lambda: tasks.drop_list.delay(list_id))

        post_delete.connect(list_deleted, sender="timelines.List", weak=False, dispatch_uid="feeds.list_deleted")

        def tag_followed(sender, instance, created, **kwargs):
            from django.db import transaction

            from timelines import tasks

            if created:
                args = (instance.tag_id, instance.account_id)
                transaction.on_commit(lambda: tasks.merge_tag_into_home.delay(*args))

        def tag_unfollowed(sender, instance, **kwargs):
            from django.db import transaction

            from timelines import tasks

            args = (instance.tag_id, instance.account_id)
            transaction.on_commit(lambda: tasks.unmerge_tag_from_home.delay(*args))

        post_save.connect(tag_followed, sender="tags.TagFollow", weak=False, dispatch_uid="feeds.tag_followed")
        post_delete.connect(tag_unfollowed, sender="tags.TagFollow", weak=False, dispatch_uid="feeds.tag_unfollowed")

        from timelines.lists import list_accounts_added, list_accounts_removed

        def accounts_added(sender, list, account_ids, **kwargs):
            from timelines import tasks

            tasks.merge_into_list.delay(list.id, list_ids(account_ids))

        def accounts_removed(sender, list, account_ids, **kwargs):
            from timelines import tasks

            tasks.unmerge_from_list.delay(list.id, list_ids(account_ids))

        list_accounts_added.connect(accounts_added, weak=False, dispatch_uid="feeds.list_accounts_added")
        list_accounts_removed.connect(accounts_removed, weak=False, dispatch_uid="feeds.list_accounts_removed")


def list_ids(values):
    return [int(value) for value in values]
