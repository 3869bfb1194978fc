"""Pleroma's chat API (/api/v1/pleroma/chats..., /api/v2/pleroma/chats): thin views over
chats.services; scopes as Pleroma's (read:chats / write:chats, granted by read / write)."""
from rest_framework.response import Response

from accounts.views import find_account
from chats import services
from chats.serializers import render_chat, render_chats, render_message, render_messages
from fedi.api import Access, ApiView
from fedi.errors import BadRequest
from fedi.pagination import limit_param, paginate
from fedi.params import MAX_ID

READ = Access.user("read:chats")
WRITE = Access.user("write:chats")
DEFAULT_LIMIT, MAX_LIMIT = 20, 40
MAX_IDEMPOTENCY_KEY = 255


class ChatByAccountView(ApiView):
    """POST /api/v1/pleroma/chats/by-account-id/:id: the chat with that account (made once)."""

    access = {"POST": WRITE}

    def post(self, request, account_id):
        recipient = find_account(account_id)
        return Response(render_chat(services.get_or_create_chat(self.viewer, recipient), self.viewer))


class ChatsView(ApiView):
    """GET /api/v2/pleroma/chats: newest activity first, offset/limit and max_id/since_id/min_id."""

    access = {"GET": READ}
    paginated = True

    def get(self, request):
        rows = services.chats_of(self.viewer, with_muted=bool(self.params.bool("with_muted", False)))
        if not self.paginated:
            return Response(render_chats(rows, self.viewer))
        for name, lookup in (("max_id", "id__lt"), ("since_id", "id__gt"), ("min_id", "id__gt")):
            value = self.params.id(name)
            if value is not None:
                rows = rows.filter(**{lookup: value})
        limit = limit_param(self.params, DEFAULT_LIMIT, MAX_LIMIT)
        offset = self.params.int("offset", 0, min_value=0, max_value=MAX_ID - limit, clamp=True)
        return Response(render_chats(rows[offset:offset + limit], self.viewer))


class ChatsV1View(ChatsView):
    """GET /api/v1/pleroma/chats (deprecated): the same list, unpaginated."""

    paginated = False


class ChatView(ApiView):
    access = {"GET": READ}

    def get(self, request, chat_id):
        return Response(render_chat(services.find_chat(self.viewer, chat_id), self.viewer))


class MessagesView(ApiView):
    access = {"GET": READ, "POST": WRITE}

    def get(self, request, chat_id):
        chat = services.find_chat(self.viewer, chat_id)
        page = paginate(self, services.messages_of(chat).select_related("media"), default_limit=DEFAULT_LIMIT,
                        max_limit=MAX_LIMIT)
        return page.response(render_messages(page.items, chat))

    def post(self, request, chat_id):
        chat = services.find_chat(self.viewer, chat_id)
        content = self.params.str("content", strip=True)
        media_id = self.params.str("media_id", strip=True)
        media = services.find_upload(self.viewer, media_id) if media_id else None
        key = (request.headers.get("Idempotency-Key") or "").strip() or None
        if key is not None and len(key) > MAX_IDEMPOTENCY_KEY:
            raise BadRequest("Idempotency-Key is too long")
        message = services.post_message(chat, content, media, idempotency_key=key)
        return Response(render_message(message, chat))


class MessageView(ApiView):
    access = {"DELETE": WRITE}

    def delete(self, request, chat_id, message_id):
        chat = services.find_chat(self.viewer, chat_id)
        message = services.find_message(chat, message_id)
        rendered = render_message(message, chat)
        services.delete_message(chat, message)
        return Response(rendered)


class MessageReadView(ApiView):
    access = {"POST": WRITE}

    def post(self, request, chat_id, message_id):
        chat = services.find_chat(self.viewer, chat_id)
        message = services.mark_message_read(chat, services.find_message(chat, message_id))
        return Response(render_message(message, chat))


class ReadView(ApiView):
    """POST /api/v1/pleroma/chats/:id/read (last_read_id: read up to it; Pleroma requires it,
    an absent one reads everything, as older Pleroma did)."""

    access = {"POST": WRITE}

    def post(self, request, chat_id):
        chat = services.find_chat(self.viewer, chat_id)
        services.mark_read(chat, self.params.id("last_read_id"))
        return Response(render_chat(chat, self.viewer))
