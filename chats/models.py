"""Pleroma's chats: one-to-one instant messages, apart from statuses and timelines.

Each side of a conversation has its own Chat row (owner `account`, the other side
`recipient`), as on Pleroma, so each side has its own id, unread count and place in its
list. A ChatMessage is shared by both sides: its `unread` flag is the recipient's (the
sender has read their own message), and `hidden_for_recipient` is the recipient deleting it
from their side only (deleting by the sender deletes it for both).
"""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel

MAX_CONTENT_LENGTH = 5000  # Pleroma's chat_limit


class Chat(SnowflakeModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every message either way: the list is sorted by it.
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "recipient"], name="chat_once_per_pair")]
        indexes = [models.Index(fields=["account", "-updated_at"], name="chat_account_updated")]

    def __str__(self):
        return f"chat of {self.account_id} with {self.recipient_id}"


class ChatMessage(SnowflakeModel):
    sender = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True, default="")  # what the sender wrote
    content = models.TextField(blank=True, default="")  # rendered HTML (escaped, links)
    media = models.ForeignKey("media.MediaAttachment", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    unread = models.BooleanField(default=True)
    hidden_for_recipient = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["sender", "recipient", "-id"], name="chat_message_pair"),
            models.Index(fields=["recipient", "sender", "unread"], name="chat_message_unread"),
        ]
        constraints = [models.UniqueConstraint(fields=["sender", "idempotency_key"],
                                               condition=models.Q(idempotency_key__isnull=False),
                                               name="chat_message_idempotency")]

    def __str__(self):
        return f"message {self.id} from {self.sender_id} to {self.recipient_id}"
