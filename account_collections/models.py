"""A Collection of accounts its owner recommends, and its items (one per featured account)."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Collection(SnowflakeModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)
    description = models.CharField(max_length=100, blank=True, default="")
    language = models.CharField(max_length=16, null=True, blank=True)
    tag = models.ForeignKey("tags.Tag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sensitive = models.BooleanField(default=False)
    discoverable = models.BooleanField(default=True)
    local = models.BooleanField(default=True)
    uri = models.CharField(max_length=2048, blank=True, default="")  # remote collections only
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["account", "-id"], name="collection_account")]

    def __str__(self):
        return self.name


class CollectionItem(SnowflakeModel):
    """One featured account. Mastodon's states: a local account that consents (discoverable)
    is `accepted` at once; a remote one stays `pending` until its server answers; the
    featured account may revoke (`revoked`); a refusal is `rejected`."""

    class State(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        REJECTED = "rejected"
        REVOKED = "revoked"

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACCEPTED)
    position = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "account"], name="collection_item_once")]
        indexes = [models.Index(fields=["account", "state"], name="collection_item_account")]
