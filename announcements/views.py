"""GET /api/v1/announcements, dismiss, and reactions (Mastodon's AnnouncementsController and
Announcements::ReactionsController)."""
from rest_framework.response import Response

from announcements import services
from announcements.serializers import load, render_announcements
from fedi.api import Access, ApiView


class AnnouncementsView(ApiView):
    access = {"GET": Access.user("read")}

    def get(self, request):
        return Response(render_announcements(load(services.active_announcements()), self.viewer))


class DismissView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request, announcement_id):
        services.dismiss(self.viewer, services.find_published(announcement_id))
        return Response({})


class ReactionView(ApiView):
    access = {"PUT": Access.user("write:favourites"), "DELETE": Access.user("write:favourites")}

    def put(self, request, announcement_id, name):
        services.add_reaction(self.viewer, services.find_published(announcement_id), name)
        return Response({})

    def delete(self, request, announcement_id, name):
        services.remove_reaction(self.viewer, services.find_published(announcement_id), name)
        return Response({})
