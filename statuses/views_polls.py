"""GET /api/v1/polls/:id and POST /api/v1/polls/:id/votes: in statuses, which decides who may
see the poll's status; voting is polls'."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import BadRequest
from polls.services import render_poll, vote
from statuses.lookup import find_poll


class PollView(ApiView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, poll_id):
        poll = find_poll(poll_id, self.viewer)
        return Response(render_poll(poll, self.viewer))


class PollVotesView(ApiView):
    access = {"POST": Access.user("write:statuses")}

    def post(self, request, poll_id):
        poll = find_poll(poll_id, self.viewer)
        choices = self.params.list("choices")
        if not choices:
            raise BadRequest("param is missing or the value is empty: choices")
        vote(self.viewer, poll, choices)
        return Response(render_poll(poll, self.viewer))
