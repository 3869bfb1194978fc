from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The lower apps' events (README "Layout": signals up, calls down).
        from accounts import signals as accounts
        from notifications import receivers
        from polls import signals as polls
        from relationships import signals as relationships
        from statuses import signals as statuses

        accounts.signed_up.connect(receivers.signed_up, dispatch_uid="notifications.signed_up")
        polls.poll_closed.connect(receivers.poll_closed, dispatch_uid="notifications.poll_closed")
        relationships.follow_notice.connect(receivers.follow_notice, dispatch_uid="notifications.follow_notice")

        statuses.status_distributed.connect(receivers.status_distributed,
                                            dispatch_uid="notifications.status_distributed")
        statuses.quote_accepted.connect(receivers.quote_accepted, dispatch_uid="notifications.quote_accepted")
        statuses.status_edited.connect(receivers.status_edited, dispatch_uid="notifications.status_edited")
        statuses.status_interaction.connect(receivers.status_interaction,
                                            dispatch_uid="notifications.status_interaction")
