"""GET /api/v1/statuses/:id/card (deprecated by Mastodon in 2.6, still used by old clients): in
statuses, which finds the status; the card is cards'."""
from rest_framework.response import Response

from cards.serializers import PreviewCardSerializer
from cards.services import card_of
from fedi.api import Access, ApiView
from statuses.lookup import find_status


class StatusCardView(ApiView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        card = card_of(status)
        return Response(PreviewCardSerializer.render(card) if card is not None else {})
