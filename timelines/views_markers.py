"""GET/POST /api/v1/markers: saved reading positions in home and notifications."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from timelines import markers
from timelines.serializers import MarkerSerializer


class MarkersView(ApiView):
    access = {"GET": Access.user("read:statuses"), "POST": Access.user("write:statuses")}

    def get(self, request):
        timelines = [value for value in self.params.list("timeline") if isinstance(value, str)]
        return Response(MarkerSerializer.render_map(markers.markers_of(request.user, timelines)))

    def post(self, request):
        positions = {}
        for name in markers.TIMELINES:
            sent = self.params.raw(name)
            if isinstance(sent, dict) and "last_read_id" in sent:
                positions[name] = sent["last_read_id"]
        return Response(MarkerSerializer.render_map(markers.save_markers(request.user, positions)))
