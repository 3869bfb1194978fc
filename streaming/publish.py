"""Publishing events to the streaming API (the streaming helper fills this in).

Contract used by the other apps' services (always after the transaction commits):

    publish_status(status)                 # update event to every stream the status belongs on
    publish_status_update(status)          # status.update event (an edit)
    publish_delete(status_id, account_ids=None)
    publish_notification(notification)
    publish_to_user(account_id, event, payload_builder)
"""


def publish_status(status):
    return None


def publish_status_update(status):
    return None


def publish_delete(status_id):
    return None
