"""Celery tasks of cards: thin wrappers calling cards.services."""
from celery import shared_task


@shared_task(name="cards.fetch_card", ignore_result=True)
def fetch_card(status_id):
    """Fetch the preview card of a status's first link and attach it (cards.services)."""
    from cards.services import fetch_card_for_status

    card = fetch_card_for_status(status_id)
    return card.id if card is not None else None
