"""The ScheduledStatus entity."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer


def _media_json(media_list):
    from media.serializers import MediaAttachmentSerializer

    return MediaAttachmentSerializer.render_many(media_list)


class ScheduledStatusSerializer(EntitySerializer):
    def to_representation(self, scheduled):
        return {
            "id": str(scheduled.id),
            "scheduled_at": iso(scheduled.scheduled_at),
            "params": scheduled.params,
            "media_attachments": _media_json(list(scheduled.media_attachments.all())),
        }
