"""Announcements set by the instance's admins (in the Django admin), what each user has
read, and the emoji reactions users add to them."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Announcement(SnowflakeModel):
    """`text` is what the admin typed; `content` its HTML (announcements.services.save_announcement
    renders it and links the mentioned accounts, statuses and tags found in it)."""

    text = models.TextField(help_text="Plain text: links, @mentions, #hashtags and :emoji: are recognized.")
    content = models.TextField(blank=True, default="", editable=False)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    all_day = models.BooleanField(default=False, help_text="Show only the dates of starts_at and ends_at")
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    mentions = models.ManyToManyField("accounts.Account", blank=True, related_name="+", editable=False)
    statuses = models.ManyToManyField("statuses.Status", blank=True, related_name="+", editable=False)
    tags = models.ManyToManyField("tags.Tag", blank=True, related_name="+", editable=False)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": "This field is required."})
        if self.starts_at is not None and self.ends_at is None:
            raise ValidationError({"ends_at": "Required when the announcement has a start."})
        if self.ends_at is not None and self.starts_at is None:
            raise ValidationError({"starts_at": "Required when the announcement has an end."})
        if self.starts_at is not None and self.ends_at is not None and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "Must not be before the start."})


class AnnouncementRead(SnowflakeModel):
    """The account dismissed (read) the announcement."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "announcement"], name="announcement_read_unique")]


class AnnouncementReaction(SnowflakeModel):
    """`name`: a Unicode emoji, or the shortcode of one of this server's custom emoji."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reactions")
    name = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "announcement", "name"],
                                               name="announcement_reaction_unique")]
        indexes = [models.Index(fields=["announcement", "name"], name="announcement_reaction_name")]
