"""Annual reports (Mastodon's Api::V1::AnnualReportsController) and async refreshes
(Api::V1Alpha::AsyncRefreshesController)."""
from rest_framework.response import Response

from annual_reports import services
from annual_reports.serializers import render_wrapped
from fedi import async_refreshes
from fedi.api import Access, ApiView
from fedi.errors import NotFound


def _year(text) -> int:
    if not str(text).isdigit() or not 1 <= int(text) <= 9999:
        raise NotFound()
    return int(text)


class AnnualReportsView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        return Response(render_wrapped(services.reports(self.viewer), self.viewer))


class AnnualReportView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request, year):
        return Response(render_wrapped(services.reports(self.viewer, _year(year)), self.viewer))


class AnnualReportStateView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request, year):
        return Response({"state": services.state(self.viewer, _year(year))})


class GenerateView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request, year):
        queued, refresh = services.request_generation(self.viewer, _year(year))
        if not queued:
            return Response({})  # already generated, generating, or ineligible
        response = Response({}, status=202)
        response["Mastodon-Async-Refresh"] = async_refreshes.header(refresh)
        return response


class ReadView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request, year):
        services.mark_read(self.viewer, _year(year))
        return Response({})


class AsyncRefreshView(ApiView):
    access = {"GET": Access.user("read")}

    def get(self, request, refresh_id):
        found = async_refreshes.find(refresh_id)
        if found is None:
            raise NotFound("Not Found")
        return Response({"async_refresh": found})
