"""Notifications, the filtering policy and the requests it fills, and Web Push subscriptions.

A Notification's id is a plain sequential integer, as on Mastodon (not a snowflake): the
grouped API (NotificationGroup.most_recent_notification_id) sends it as a JSON number,
which JavaScript clients read exactly only below 2**53. Ids still grow with time, so they
are the pagination cursor.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings

from fedi.models import SnowflakeModel

# Mastodon's Notification::TYPES (and Pleroma's emoji reaction).
TYPES = ("mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update",
         "admin.sign_up", "admin.report", "severed_relationships", "moderation_warning", "quote",
         "quoted_update", "added_to_collection", "collection_update", "pleroma:emoji_reaction",
         "pleroma:chat_mention", "move")
# Types listed only when asked for by `types[]` / `include_types[]` (Pleroma's default types
# leave chat mentions out).
OPT_IN_TYPES = frozenset({"pleroma:chat_mention", "move"})
# Types a notification policy can filter (Notification::PROPERTIES[type][:filterable]).
FILTERABLE_TYPES = frozenset({"mention", "reblog", "follow", "follow_request", "favourite", "quote",
                              "pleroma:emoji_reaction"})
# Types grouped in /api/v2/notifications (Notification::GROUPABLE_NOTIFICATION_TYPES).
GROUPABLE_TYPES = ("favourite", "follow", "reblog", "admin.sign_up")
# Types whose notification is about a status (the `status` attribute).
STATUS_TYPES = frozenset({"favourite", "reblog", "status", "mention", "poll", "update", "quote", "quoted_update",
                          "pleroma:emoji_reaction"})
# Types a notification may come from the recipient's own account.
SELF_TYPES = frozenset({"poll", "severed_relationships", "moderation_warning"})
# Types notified again on each new occurrence (every edit of a status is news).
REPEATED_TYPES = frozenset({"update", "quoted_update", "collection_update"})

ACCEPT, FILTER, DROP = "accept", "filter", "drop"
POLICY_VALUES = (ACCEPT, FILTER, DROP)


class Notification(models.Model):
    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(max_length=64)
    from_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    status = models.ForeignKey("statuses.Status", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Mastodon's group key ("favourite-<status>-<hour bucket>", "follow-<hour bucket>"...);
    # null: not grouped (shown as "ungrouped-<id>").
    group_key = models.CharField(max_length=255, null=True, blank=True)
    filtered = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # What makes two notifications the same one (type, sender, status, object): see services.
    activity_key = models.CharField(max_length=255)
    # The entity the notification is about when it is not a status: {"report": {...}},
    # {"moderation_warning": {...}}, {"event": {...}} (entity JSON as its app renders it).
    payload = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "activity_key"], name="notification_once")]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient_id"),
            models.Index(fields=["recipient", "group_key"], name="notification_group"),
            models.Index(fields=["recipient", "from_account"], name="notification_from"),
        ]

    def __str__(self):
        return f"{self.type} for {self.recipient_id} from {self.from_account_id}"

    @property
    def public_group_key(self):
        return self.group_key or f"ungrouped-{self.id}"


class NotificationPolicy(models.Model):
    """What to do with notifications from strangers: accept, filter (into requests) or drop."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="notification_policy")
    for_not_following = models.CharField(max_length=8, default=ACCEPT)
    for_not_followers = models.CharField(max_length=8, default=ACCEPT)
    for_new_accounts = models.CharField(max_length=8, default=ACCEPT)
    for_private_mentions = models.CharField(max_length=8, default=FILTER)
    for_limited_accounts = models.CharField(max_length=8, default=FILTER)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = ("for_not_following", "for_not_followers", "for_new_accounts", "for_private_mentions",
              "for_limited_accounts")

    def __str__(self):
        return f"policy of {self.account_id}"


class NotificationRequest(SnowflakeModel):
    """Filtered notifications from one account, waiting for the recipient to accept or dismiss them."""

    recipient = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    from_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    last_status = models.ForeignKey("statuses.Status", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "from_account"], name="notification_request_once")]

    def __str__(self):
        return f"request to {self.recipient_id} from {self.from_account_id}"


class NotificationPermission(models.Model):
    """An accepted request: notifications from this account are never filtered again."""

    recipient = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    from_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "from_account"],
                                               name="notification_permission_once")]


class PushSubscription(SnowflakeModel):
    """A Web Push subscription: one per access token (a new one replaces the old)."""

    POLICIES = ("all", "followed", "follower", "none")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    access_token = models.ForeignKey(oauth2_settings.ACCESS_TOKEN_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    endpoint = models.TextField()
    key_p256dh = models.CharField(max_length=255)
    key_auth = models.CharField(max_length=255)
    standard = models.BooleanField(default=False)
    alerts = models.JSONField(default=dict, blank=True)
    policy = models.CharField(max_length=16, default="all")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"push subscription {self.id} of user {self.user_id}"
