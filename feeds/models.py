"""The rows behind the feeds: home and list feeds, lists, and conversations.

FeedEntry is the database store of precomputed feeds (feeds.store.DatabaseFeedStore),
used when there is no Redis (the embedded default); with REDIS_URL the feeds live in
Redis and this table stays empty. AccountConversation is one participant's view of a
direct-message thread (Mastodon's AccountConversation), the Conversation entity's row.

List and ListAccount are lists and their members (their tables keep the names the
timelines app gave them, where they were made). The code that writes all of these is here
too: feeds.store, feeds.fanout, feeds.lists, feeds.conversations; the timelines app reads
them.
"""
from django.db import models
from django.utils import timezone

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


class List(SnowflakeModel):
    class RepliesPolicy(models.TextChoices):
        FOLLOWED = "followed"  # replies to anyone the owner follows
        LIST = "list"          # replies to members of the list
        NONE = "none"          # no replies

    TITLE_LENGTH_LIMIT = 256
    PER_ACCOUNT_LIMIT = 50

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="owned_lists")
    title = models.CharField(max_length=TITLE_LENGTH_LIMIT)
    replies_policy = models.CharField(max_length=16, choices=RepliesPolicy.choices, default=RepliesPolicy.LIST)
    # Members' posts stay out of the owner's home feed.
    exclusive = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "timelines_list"  # made by the timelines app, before lists moved here
        indexes = [models.Index(fields=["account", "id"], name="list_account_id")]

    def __str__(self):
        return f"{self.account_id}: {self.title}"


class ListAccount(SnowflakeModel):
    """One account in one list; its id is the cursor of GET /api/v1/lists/:id/accounts."""

    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="list_accounts")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    # Null only for the owner itself (who may be in their own list without following).
    follow = models.ForeignKey("relationships.Follow", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    follow_request = models.ForeignKey("relationships.FollowRequest", null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "timelines_listaccount"
        constraints = [models.UniqueConstraint(fields=["list", "account"], name="list_account_unique")]
        indexes = [models.Index(fields=["account", "list"], name="list_account_member")]

    def __str__(self):
        return f"{self.account_id} in {self.list_id}"

    @property
    def active(self):
        """A member whose posts reach the list (not a pending follow request)."""
        return self.follow_id is not None or self.account_id == getattr(self.list, "account_id", None)
