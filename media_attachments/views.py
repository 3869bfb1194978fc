"""/api/v1/media and /api/v2/media: upload, read, describe and delete attachments."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from media_attachments import services
from media_attachments.models import MediaAttachment
from media_attachments.serializers import MediaAttachmentSerializer


def _description(params):
    return params.str("description") if params.given("description") else None


def _focus(params):
    value = params.raw("focus")
    return value if isinstance(value, list) else params.str("focus")


class MediaCreateView(ApiView):
    """POST /api/v1/media: processed before the answer, always 200."""

    access = {"POST": Access.user("write:media")}
    delay = False

    def post(self, request):
        media = services.create_media(
            self.viewer, self.params.file("file"), thumbnail=self.params.file("thumbnail"),
            description=_description(self.params), focus=_focus(self.params), delay=self.delay)
        if not media.is_ready:
            media.refresh_from_db()  # a task run in-process may have finished it already
        status = 200 if media.is_ready or not self.delay else 202
        return Response(MediaAttachmentSerializer.render(media), status=status)


class MediaCreateV2View(MediaCreateView):
    """POST /api/v2/media: images are processed at once (200); video, gifv and audio in the
    background (202, `url` null until GET /api/v1/media/:id answers 200)."""

    delay = True


class MediaView(ApiView):
    access = {
        "GET": Access.user("write:media"),
        "PUT": Access.user("write:media"),
        "DELETE": Access.user("write:media"),
    }

    @staticmethod
    def _status(media):
        return 206 if media.state == MediaAttachment.State.PROCESSING else 200

    def get(self, request, media_id):
        media = services.own_media(self.viewer, media_id)
        services.check_not_failed(media)
        return Response(MediaAttachmentSerializer.render(media), status=self._status(media))

    def put(self, request, media_id):
        media = services.own_media(self.viewer, media_id)
        services.check_not_failed(media)
        services.update_media(media, description=_description(self.params), focus=_focus(self.params),
                              thumbnail=self.params.file("thumbnail"))
        return Response(MediaAttachmentSerializer.render(media), status=self._status(media))

    def delete(self, request, media_id):
        media = services.own_media(self.viewer, media_id, unattached=False)
        services.delete_media(media)
        return Response({})
