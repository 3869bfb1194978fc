"""Pleroma's own reports (PleromaAPI.ReportController): GET /api/v1/pleroma/reports and
/api/v1/pleroma/reports/:id, the reports the viewer filed, in Pleroma's shape (ReportView):
{id, account (the reported account), actor (the viewer), content, created_at, statuses,
state}. State as Pleroma's: open (no action taken), resolved, or closed (resolved without
action: the admin API's ClosedReport, read through Report.closure)."""
from django.core.exceptions import ObjectDoesNotExist
from rest_framework.response import Response

from accounts.models import Account
from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import BadRequest, NotFound
from fedi.formats import iso
from fedi.params import is_id
from reports.models import Report
from statuses.models import Status
from statuses.serializers import render_statuses
from statuses.visibility import visible_statuses

STATES = ("open", "closed", "resolved")
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 100


def report_state(report: Report) -> str:
    if report.action_taken_at is None:
        return "open"
    try:
        report.closure
    except ObjectDoesNotExist:
        return "resolved"
    return "closed"


def reports_json(reports, viewer):
    """Pleroma's Report entities of a page, in a fixed number of queries: the accounts and
    the statuses (only those the viewer may still see) rendered together."""
    account_ids = {report.target_account_id for report in reports} | {viewer.id}
    accounts = {account.id: account for account in Account.objects.filter(id__in=account_ids)}
    rendered_accounts = dict(zip(accounts, AccountSerializer.render_many(list(accounts.values()), viewer=viewer)))
    status_ids = {report.id: [status.id for status in report.statuses.all()] for report in reports}
    wanted = {status_id for ids in status_ids.values() for status_id in ids}
    visible = sorted(visible_statuses(viewer, Status.objects.filter(id__in=wanted))
                     .values_list("id", flat=True)) if wanted else []
    rendered_statuses = dict(zip(visible, render_statuses(visible, viewer)))
    return [{
        "id": str(report.id),
        "account": rendered_accounts[report.target_account_id],
        "actor": rendered_accounts[viewer.id],
        "content": report.comment or "",
        "created_at": iso(report.created_at),
        "statuses": [rendered_statuses[status_id] for status_id in status_ids[report.id]
                     if status_id in rendered_statuses],
        "state": report_state(report),
    } for report in reports]


def own_reports(viewer):
    return (Report.objects.filter(account_id=viewer.id).select_related("closure")
            .prefetch_related("statuses").order_by("-id"))


class ReportsView(ApiView):
    """GET /api/v1/pleroma/reports?state=&page=&page_size=: {"reports": [...], "total": n}."""

    access = {"GET": Access.user("read:reports")}

    def get(self, request):
        params = self.params
        state = params.str("state", strip=True)
        if state and state not in STATES:
            raise BadRequest(f"state must be one of {', '.join(STATES)}")
        page = params.int("page", 1, min_value=1, max_value=10 ** 6, clamp=True)
        page_size = params.int("page_size", None, min_value=1, max_value=MAX_PAGE_SIZE, clamp=True) or params.int(
            "limit", DEFAULT_PAGE_SIZE, min_value=1, max_value=MAX_PAGE_SIZE, clamp=True)
        rows = own_reports(self.viewer)
        if state == "open":
            rows = rows.filter(action_taken_at__isnull=True)
        elif state == "closed":
            rows = rows.filter(action_taken_at__isnull=False, closure__isnull=False)
        elif state == "resolved":
            rows = rows.filter(action_taken_at__isnull=False, closure__isnull=True)
        total = rows.count()
        reports = list(rows[(page - 1) * page_size:page * page_size])
        return Response({"reports": reports_json(reports, self.viewer), "total": total})


class ReportView(ApiView):
    access = {"GET": Access.user("read:reports")}

    def get(self, request, report_id):
        report = own_reports(self.viewer).filter(pk=int(report_id)).first() if is_id(str(report_id)) else None
        if report is None:
            raise NotFound("Record not found")
        return Response(reports_json([report], self.viewer)[0])
