"""Preview cards: what a status's first link shows (fetched in the background: statuses.tasks.fetch_card)."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class PreviewCard(SnowflakeModel):
    class Type(models.TextChoices):
        LINK = "link"
        PHOTO = "photo"
        VIDEO = "video"
        RICH = "rich"

    url = models.CharField(max_length=2048, unique=True)
    title = models.CharField(max_length=2048, blank=True, default="")
    description = models.TextField(blank=True, default="")
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.LINK)
    author_name = models.CharField(max_length=2048, blank=True, default="")
    author_url = models.CharField(max_length=2048, blank=True, default="")
    provider_name = models.CharField(max_length=2048, blank=True, default="")
    provider_url = models.CharField(max_length=2048, blank=True, default="")
    html = models.TextField(blank=True, default="")
    width = models.IntegerField(default=0)
    height = models.IntegerField(default=0)
    image = models.ImageField(upload_to="preview_cards/", null=True, blank=True, max_length=512)
    image_description = models.CharField(max_length=2048, blank=True, default="")
    embed_url = models.CharField(max_length=2048, blank=True, default="")
    blurhash = models.CharField(max_length=255, null=True, blank=True)
    language = models.CharField(max_length=16, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.url


class StatusCard(models.Model):
    """The card shown for a status (at most one)."""

    status = models.OneToOneField("statuses.Status", on_delete=models.CASCADE, related_name="preview")
    card = models.ForeignKey(PreviewCard, on_delete=models.CASCADE, related_name="+")
