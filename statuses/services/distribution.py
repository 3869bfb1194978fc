"""What happens after a status is committed (Mastodon's DistributionWorker and friends):
notifications for mentions and for followers who asked, fan-out to feeds, streaming,
the preview card. Runs in a Celery task (statuses.tasks.distribute). The preview card is a
call (cards is below statuses); the rest belongs to higher apps, which receive
statuses.signals.status_distributed."""
from cards.services import queue_card_fetch
from statuses.models import Status
from statuses.signals import status_distributed


def status_posted(status_id):
    """Called after commit: hand the slow part to a worker."""
    from statuses.tasks import distribute

    distribute.delay(status_id)


def distribute(status_id):
    status = (Status.objects.select_related("account", "reblog_of", "reblog_of__account")
              .filter(pk=status_id).first())
    if status is None:
        return
    # notifications (mentions, subscribers), fan-out to feeds, public streams: the higher
    # apps' receivers (statuses.signals).
    status_distributed.send(sender=Status, status=status)
    queue_card_fetch(status)  # the preview card of its first link, fetched by a worker
