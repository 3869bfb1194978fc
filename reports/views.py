"""POST /api/v1/reports."""
from rest_framework.response import Response

from accounts.models import Account
from fedi.api import Access, ApiView
from fedi.errors import NotFound
from reports import services
from reports.models import Report
from reports.serializers import ReportSerializer


class ReportsView(ApiView):
    access = {"POST": Access.user("write:reports")}

    def post(self, request):
        params = self.params
        target = Account.objects.select_related("user", "user__role").filter(
            pk=params.id("account_id", required=True)).first()
        if target is None:
            raise NotFound()
        report = services.file_report(
            self.viewer, target,
            status_ids=params.ids("status_ids"),
            comment=params.str("comment", "") or "",
            category=params.choice("category", Report.CATEGORIES),
            rule_ids=params.ids("rule_ids"),
            forward=params.bool("forward", False))
        return Response(ReportSerializer.render(report, viewer=self.viewer))
