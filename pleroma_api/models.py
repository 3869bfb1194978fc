"""Pleroma-only data that belongs to no other app: scrobbles (what a user listens to)."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Scrobble(SnowflakeModel):
    """Pleroma's "Listen" activity (POST /api/v1/pleroma/scrobble)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=1024)
    album = models.CharField(max_length=1024, blank=True, default="")
    artist = models.CharField(max_length=1024, blank=True, default="")
    length = models.PositiveIntegerField(null=True, blank=True)  # milliseconds
    external_link = models.CharField(max_length=2048, blank=True, default="")
    visibility = models.CharField(max_length=16, default="public")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["account", "-id"], name="scrobble_account")]
