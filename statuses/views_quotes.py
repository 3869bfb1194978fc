"""Quote posts (Mastodon 4.5): the quotes of one's status, revoking one, a status's policy."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.pagination import paginate
from statuses.lookup import find_own_status
from statuses.serializers import render_status, render_statuses
from statuses.services import quotes


class QuotesView(ApiView):
    """GET /api/v1/statuses/:id/quotes: the author's view of who quoted their status."""
    access = {"GET": Access.user("read:statuses")}

    def get(self, request, status_id):
        status = find_own_status(status_id, self.viewer)
        page = paginate(self, quotes.quotes_of(status, self.viewer), default_limit=20, max_limit=40)
        return page.response(render_statuses([row.id for row in page.items], self.viewer))


class RevokeQuoteView(ApiView):
    access = {"POST": Access.user("write:statuses")}

    def post(self, request, status_id, quoting_status_id):
        status = find_own_status(status_id, self.viewer)
        quoting = quotes.revoke(self.viewer, status.id, _id(quoting_status_id))
        return Response(render_status(quoting, self.viewer))


class InteractionPolicyView(ApiView):
    access = {"PUT": Access.user("write:statuses")}

    def put(self, request, status_id):
        status = find_own_status(status_id, self.viewer)
        policy = quotes.validate_policy(self.params.str("quote_approval_policy"))
        if policy is not None:
            quotes.set_policy(status, policy)
        return Response(render_status(status, self.viewer))


def _id(text):
    if not str(text).isdigit():
        raise NotFound("Record not found")
    return int(text)
