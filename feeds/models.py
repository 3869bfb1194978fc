"""The rows behind the timelines app's feeds and conversations.

FeedEntry is the database store of precomputed feeds (timelines.feeds.DatabaseFeedStore),
used when there is no Redis (the embedded default); with REDIS_URL the feeds live in
Redis and this table stays empty. AccountConversation is one participant's view of a
direct-message thread (Mastodon's AccountConversation), the Conversation entity's row.

The code lives in the timelines app (timelines.feeds, timelines.fanout,
timelines.conversations); this app only holds the models, so its migrations stay its own.
"""
from django.db import models

from fedi.models import SnowflakeModel


class FeedEntry(models.Model):
    """One status in one feed. `shown` is false for an "extra" reblog: a reblog of a status
    that is already near the top of the feed (kept to take its place if that one goes)."""

    HOME = "home"
    LIST = "list"

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8)
    feed_id = models.BigIntegerField()
    status = models.ForeignKey("statuses.Status", on_delete=models.CASCADE, related_name="+", db_constraint=True)
    reblog_of_id = models.BigIntegerField(null=True, blank=True)
    shown = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "feed_id", "status"], name="feed_entry_unique")]
        indexes = [
            models.Index(fields=["kind", "feed_id", "shown", "-status"], name="feed_entry_page"),
            models.Index(fields=["reblog_of_id"], name="feed_entry_reblog"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.feed_id} {self.status_id}"


class AccountConversation(SnowflakeModel):
    """The direct statuses of one conversation (thread) between one set of participants, as
    `account` sees them. Its id is the Conversation entity's id; lists page by last_status_id."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey("statuses.Conversation", on_delete=models.CASCADE, related_name="+")
    # The other participants' account ids, sorted, comma-separated ("" when only oneself).
    participants = models.CharField(max_length=2048, blank=True, default="")
    status_ids = models.JSONField(default=list, blank=True)
    last_status = models.ForeignKey("statuses.Status", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    unread = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "conversation", "participants"],
                                               name="account_conversation_unique")]
        indexes = [models.Index(fields=["account", "-last_status"], name="account_conversation_page")]

    def __str__(self):
        return f"{self.account_id} in {self.conversation_id}"

    @property
    def participant_ids(self):
        return [int(value) for value in self.participants.split(",") if value]
