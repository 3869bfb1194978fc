"""Pleroma's conversation endpoints (/api/v1/pleroma/conversations...) over the timelines
app's conversations (feeds.AccountConversation, feeds.conversations)."""
from rest_framework.response import Response

from accounts.search import findable_accounts
from fedi.api import Access, ApiView
from fedi.pagination import paginate
from feeds.models import AccountConversation
from statuses.models import Status
from statuses.serializers import render_statuses
from statuses.visibility import visible_statuses
from feeds.conversations import find_conversation, render_conversations

DEFAULT_LIMIT, MAX_LIMIT = 20, 40
MAX_RECIPIENTS = 100


class ConversationView(ApiView):
    """GET (the Conversation entity) and PATCH (recipients[]: the other participants it
    addresses, the full list; the owner always stays in it)."""

    access = {"GET": Access.user("read:statuses"), "PATCH": Access.user("write:conversations")}

    def get(self, request, conversation_id):
        return Response(render_conversations([find_conversation(self.viewer, conversation_id)], self.viewer)[0])

    def patch(self, request, conversation_id):
        row = find_conversation(self.viewer, conversation_id)
        ids = [value for value in self.params.ids("recipients")[:MAX_RECIPIENTS]]
        if self.params.given("recipients") or self.params.given("recipients[]"):
            found = sorted(set(findable_accounts().filter(id__in=ids).exclude(id=self.viewer.id)
                               .values_list("id", flat=True)))
            row.participants = ",".join(str(account_id) for account_id in found)
            AccountConversation.objects.filter(pk=row.pk).update(participants=row.participants)
        return Response(render_conversations([row], self.viewer)[0])


class ConversationStatusesView(ApiView):
    """GET /api/v1/pleroma/conversations/:id/statuses: its statuses the viewer may see, newest first."""

    access = {"GET": Access.user("read:statuses")}

    def get(self, request, conversation_id):
        row = find_conversation(self.viewer, conversation_id)
        rows = visible_statuses(self.viewer, Status.objects.filter(id__in=list(row.status_ids or [])))
        page = paginate(self, rows.values("id"), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
        return page.response(render_statuses([item["id"] for item in page.items], self.viewer))


class ConversationsReadView(ApiView):
    """POST /api/v1/pleroma/conversations/read: every conversation read; the ones it changed."""

    access = {"POST": Access.user("write:conversations")}

    def post(self, request):
        rows = list(AccountConversation.objects.filter(account_id=self.viewer.id, unread=True,
                                                       last_status__isnull=False).order_by("-last_status_id")[:200])
        AccountConversation.objects.filter(pk__in=[row.pk for row in rows]).update(unread=False)
        for row in rows:
            row.unread = False
        return Response(render_conversations(rows, self.viewer))
