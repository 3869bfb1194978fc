from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """Home and list feeds and conversations: their models, the feed store and the fan-out.
    The lower apps' events reach the fan-out here (README "Layout": signals up, calls down)."""

    name = "feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from django.db import transaction

        from feeds import fanout, lists, tasks
        from fedi.auth import user_returned
        from relationships import signals as relationships
        from statuses import signals as statuses
        from tags import signals as tags

        def user_is_back(sender, user, last_seen, **kwargs):
            fanout.prepare_returning_user(user, last_seen)  # their feeds are rebuilt if gone

        def status_distributed(sender, status, **kwargs):
            fanout.fan_out_status(status)  # home, list and direct feeds

        def status_deleting(sender, status, **kwargs):
            fanout.status_deleting(status)  # it leaves every feed and conversation

        def followed(sender, account_id, target_id, follow, **kwargs):
            lists.move_memberships_to_follow(follow)  # an accepted request's list memberships
            fanout.after_follow(account_id, target_id)  # their recent posts come into the home feed

        def unfollowed(sender, pairs, **kwargs):
            fanout.after_unfollow(pairs)  # their posts leave the home feed

        def blocked_or_muted(sender, account_id, target_id, **kwargs):
            fanout.after_block_or_mute(account_id, target_id)  # their posts leave the account's feeds

        def tag_followed(sender, account_id, tag_id, **kwargs):
            transaction.on_commit(lambda: tasks.merge_tag_into_home.delay(tag_id, account_id))

        def tag_unfollowed(sender, account_id, tag_id, **kwargs):
            transaction.on_commit(lambda: tasks.unmerge_tag_from_home.delay(tag_id, account_id))

        for signal, receiver in ((user_returned, user_is_back),
                                 (statuses.status_distributed, status_distributed),
                                 (statuses.status_deleting, status_deleting),
                                 (relationships.followed, followed),
                                 (relationships.unfollowed, unfollowed),
                                 (relationships.blocked_or_muted, blocked_or_muted),
                                 (tags.tag_followed, tag_followed),
                                 (tags.tag_unfollowed, tag_unfollowed)):
            signal.connect(receiver, weak=False, dispatch_uid=f"feeds.{receiver.__name__}")
