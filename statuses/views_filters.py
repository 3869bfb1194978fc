"""The statuses of a filter (GET/POST /api/v2/filters/:id/statuses): here rather than in the
filters app because adding one checks that the viewer may see it (statuses.visibility)."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from filters import services as filters
from filters.serializers import FilterStatusSerializer
from statuses.services.filtering import filter_status

READ = Access.user("read:filters")
WRITE = Access.user("write:filters")


class FilterStatusesView(ApiView):
    access = {"GET": READ, "POST": WRITE}

    def get(self, request, filter_id):
        found = filters.find_filter(self.viewer, filter_id)
        return Response(FilterStatusSerializer.render_many(list(found.statuses.order_by("id"))))

    def post(self, request, filter_id):
        found = filters.find_filter(self.viewer, filter_id)
        return Response(FilterStatusSerializer.render(filter_status(found, self.params.id("status_id"), self.viewer)))
