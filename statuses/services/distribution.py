"""What happens after a status is committed (Mastodon's DistributionWorker and friends):
notifications for mentions and for followers who asked, fan-out to feeds, streaming,
the preview card. Runs in a Celery task (statuses.tasks.distribute); each step is a call
into the app that owns it."""
from relationships.models import Follow
from statuses.models import Status, Visibility


def status_posted(status_id):
    """Called after commit: hand the slow part to a worker."""
    from statuses.tasks import distribute

    distribute.delay(status_id)


def distribute(status_id):
    status = (Status.objects.select_related("account", "reblog_of", "reblog_of__account")
              .filter(pk=status_id).first())
    if status is None:
        return
    notify_mentions(status)
    if status.reblog_of_id is None:
        notify_subscribers(status)
    from timelines.fanout import fan_out_status

    fan_out_status(status)  # home, list and direct feeds
    from streaming.publish import publish_status

    publish_status(status)
    from cards.services import queue_card_fetch

    queue_card_fetch(status)  # the preview card of its first link, fetched by a worker


def notify_mentions(status):
    from notifications.services import notify

    if status.reblog_of_id is not None:
        return
    for mention in status.mentions.select_related("account").filter(silent=False):
        if mention.account.is_local:
            notify(mention.account, "mention", status.account, status)


def notify_subscribers(status):
    """`status` notifications for followers who follow with notify=true (not for direct posts)."""
    from notifications.services import notify

    if status.visibility == Visibility.DIRECT:
        return
    followers = (Follow.objects.filter(target_account_id=status.account_id, notify=True)
                 .select_related("account"))
    for follow in followers:
        notify(follow.account, "status", status.account, status)
