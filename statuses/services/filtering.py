"""Filtering one status (POST /api/v2/filters/:id/statuses): the filters app keeps the row,
this app decides whether the status may be filtered — it must be one its owner may see
(visibility is the statuses app's, above filters)."""
from filters import services as filters
from filters.models import Filter, FilterStatus
from fedi.errors import ValidationFailed
from relationships.queries import is_blocked_between
from statuses.models import Status
from statuses.visibility import can_see


def filter_status(filter_row: Filter, status_id: int | None, viewer) -> FilterStatus:
    """Add a status to a filter: 422 when it does not exist or the viewer may not see it
    (alike, so its existence is not given away), or when it is in the filter already."""
    status = None
    if status_id is not None:
        status = Status.objects.select_related("account", "reblog_of__account").filter(pk=status_id).first()
    if status is None or not can_see(viewer, status) or is_blocked_between(viewer, status.account_id):
        raise ValidationFailed("Validation failed: Status is invalid",
                               ValidationFailed().add("status_id", "ERR_INVALID").details)
    return filters.add_status(filter_row, status)
