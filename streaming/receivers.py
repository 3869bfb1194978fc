"""The lower apps' events that close or feed streams (README "Layout": signals up, calls
down), connected in streaming/apps.py."""
from streaming import publish


def access_lost(sender, account_id, **kwargs):
    """A disabled user or a suspended account: its open streams close."""
    publish.disconnect_account(account_id)


def filters_changed(sender, account_id, **kwargs):
    publish.publish_filters_changed(account_id)


def notification_created(sender, notification, **kwargs):
    publish.publish_notification(notification)


def notifications_merged(sender, account_id, **kwargs):
    """Filtered notifications joined the account's: its clients reload them."""
    publish.publish_notifications_merged(account_id)
