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
        from statuses import signals as statuses
        from timelines.fanout import fan_out_status

        def status_distributed(sender, status, **kwargs):
            fan_out_status(status)  # home, list and direct feeds

        statuses.status_distributed.connect(status_distributed, weak=False,
                                            dispatch_uid="timelines.status_distributed")
