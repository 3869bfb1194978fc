"""Posting, reading and deleting statuses, threads and sources."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import NotFound, ValidationFailed
from statuses.lookup import find_own_status, find_status
from statuses.models import Status
from statuses.serializers import StatusSourceSerializer, render_status, render_statuses
from statuses.serializers_scheduled import ScheduledStatusSerializer
from statuses.services import removal
from statuses.services.editing import edit_status
from statuses.services.posting import post_status, preview_status
from statuses.services.threads import context_of
from statuses.signals import conversation_addressing
from statuses.visibility import visible_statuses

MAX_STATUS_IDS = 20  # ids per GET /api/v1/statuses, as Mastodon's DEFAULT_STATUSES_LIMIT


def post_params(params):
    """The parameters of POST /api/v1/statuses (also stored for scheduled statuses)."""
    return {
        "text": params.str("status", ""),
        "spoiler_text": params.str("spoiler_text", ""),
        "visibility": params.str("visibility"),
        "sensitive": params.bool("sensitive"),
        "language": params.str("language") or None,
        "in_reply_to_id": params.str("in_reply_to_id"),
        "media_ids": params.list("media_ids"),
        "poll": params.raw("poll"),
        "scheduled_at": params.datetime("scheduled_at"),
        "quoted_status_id": params.id("quoted_status_id"),
        "quote_approval_policy": params.str("quote_approval_policy"),
    }


def pleroma_params(params):
    """Pleroma's additions to POST /api/v1/statuses (not kept for scheduled statuses)."""
    given_to = params.given("to") or params.given("to[]")
    return {
        "content_type": params.str("content_type", strip=True) or None,
        "expires_in": params.int("expires_in", min_value=0, max_value=2 ** 40),
        "to": [str(handle) for handle in params.list("to")] if given_to else None,
        # Pleroma's quote_id: the same as Mastodon's quoted_status_id (which wins when both are given).
        **({"quoted_status_id": params.id("quote_id")}
           if params.given("quote_id") and not params.given("quoted_status_id") else {}),
    }


def reply_to_conversation(viewer, conversation_id, arguments):
    """Pleroma's in_reply_to_conversation_id: a direct status to that conversation's
    participants (the other participants replace the mentions), in its thread."""
    answers = [answer for _, answer in conversation_addressing.send(sender=None, account=viewer,
                                                                    conversation_id=conversation_id) if answer]
    if not answers:
        raise NotFound("Conversation not found")
    changes = {"visibility": "direct", "to": answers[0]["to"]}
    if not arguments.get("in_reply_to_id") and answers[0]["in_reply_to_id"] is not None:
        changes["in_reply_to_id"] = str(answers[0]["in_reply_to_id"])
    return changes


class StatusesView(ApiView):
    access = {"POST": Access.user("write:statuses"), "GET": Access.public("read:statuses")}

    def post(self, request):
        arguments = {**post_params(self.params), **pleroma_params(self.params)}
        conversation_id = self.params.str("in_reply_to_conversation_id", strip=True, max_length=32)
        if conversation_id:
            arguments.update(reply_to_conversation(self.viewer, conversation_id, arguments))
        if self.params.bool("preview", False):
            return Response(preview_status(self.viewer, lambda status: render_status(status, self.viewer),
                                           **arguments, application=self.token.application))
        result = post_status(self.viewer, **arguments, application=self.token.application,
                             idempotency_key=request.headers.get("Idempotency-Key") or None)
        if isinstance(result, Status):
            return Response(render_status(result, self.viewer))

        return Response(ScheduledStatusSerializer.render(result))

    def get(self, request):
        ids = list(dict.fromkeys(self.params.ids("id")))
        if len(ids) > MAX_STATUS_IDS:
            raise ValidationFailed(f"Validation failed: at most {MAX_STATUS_IDS} ids may be requested")
        found = set(visible_statuses(self.viewer, Status.objects.filter(id__in=ids)).values_list("id", flat=True))
        return Response(render_statuses([status_id for status_id in ids if status_id in found], self.viewer))


class StatusView(ApiView):
    access = {"GET": Access.public("read:statuses"), "DELETE": Access.user("write:statuses"),
              "PUT": Access.user("write:statuses")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        return Response(render_status(status, self.viewer))

    def delete(self, request, status_id):
        status = find_own_status(status_id, self.viewer)
        data = render_status(status, self.viewer)
        data["text"] = status.text
        removal.remove_status(status, delete_media=self.params.bool("delete_media", False))
        return Response(data)

    def put(self, request, status_id):
        status = find_own_status(status_id, self.viewer)
        params = self.params
        edit_status(status, text=params.str("status", ""), spoiler_text=params.str("spoiler_text", ""),
                    sensitive=params.bool("sensitive"), language=params.str("language") or None,
                    media_ids=params.list("media_ids") if params.given("media_ids") or params.given("media_ids[]")
                    else None,
                    media_attributes=params.raw("media_attributes"), poll=params.raw("poll"),
                    content_type=params.str("content_type", strip=True) or None)  # Pleroma's
        return Response(render_status(status, self.viewer))


class ContextView(ApiView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        ancestors, descendants = context_of(status, self.viewer)
        return Response({
            "ancestors": render_statuses(ancestors, self.viewer, filter_context="thread"),
            "descendants": render_statuses(descendants, self.viewer, filter_context="thread"),
        })


class SourceView(ApiView):
    access = {"GET": Access.user("read:statuses")}

    def get(self, request, status_id):
        status = find_own_status(status_id, self.viewer)
        return Response(StatusSourceSerializer.render(status))
