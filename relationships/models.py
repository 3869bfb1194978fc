"""Relationships from one account to another: follows, follow requests, blocks, mutes,
private notes, endorsements (pins), and the domains a user blocks.

Each row's snowflake id is also the cursor of the lists built from it (followers, blocks,
mutes...), which is why these are rows of their own and not many-to-many fields.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fedi.models import SnowflakeModel


class AccountPair(SnowflakeModel):
    """A row from `account` to `target_account`, at most one per pair."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    target_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.account_id} -> {self.target_account_id}"


def one_per_pair(name):
    return [models.UniqueConstraint(fields=["account", "target_account"], name=name)]


class FollowOptions(models.Model):
    """What a follower chose when following (kept on the request too, until it is accepted)."""

    show_reblogs = models.BooleanField(default=True)
    notify = models.BooleanField(default=False)
    # ISO 639-1 codes to receive from this account; null: every language.
    languages = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True

    def option_values(self):
        return {"show_reblogs": self.show_reblogs, "notify": self.notify, "languages": self.languages}


class Follow(AccountPair, FollowOptions):
    class Meta:
        constraints = one_per_pair("follow_one_per_pair")


class FollowRequest(AccountPair, FollowOptions):
    """A follow waiting for the target's approval (locked accounts)."""

    class Meta:
        constraints = one_per_pair("follow_request_one_per_pair")


class Block(AccountPair):
    class Meta:
        constraints = one_per_pair("block_one_per_pair")


class MuteQuerySet(models.QuerySet):
    def active(self, now=None):
        """Mutes still in force: an expired mute counts as no mute anywhere."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now()))


class Mute(AccountPair):
    hide_notifications = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = MuteQuerySet.as_manager()

    class Meta:
        constraints = one_per_pair("mute_one_per_pair")

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()


class AccountNote(AccountPair):
    """A private comment about another account, seen only by its author."""

    MAX_LENGTH = 2000

    comment = models.TextField()

    class Meta:
        constraints = one_per_pair("account_note_one_per_pair")


class AccountPin(AccountPair):
    """An endorsement: an account featured on the owner's profile."""

    class Meta:
        constraints = one_per_pair("account_pin_one_per_pair")


class AccountDomainBlock(SnowflakeModel):
    """A user hiding a whole remote domain (normalized: lower-case, punycode)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    domain = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "domain"], name="account_domain_block_unique")]

    def __str__(self):
        return f"{self.account_id} blocks {self.domain}"
