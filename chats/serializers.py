"""The Chat and ChatMessage entities in Pleroma's shapes (PleromaAPI.ChatView and
Chat.MessageReferenceView). Lists render in a fixed number of queries.

Chat:        {id, account, unread, last_message, updated_at}
ChatMessage: {id, chat_id, account_id, content, created_at, emojis, attachment, card,
              unread, idempotency_key (the sender's, when one was given)}
"""
import re

from django.db.models import OuterRef, Q, Subquery

from accounts.search import with_profiles
from accounts.serializers import AccountSerializer
from chats.models import Chat, ChatMessage
from chats.services import unread_counts
from fedi.formats import iso
from fedi.serializers import EntitySerializer
from instance.models import CustomEmoji
from instance.serializers import CustomEmojiSerializer
from media_attachments.serializers import MediaAttachmentSerializer

_SHORTCODE = re.compile(r":([a-zA-Z0-9_]{2,}):")


def _emojis_by_shortcode(messages):
    codes = {code for message in messages for code in _SHORTCODE.findall(message.text or "")}
    if not codes:
        return {}
    return {emoji.shortcode: emoji for emoji in CustomEmoji.objects.filter(shortcode__in=codes, domain__isnull=True,
                                                                           disabled=False)}


class ChatMessageSerializer(EntitySerializer):
    """Context: chat (the viewer's chat the message is shown in), emojis ({shortcode: CustomEmoji})."""

    def to_representation(self, message):
        chat = self.context["chat"]
        emojis = self.context.get("emojis") or {}
        codes = list(dict.fromkeys(_SHORTCODE.findall(message.text or "")))
        data = {
            "id": str(message.id),
            "chat_id": str(chat.id),
            "account_id": str(message.sender_id),
            "content": message.content or None,
            "created_at": iso(message.created_at),
            "emojis": [CustomEmojiSerializer.render(emojis[code]) for code in codes if code in emojis],
            "attachment": MediaAttachmentSerializer.render(message.media) if message.media_id else None,
            "card": None,
            # Your own messages are read; the other side's until you read them.
            "unread": message.unread if message.recipient_id == chat.account_id else False,
        }
        if message.idempotency_key and message.sender_id == chat.account_id:
            data["idempotency_key"] = message.idempotency_key
        return data


def render_messages(messages, chat):
    messages = list(messages)
    context = {"chat": chat, "emojis": _emojis_by_shortcode(messages)}
    return [ChatMessageSerializer(message, context=context).data for message in messages]


def render_message(message, chat):
    return render_messages([message], chat)[0]


class ChatSerializer(EntitySerializer):
    """Context: viewer, accounts ({id: Account entity}), unread ({chat id: count}),
    last_messages ({chat id: ChatMessage entity})."""

    def to_representation(self, chat):
        return {
            "id": str(chat.id),
            "account": self.context["accounts"][chat.recipient_id],
            "unread": self.context["unread"].get(chat.id, 0),
            "last_message": self.context["last_messages"].get(chat.id),
            "updated_at": iso(chat.updated_at),
        }


def _last_message_ids(chats):
    chats = list(chats)
    if not chats:
        return {}
    pair = (Q(sender_id=OuterRef("account_id"), recipient_id=OuterRef("recipient_id"))
            | Q(sender_id=OuterRef("recipient_id"), recipient_id=OuterRef("account_id"), hidden_for_recipient=False))
    newest = ChatMessage.objects.filter(pair).order_by("-id").values("id")[:1]
    rows = Chat.objects.filter(pk__in=[chat.pk for chat in chats]).annotate(last=Subquery(newest))
    return {row.pk: row.last for row in rows if row.last is not None}


def render_chats(chats, viewer):
    chats = list(chats)
    if not chats:
        return []
    recipients = list(with_profiles().filter(pk__in={chat.recipient_id for chat in chats}))
    rendered = dict(zip([account.id for account in recipients],
                        AccountSerializer.render_many(recipients, viewer=viewer)))
    last_ids = _last_message_ids(chats)
    messages = ChatMessage.objects.select_related("media").in_bulk(set(last_ids.values()))
    emojis = _emojis_by_shortcode(messages.values())
    last_messages = {}
    for chat in chats:
        message = messages.get(last_ids.get(chat.id))
        if message is not None:
            last_messages[chat.id] = ChatMessageSerializer(message, context={"chat": chat, "emojis": emojis}).data
    context = {"viewer": viewer, "accounts": rendered, "unread": unread_counts(chats),
               "last_messages": last_messages}
    return [ChatSerializer(chat, context=context).data for chat in chats]


def render_chat(chat, viewer):
    return render_chats([chat], viewer)[0]
