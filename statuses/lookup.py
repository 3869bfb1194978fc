"""Finding the status in a URL for a viewer: what they may not see is simply not found."""
from fedi.errors import NotFound
from fedi.params import MAX_ID, is_id
from statuses.models import Status
from statuses.visibility import can_see


def find_status(status_id, viewer, *, allow_reblog=False):
    text = str(status_id)
    if not is_id(text):
        raise NotFound()
    status = (Status.objects.select_related("account", "reblog_of", "reblog_of__account")
              .filter(pk=int(text)).first())
    if status is None or (status.reblog_of_id is not None and not allow_reblog) or not can_see(viewer, status):
        raise NotFound()
    return status


def find_own_status(status_id, viewer):
    status = find_status(status_id, viewer)
    if status.account_id != viewer.id:
        raise NotFound()
    return status
