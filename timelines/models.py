"""timelines models: lists of accounts and the read markers of timelines.

A List belongs to its owner; a ListAccount puts one account in it. As in Mastodon, a
member other than the owner is held through the owner's Follow of it (or, while that is
pending, the FollowRequest): the row cascades away with the follow, so unfollowing,
blocking or being removed from someone's followers takes them out of one's lists with no
code in relationships. When a request is accepted, the membership moves to the new Follow
(see move_memberships_to_follow below).
"""
from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone

from fedi.models import SnowflakeModel


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
        constraints = [models.UniqueConstraint(fields=["list", "account"], name="list_account_unique")]
        indexes = [models.Index(fields=["account", "list"], name="list_account_member")]

    def __str__(self):
        return f"{self.account_id} in {self.list_id}"

    @property
    def active(self):
        """A member whose posts reach the list (not a pending follow request)."""
        return self.follow_id is not None or self.account_id == getattr(self.list, "account_id", None)


class Marker(SnowflakeModel):
    """The last read position of a user in a timeline (home or notifications).

    `version` is Mastodon's lock_version: every change increments it, and a write based on
    a stale read is refused (409)."""

    TIMELINES = ("home", "notifications")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="markers")
    timeline = models.CharField(max_length=32)
    last_read_id = models.BigIntegerField(default=0)
    version = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "timeline"], name="marker_user_timeline_unique")]

    def __str__(self):
        return f"{self.user_id} {self.timeline}: {self.last_read_id}"


def move_memberships_to_follow(sender, instance, created, **kwargs):
    """A follow request was accepted (or a follow made while one was pending): the list
    memberships held through the request now hold through the Follow, before the request
    row (and its cascade) goes."""
    if not created:
        return
    ListAccount.objects.filter(
        list__account_id=instance.account_id, account_id=instance.target_account_id, follow__isnull=True,
    ).exclude(follow_request__isnull=True).update(follow=instance, follow_request=None)


post_save.connect(move_memberships_to_follow, sender="relationships.Follow",
                  dispatch_uid="timelines.move_memberships_to_follow")
