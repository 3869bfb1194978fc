"""GET /api/v1/scheduled_statuses and GET/PUT/DELETE /api/v1/scheduled_statuses/:id."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.pagination import paginate
from statuses import scheduled as service
from statuses.serializers_scheduled import ScheduledStatusSerializer


class ScheduledStatusesView(ApiView):
    access = {"GET": Access.user("read:statuses")}

    def get(self, request):
        page = paginate(self, service.scheduled_of(self.viewer), default_limit=20, max_limit=40)
        return page.response(ScheduledStatusSerializer.render_many(page.items))


class ScheduledStatusView(ApiView):
    access = {"GET": Access.user("read:statuses"), "PUT": Access.user("write:statuses"),
              "DELETE": Access.user("write:statuses")}

    def get(self, request, scheduled_id):
        scheduled = service.find_scheduled(self.viewer, scheduled_id)
        return Response(ScheduledStatusSerializer.render(scheduled))

    def put(self, request, scheduled_id):
        scheduled = service.find_scheduled(self.viewer, scheduled_id)
        service.reschedule(scheduled, self.params.datetime("scheduled_at"))
        return Response(ScheduledStatusSerializer.render(scheduled))

    def delete(self, request, scheduled_id):
        scheduled = service.find_scheduled(self.viewer, scheduled_id)
        service.cancel(scheduled)
        return Response({})
