"""Statuses and what hangs off them: mentions, favourites, bookmarks, pins, edits,
conversation mutes, and scheduled statuses.

A reblog is a Status whose `reblog_of` is the reblogged status (as on Mastodon), so
timelines page over one table. Counters are denormalized and updated with F() by the
services in statuses.services, never recomputed on read.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Visibility(models.TextChoices):
    PUBLIC = "public"
    UNLISTED = "unlisted"
    PRIVATE = "private"
    DIRECT = "direct"


class Conversation(SnowflakeModel):
    """A thread: a root status and every reply below it share one (muting a conversation mutes it)."""

    created_at = models.DateTimeField(default=timezone.now)


class Status(SnowflakeModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="statuses")
    # Remote statuses carry their own addresses; local ones derive them (statuses.serializers).
    uri = models.CharField(max_length=2048, blank=True, default="")
    url = models.CharField(max_length=2048, blank=True, default="")
    local = models.BooleanField(default=True)
    text = models.TextField(blank=True, default="", help_text="As the author typed it (local statuses).")
    content = models.TextField(blank=True, default="", help_text="The rendered, sanitized HTML.")
    spoiler_text = models.TextField(blank=True, default="")
    sensitive = models.BooleanField(default=False)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    language = models.CharField(max_length=16, null=True, blank=True)
    # Pleroma's content_type: how `text` was rendered into `content` (text/plain, text/markdown,
    # text/html); an edit that names none renders the new text the same way.
    content_type = models.CharField(max_length=32, default="text/plain")
    # Pleroma's expires_in: deleted at this time by the periodic job statuses.delete_expired.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    in_reply_to_account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="+")
    reblog_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="reblogs")
    conversation = models.ForeignKey(Conversation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="statuses")
    application = models.ForeignKey(settings.OAUTH2_PROVIDER_APPLICATION_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    tags = models.ManyToManyField("tags.Tag", blank=True, related_name="statuses")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    replies_count = models.IntegerField(default=0)
    reblogs_count = models.IntegerField(default=0)
    favourites_count = models.IntegerField(default=0)
    quotes_count = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "statuses"
        indexes = [
            models.Index(fields=["account", "-id"], name="status_account_id"),
            models.Index(fields=["visibility", "local", "-id"], name="status_public_timeline"),
            models.Index(fields=["reblog_of", "account"], name="status_reblog_account"),
        ]

    def __str__(self):
        return f"{self.account_id}: {self.text[:40]}"

    @property
    def is_reblog(self):
        return self.reblog_of_id is not None

    @property
    def distributable(self):
        return self.visibility in (Visibility.PUBLIC, Visibility.UNLISTED)


class Mention(SnowflakeModel):
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="mentions")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="mentions")
    silent = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status", "account"], name="mention_unique")]


class StatusAction(SnowflakeModel):
    """A row from an account to a status; its id is the cursor of the lists built from it."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Favourite(StatusAction):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status"], name="favourite_unique")]


class BookmarkFolder(SnowflakeModel):
    """Pleroma's bookmark folders: a user's named groups of bookmarks."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    emoji = models.CharField(max_length=128, null=True, blank=True)  # a Unicode emoji or a custom shortcode
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="bookmark_folder_name_unique")]

    def __str__(self):
        return self.name


class Bookmark(StatusAction):
    folder = models.ForeignKey(BookmarkFolder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status"], name="bookmark_unique")]


class StatusPin(StatusAction):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status"], name="status_pin_unique")]


class EmojiReaction(StatusAction):
    """Pleroma's emoji reaction: a unicode emoji, or a custom one by its shortcode (`name`
    is then "shortcode", without colons, and custom_emoji points at the emoji)."""

    name = models.CharField(max_length=128)
    custom_emoji = models.ForeignKey("instance.CustomEmoji", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status", "name"], name="emoji_reaction_unique")]
        indexes = [models.Index(fields=["status", "name"], name="emoji_reaction_status")]


class ConversationMuteQuerySet(models.QuerySet):
    def active(self, now=None):
        """Mutes still in force: an expired one counts as no mute anywhere."""
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now or timezone.now()))


class ConversationMute(SnowflakeModel):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="mutes")
    # Pleroma's expires_in on POST /api/v1/statuses/:id/mute: lifted then (counts as none
    # from then on; the periodic job statuses.purge_expired_conversation_mutes deletes it).
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ConversationMuteQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "conversation"], name="conversation_mute_unique")]


class StatusEdit(SnowflakeModel):
    """One revision of a status, kept for /history (the first is the original post)."""

    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="edits")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True, default="")
    content = models.TextField(blank=True, default="")
    spoiler_text = models.TextField(blank=True, default="")
    sensitive = models.BooleanField(default=False)
    # [{"id": ..., "description": ...}] of the media as they were; poll options as they were.
    media = models.JSONField(default=list, blank=True)
    poll_options = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class ScheduledStatus(SnowflakeModel):
    """A status to be posted at `scheduled_at` with `params` (the ScheduledStatus entity's params)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="scheduled_statuses")
    scheduled_at = models.DateTimeField(db_index=True)
    params = models.JSONField(default=dict)
    application = models.ForeignKey(settings.OAUTH2_PROVIDER_APPLICATION_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class IdempotentPost(models.Model):
    """An Idempotency-Key seen from a user in the last hour, and the status it produced."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    status = models.ForeignKey(Status, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    scheduled_status = models.ForeignKey(ScheduledStatus, null=True, blank=True, on_delete=models.CASCADE,
                                         related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="idempotent_post_unique")]


class QuotePolicy(models.TextChoices):
    """Who may quote a status (Mastodon 4.5's quote_approval_policy)."""
    PUBLIC = "public"
    FOLLOWERS = "followers"
    NOBODY = "nobody"


class StatusQuotePolicy(models.Model):
    """A status's quote policy, when it is not `public` (kept apart from Status so that the
    common case costs no column and no write)."""
    status = models.OneToOneField(Status, primary_key=True, on_delete=models.CASCADE, related_name="quote_policy")
    policy = models.CharField(max_length=16, choices=QuotePolicy.choices, default=QuotePolicy.PUBLIC)


class Quote(SnowflakeModel):
    """`status` quotes `quoted_status` (Mastodon 4.5). The quoted status may go (deleted: the
    quote stays, rendered `deleted`); its author may revoke the quote."""

    class State(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        REJECTED = "rejected"
        REVOKED = "revoked"

    status = models.OneToOneField(Status, on_delete=models.CASCADE, related_name="quote")
    quoted_status = models.ForeignKey(Status, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    quoted_account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACCEPTED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["quoted_status", "-id"], name="quote_quoted_status")]
