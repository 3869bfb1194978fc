from django.apps import AppConfig


class StreamingConfig(AppConfig):
    name = "streaming"
    verbose_name = "Streaming"

    def ready(self):
        # The lower apps' events (README "Layout": signals up, calls down).
        from feeds import signals as feeds
        from oauth import signals as oauth
        from statuses import signals as statuses
        from streaming import publish

        def token_revoked(sender, token_id, **kwargs):
            # A revoked (deleted) token closes its streaming connections, as Mastodon's do.
            publish.disconnect_token(token_id)

        def status_deleting(sender, status, **kwargs):
            # Wherever a status is deleted from (the API, an account's deletion...), every
            # stream it was on hears `delete` after commit. Computed now, while its tags,
            # mentions and the author's followers can still be read.
            publish.publish_delete(status)

        def status_distributed(sender, status, **kwargs):
            publish.publish_status(status)  # the public, media and hashtag streams

        def status_edited(sender, status, **kwargs):
            publish.publish_status_update(status)

        def entered_home_feeds(sender, account_ids, status, **kwargs):
            publish.publish_to_homes(account_ids, status)

        def entered_list_feeds(sender, list_ids, status, **kwargs):
            publish.publish_to_lists(list_ids, status)

        def conversation_changed(sender, account_id, conversation_id, **kwargs):
            publish.publish_conversation(account_id, conversation_id)

        def streaming_home_feeds(sender, account_ids, **kwargs):
            return publish.streaming_accounts(account_ids)

        for signal, receiver in ((oauth.token_revoked, token_revoked),
                                 (statuses.status_deleting, status_deleting),
                                 (statuses.status_distributed, status_distributed),
                                 (statuses.status_edited, status_edited),
                                 (feeds.entered_home_feeds, entered_home_feeds),
                                 (feeds.entered_list_feeds, entered_list_feeds),
                                 (feeds.conversation_changed, conversation_changed),
                                 (feeds.streaming_home_feeds, streaming_home_feeds)):
            signal.connect(receiver, weak=False, dispatch_uid=f"streaming.{receiver.__name__}")

        from accounts import signals as accounts
        from filters import signals as filters
        from notifications import signals as notifications
        from streaming import receivers

        for signal, receiver in ((accounts.access_lost, receivers.access_lost),
                                 (filters.filters_changed, receivers.filters_changed),
                                 (notifications.notification_created, receivers.notification_created),
                                 (notifications.notifications_merged, receivers.notifications_merged)):
            signal.connect(receiver, dispatch_uid=f"streaming.{receiver.__name__}")
