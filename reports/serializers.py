"""The Report entity (what the reporter sees; also the `report` of an admin.report notification)."""
from accounts.serializers import AccountSerializer
from fedi.formats import iso
from fedi.serializers import EntitySerializer


def report_fields(report):
    """The attributes the Report and Admin::Report entities share."""
    return {
        "id": str(report.id),
        "action_taken": report.action_taken,
        "action_taken_at": iso(report.action_taken_at),
        "category": report.category,
        "comment": report.comment,
        "forwarded": report.forward,
        "created_at": iso(report.created_at),
    }


class ReportSerializer(EntitySerializer):
    def to_representation(self, report):
        status_ids = self.context.get("status_ids")
        if status_ids is None:
            status_ids = [status.id for status in report.statuses.all()]
        return {
            **report_fields(report),
            "status_ids": [str(status_id) for status_id in status_ids],
            "collection_ids": [],
            "rule_ids": [str(rule_id) for rule_id in report.rule_ids] if report.rule_ids is not None else None,
            "target_account": AccountSerializer.render(report.target_account, viewer=self.viewer),
        }
