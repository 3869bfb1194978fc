"""Finding the status (or poll) in a URL for a viewer: what they may not see is simply not found."""
from accounts.models import Account
from fedi.errors import NotFound
from fedi.params import id_in_url
from fedi.prepared import Prepared
from polls.models import Poll
from statuses.models import Status
from statuses.visibility import can_see


# The lookup of every request naming a status: compiled once (fedi.prepared).
_status_by_id = Prepared(lambda pk: Status.objects.select_related("account", "reblog_of", "reblog_of__account")
                         .filter(pk=pk), int)


def find_status(status_id: object, viewer: Account | None, *, allow_reblog: bool = False) -> Status:
    pk = id_in_url(status_id)
    found = _status_by_id(pk)
    status = found[0] if found else None
    if status is None or (status.reblog_of_id is not None and not allow_reblog) or not can_see(viewer, status):
        raise NotFound()
    return status


def find_own_status(status_id: object, viewer: Account) -> Status:
    status = find_status(status_id, viewer)
    if status.account_id != viewer.id:
        raise NotFound()
    return status


def find_poll(poll_id: object, viewer: Account | None) -> Poll:
    """The poll in the URL, if the viewer may see its status; a 404 otherwise."""
    pk = id_in_url(poll_id)
    poll = (Poll.objects.select_related("status", "status__account", "status__reblog_of")
            .filter(pk=pk).first())
    if poll is None or not can_see(viewer, poll.status):
        raise NotFound()
    return poll
