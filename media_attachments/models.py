"""Media attachments: uploaded files, processed in the background (media.tasks)."""
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from fedi.models import SnowflakeModel
from media_attachments.storage import delete_files


class MediaAttachment(SnowflakeModel):
    class Type(models.TextChoices):
        UNKNOWN = "unknown"
        IMAGE = "image"
        GIFV = "gifv"
        VIDEO = "video"
        AUDIO = "audio"

    class State(models.TextChoices):
        PROCESSING = "processing"
        READY = "ready"
        FAILED = "failed"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="media_attachments")
    # Unattached until a status (or a scheduled status) is posted with it.
    status = models.ForeignKey("statuses.Status", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="media_attachments")
    scheduled_status = models.ForeignKey("statuses.ScheduledStatus", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="media_attachments")
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.UNKNOWN)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PROCESSING)
    # The original (processed: upright, stripped, bounded); while processing, the raw upload.
    file = models.FileField(upload_to="media_attachments/files/", null=True, blank=True, max_length=512)
    # The custom thumbnail a client sent (Mastodon's `thumbnail` parameter), shown as the preview.
    thumbnail = models.FileField(upload_to="media_attachments/small/", null=True, blank=True, max_length=512)
    # The preview made from the file (Mastodon's `small` style): a scaled-down image or a video frame.
    small = models.FileField(upload_to="media_attachments/small/", null=True, blank=True, max_length=512)
    file_content_type = models.CharField(max_length=255, blank=True, default="")
    description = models.TextField(blank=True, default="")
    focus_x = models.FloatField(null=True, blank=True)
    focus_y = models.FloatField(null=True, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    blurhash = models.CharField(max_length=255, null=True, blank=True)
    remote_url = models.CharField(max_length=2048, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    # Where it comes in its status: the order of media_ids the client sent (Mastodon keeps it).
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.type} {self.id}"

    @property
    def is_ready(self):
        return self.state == self.State.READY

    @property
    def audio_or_video(self):
        return self.type in (self.Type.AUDIO, self.Type.VIDEO)

    def stored_names(self):
        """The names of every file kept in storage for this attachment."""
        return [field.name for field in (self.file, self.small, self.thumbnail) if field and field.name]


@receiver(post_delete, sender=MediaAttachment, dispatch_uid="media.delete_files")
def _delete_files(sender, instance, **kwargs):
    """A deleted attachment takes its files along, once the deletion is committed."""
    names = instance.stored_names()
    if names:
        transaction.on_commit(lambda: delete_files(names))
