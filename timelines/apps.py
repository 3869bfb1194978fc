from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    name = "timelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fedi.auth import user_returned
        from timelines.fanout import prepare_returning_user

        def user_is_back(sender, user, last_seen, **kwargs):
            prepare_returning_user(user, last_seen)

        user_returned.connect(user_is_back, weak=False, dispatch_uid="timelines.user_returned")

        # The lower apps' events (README "Layout": signals up, calls down).
        from relationships import signals as relationships
        from statuses import signals as statuses
        from timelines.fanout import after_block_or_mute, after_follow, after_unfollow, fan_out_status

        def status_distributed(sender, status, **kwargs):
            fan_out_status(status)  # home, list and direct feeds

        statuses.status_distributed.connect(status_distributed, weak=False,
                                            dispatch_uid="timelines.status_distributed")

        def followed(sender, account_id, target_id, **kwargs):
            after_follow(account_id, target_id)  # their recent posts come into the home feed

        def unfollowed(sender, pairs, **kwargs):
            after_unfollow(pairs)  # their posts leave the home feed

        def blocked_or_muted(sender, account_id, target_id, **kwargs):
            after_block_or_mute(account_id, target_id)  # their posts leave the account's feeds

        relationships.followed.connect(followed, weak=False, dispatch_uid="timelines.followed")
        relationships.unfollowed.connect(unfollowed, weak=False, dispatch_uid="timelines.unfollowed")
        relationships.blocked_or_muted.connect(blocked_or_muted, weak=False,
                                               dispatch_uid="timelines.blocked_or_muted")
