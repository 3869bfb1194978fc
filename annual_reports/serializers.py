"""The AnnualReport entity and WrappedAnnualReports (the reports with the Account and Status
entities they refer to)."""
from accounts.serializers import AccountSerializer
from statuses.serializers import render_statuses


def report_json(report) -> dict:
    return {
        "year": report.year,
        "account_id": str(report.account_id),
        "data": report.data,
        "schema_version": report.schema_version,
        # No shareable page is served here (no web interface).
        "share_url": None,
    }


def render_wrapped(reports, viewer) -> dict:
    status_ids = []
    for report in reports:
        for value in ((report.data or {}).get("top_statuses") or {}).values():
            if value and int(value) not in status_ids:
                status_ids.append(int(value))
    accounts = {report.account_id: report.account for report in reports}
    return {"annual_reports": [report_json(report) for report in reports],
            "accounts": AccountSerializer.render_many(list(accounts.values()), viewer=viewer),
            "statuses": render_statuses(status_ids, viewer)}
