"""What happens after a status is committed (Mastodon's DistributionWorker and friends):
notifications for mentions and for followers who asked, fan-out to feeds, streaming,
the preview card. Runs in a Celery task (statuses.tasks.distribute). The preview card is a
call (cards is below statuses); the rest belongs to higher apps, which receive
statuses.signals.status_distributed."""
from django.conf import settings
from django.db import transaction

from cards.models import PreviewCard
from cards.services import fetch_card_for_status
from statuses import tasks
from statuses.models import Status
from statuses.signals import status_distributed


def status_posted(status_id: int) -> None:
    """Called after commit: hand the slow part to a worker."""
    tasks.distribute.delay(status_id)


def distribute(status_id: int) -> None:
    status = (Status.objects.select_related("account", "reblog_of", "reblog_of__account")
              .filter(pk=status_id).first())
    if status is None:
        return
    # notifications (mentions, subscribers), fan-out to feeds, public streams: the higher
    # apps' receivers (statuses.signals).
    status_distributed.send(sender=Status, status=status)
    queue_card_fetch(status)  # the preview card of its first link, fetched by a worker


def queue_card_fetch(status: Status) -> None:
    """Fetch the card of a status in the background (after the current transaction);
    settings.PREVIEW_CARDS_ENABLED = False (default True) turns fetching off."""
    if status.reblog_of_id is not None or not getattr(settings, "PREVIEW_CARDS_ENABLED", True):
        return
    status_id = status.id
    transaction.on_commit(lambda: tasks.fetch_card.delay(status_id))


def fetch_card(status_id: int) -> PreviewCard | None:
    """The task's work: the status as stored now gets the card of its first link (cards)."""
    status = Status.objects.filter(pk=status_id).first()
    if status is None:
        return None
    return fetch_card_for_status(status)
