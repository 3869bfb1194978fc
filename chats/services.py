"""The rules of chats: who may chat with whom, posting, reading, deleting, and the events
(the `pleroma:chat_mention` notification, the `pleroma:chat_update` stream event).

    get_or_create_chat(owner, recipient) -> Chat
    post_message(chat, text, media=None, idempotency_key=None) -> ChatMessage
    delete_message(chat, message) -> ChatMessage (the deleted message, still renderable)
    mark_read(chat, up_to_id=None) / mark_message_read(chat, message)
    chats_of(owner, with_muted=False), messages_of(chat)   querysets
"""
import re

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Account
from chats.models import MAX_CONTENT_LENGTH, Chat, ChatMessage
from fedi.errors import NotFound, Unprocessable
from fedi.text import render_inline
from media_attachments.models import MediaAttachment
from notifications.services import notify, retract_object
from relationships.models import Block, Mute
from relationships.queries import is_blocked_between
from streaming.publish import publish_chat_update

_NEWLINES = re.compile(r"\r\n|\r|\n")


def get_or_create_chat(owner: Account, recipient: Account) -> Chat:
    """The one chat of `owner` with `recipient` (Pleroma keeps one per pair and side)."""
    chat = Chat.objects.filter(account=owner, recipient=recipient).first()
    if chat is not None:
        return chat
    try:
        with transaction.atomic():
            return Chat.objects.create(account=owner, recipient=recipient)
    except IntegrityError:  # created concurrently
        return Chat.objects.get(account=owner, recipient=recipient)


def find_chat(owner: Account, chat_id) -> Chat:
    """One of the owner's chats, else 404 (another user's chat is not there for them)."""
    chat = (Chat.objects.select_related("recipient").filter(account=owner, pk=chat_id).first()
            if str(chat_id).isdigit() and int(chat_id) < 2 ** 63 else None)
    if chat is None:
        raise NotFound("Record not found")
    return chat


def chats_of(owner: Account, *, with_muted: bool = False) -> QuerySet:
    """The owner's chats, newest activity first; blocked accounts (either way) always left
    out, muted ones unless with_muted (Pleroma's ChatController.index_query)."""
    rows = Chat.objects.filter(account=owner)
    rows = rows.exclude(Q(recipient__in=_blocked_either_way(owner)) | Q(recipient__suspended_at__isnull=False))
    if not with_muted:
        rows = rows.exclude(recipient__in=Mute.objects.active().filter(account=owner).values("target_account_id"))
    return rows.order_by("-updated_at", "-id")


def _blocked_either_way(owner):
    return (Block.objects.filter(account=owner).values("target_account_id")
            .union(Block.objects.filter(target_account=owner).values("account_id")))


def messages_of(chat: Chat) -> QuerySet:
    """The messages of a chat as its owner sees them (both directions)."""
    mine = Q(sender_id=chat.account_id, recipient_id=chat.recipient_id)
    theirs = Q(sender_id=chat.recipient_id, recipient_id=chat.account_id, hidden_for_recipient=False)
    return ChatMessage.objects.filter(mine | theirs)


def unread_counts(chats) -> dict:
    """{chat id: messages the owner has not read}, in one query for a page of chats."""
    chats = list(chats)
    if not chats:
        return {}

    pairs = Q()
    for chat in chats:
        pairs |= Q(recipient_id=chat.account_id, sender_id=chat.recipient_id)
    counted = (ChatMessage.objects.filter(pairs, unread=True, hidden_for_recipient=False)
               .values("recipient_id", "sender_id").annotate(count=Count("id")))
    by_pair = {(row["recipient_id"], row["sender_id"]): row["count"] for row in counted}
    return {chat.id: by_pair.get((chat.account_id, chat.recipient_id), 0) for chat in chats}


def refusal(sender: Account, recipient: Account) -> str | None:
    """Why `sender` may not message `recipient` now, or None."""
    if recipient.id == sender.id:
        return None  # a chat with yourself is a notepad, as on Pleroma
    if recipient.suspended_at is not None:
        return "Recipient is not available"
    if is_blocked_between(sender, recipient):
        return "Recipient is blocking you or blocked by you"
    if recipient.accepts_chat_messages is False:
        return "Recipient does not accept chat messages"
    return None


def render_content(text: str) -> str:
    """Escaped text with links, line breaks kept (Pleroma: no formatting beyond escaping)."""
    lines = _NEWLINES.split(text.strip())
    return "<br/>".join(render_inline(line, tag_url=None) for line in lines)


def post_message(chat: Chat, text: str | None, media: MediaAttachment | None = None,
                 idempotency_key: str | None = None) -> ChatMessage:
    """Send a message in the owner's chat; Unprocessable when it may not be sent."""
    sender, recipient = chat.account, chat.recipient
    text = (text or "").strip()
    if not text and media is None:
        raise Unprocessable("Content or media is required")
    if len(text) > MAX_CONTENT_LENGTH:
        raise Unprocessable(f"Content is too long (maximum is {MAX_CONTENT_LENGTH} characters)")
    if idempotency_key:
        existing = ChatMessage.objects.filter(sender=sender, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    reason = refusal(sender, recipient)
    if reason:
        raise Unprocessable(reason)
    now = timezone.now()
    try:
        with transaction.atomic():
            message = ChatMessage.objects.create(
                sender=sender, recipient=recipient, text=text, content=render_content(text) if text else "",
                media=media, unread=recipient.id != sender.id, idempotency_key=idempotency_key or None,
                created_at=now)
            their_chat = chat if recipient.id == sender.id else get_or_create_chat(recipient, sender)
            Chat.objects.filter(pk__in={chat.pk, their_chat.pk}).update(updated_at=now)
            chat.updated_at = their_chat.updated_at = now
    except IntegrityError:  # the same idempotency key, concurrently
        existing = ChatMessage.objects.filter(sender=sender, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    if recipient.id != sender.id:
        transaction.on_commit(lambda: _announce(message, their_chat, notify_recipient=True))
    transaction.on_commit(lambda: _announce(message, chat, notify_recipient=False))
    return message


def _announce(message, chat, *, notify_recipient):
    """After commit: the chat's `pleroma:chat_update` to its owner's streams, and for the
    recipient the `pleroma:chat_mention` notification (its rules: blocks, mutes...)."""
    from chats.serializers import render_chat, render_message  # a cycle: chats.serializers imports this module

    publish_chat_update(chat.account_id, lambda: render_chat(chat, chat.account))
    if notify_recipient:
        notify(chat.account_id, "pleroma:chat_mention", message.sender_id,
               chat_message=render_message(message, chat), object_id=message.id)


def find_message(chat: Chat, message_id) -> ChatMessage:
    text = str(message_id)
    message = (messages_of(chat).select_related("media").filter(pk=int(text)).first()
               if text.isdigit() and int(text) < 2 ** 63 else None)
    if message is None:
        raise NotFound("Record not found")
    return message


def delete_message(chat: Chat, message: ChatMessage) -> ChatMessage:
    """The sender's deletion removes the message for both; the recipient's only hides it
    from their side. The recipient's notification goes either way."""
    if message.sender_id == chat.account_id:
        retract_object(message.recipient_id, "pleroma:chat_mention", message.sender_id, message.id)
        media = message.media
        ChatMessage.objects.filter(pk=message.pk).delete()
        if media is not None:
            media.delete()
    else:
        ChatMessage.objects.filter(pk=message.pk).update(hidden_for_recipient=True)
        retract_object(message.recipient_id, "pleroma:chat_mention", message.sender_id, message.id)
    return message


def mark_read(chat: Chat, up_to_id: int | None = None) -> int:
    """Every message of the other side up to `up_to_id` (all when None) read; how many."""
    rows = ChatMessage.objects.filter(recipient_id=chat.account_id, sender_id=chat.recipient_id, unread=True)
    if up_to_id is not None:
        rows = rows.filter(id__lte=up_to_id)
    return rows.update(unread=False)


def mark_message_read(chat: Chat, message: ChatMessage) -> ChatMessage:
    if message.recipient_id == chat.account_id and message.unread:
        ChatMessage.objects.filter(pk=message.pk).update(unread=False)
        message.unread = False
    return message


def find_upload(owner: Account, media_id) -> MediaAttachment:
    """The owner's own upload, not attached to anything yet."""
    text = str(media_id)
    media = (MediaAttachment.objects.filter(pk=int(text), account=owner, status__isnull=True,
                                            scheduled_status__isnull=True).first()
             if text.isdigit() and int(text) < 2 ** 63 else None)
    if media is None or ChatMessage.objects.filter(media=media).exists():
        raise Unprocessable("Media not found")
    return media
