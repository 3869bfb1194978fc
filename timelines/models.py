"""timelines models: the read markers of timelines (lists, like the other feeds, are the
feeds app's)."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


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
