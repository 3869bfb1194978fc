"""Hashtags, the tags a user follows, and the tags a user features on their profile."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Tag(SnowflakeModel):
    """A hashtag. `name` keeps the first spelling seen; `normalized` (fedi.text.normalize_hashtag)
    is the key every lookup uses, so #Cats and #cats are one tag."""

    name = models.CharField(max_length=255)
    normalized = models.CharField(max_length=255, unique=True)
    display_name = models.CharField(max_length=255, blank=True, default="")
    usable = models.BooleanField(null=True, blank=True)
    listable = models.BooleanField(null=True, blank=True)
    trendable = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_status_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class TagFollow(SnowflakeModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "tag"], name="tag_follow_unique")]


class FeaturedTag(SnowflakeModel):
    """A hashtag featured on its owner's profile; counts are kept by the posting service."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="featured_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255, blank=True, default="", help_text="The name as the owner typed it.")
    statuses_count = models.IntegerField(default=0)
    last_status_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "tag"], name="featured_tag_unique")]
