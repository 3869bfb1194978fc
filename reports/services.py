"""Filing a report (Mastodon's ReportService)."""
from django.db import transaction

from fedi.errors import NotFound, ValidationFailed
from instance.models import Rule
from notifications.services import notify_staff
from reports.models import Report
from reports.serializers import ReportSerializer
from statuses.models import Status
from statuses.visibility import visible_statuses

MAX_COMMENT_LENGTH = 1000


def file_report(reporter, target, *, status_ids=(), comment="", category=None, rule_ids=(), forward=False):
    """File a report by `reporter` (an Account) on `target` (an Account). status_ids must all
    be statuses of the target the reporter may see (else NotFound, as Mastodon's find);
    rule_ids make the category `violation` and must all be instance rules. Staff with
    manage_reports are notified once committed. Returns the Report."""
    comment = comment or ""
    rule_ids = [int(rule_id) for rule_id in dict.fromkeys(rule_ids or ())]
    category = Report.VIOLATION if rule_ids else (category or Report.OTHER)
    errors = ValidationFailed()
    if category not in Report.CATEGORIES:
        errors.add("category", "ERR_INCLUSION")
    if len(comment) > MAX_COMMENT_LENGTH:
        errors.add("comment", "ERR_TOO_LONG", f"is too long (maximum is {MAX_COMMENT_LENGTH} characters)")
    if category == Report.VIOLATION and (
            not rule_ids or Rule.objects.filter(id__in=rule_ids).count() != len(rule_ids)):
        errors.add("rule_ids", "ERR_INVALID", "does not reference valid rules")
    status_ids = list(dict.fromkeys(int(status_id) for status_id in status_ids or ()))
    statuses = []
    if status_ids:
        statuses = list(visible_statuses(reporter, Status.objects.filter(id__in=status_ids, account_id=target.id))
                        .values_list("id", flat=True))
        if len(statuses) != len(status_ids):
            raise NotFound()
    errors.raise_if_any()
    with transaction.atomic():
        report = Report.objects.create(account=reporter, target_account=target, comment=comment,
                                       category=category, rule_ids=rule_ids or None, forward=bool(forward))
        if statuses:
            report.statuses.set(statuses)
        transaction.on_commit(lambda: notify_staff_of_report(report.id))
    return report


def notify_staff_of_report(report_id):
    """The admin.report notification to each user who may manage reports."""
    report = Report.objects.select_related("account", "target_account", "target_account__user",
                                           "target_account__user__role").filter(pk=report_id).first()
    if report is None:
        return []
    payload = ReportSerializer.render(report)
    return notify_staff("admin.report", report.account, "manage_reports", report=payload, object_id=report.id)
