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


class ImportJob(SnowflakeModel):
    """A follow, mute or block import (Pleroma's /api/pleroma/*_import), run by a Celery task;
    `results` is the outcome of each line: [{"line": ..., "outcome": ...}]."""

    KINDS = ("follows", "mutes", "blocks")

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    lines = models.JSONField(default=list)
    results = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=16, default="pending")  # pending, running, done, failed
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)


class Backup(SnowflakeModel):
    """An archive of a user's data (POST /api/v1/pleroma/backups), built by a Celery task."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="backups/", null=True, blank=True, max_length=512)
    file_size = models.BigIntegerField(default=0)
    state = models.CharField(max_length=16, default="pending")  # pending, running, complete, failed
    processed_number = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["account", "-id"], name="backup_account")]
