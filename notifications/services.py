"""Creating and removing notifications (the notifications helper fills this in).

Contract used by the other apps' services:

    notify(recipient, type, from_account, status=None)   # after commit; filtered by blocks/mutes/policy
    retract(recipient, type, from_account, status=None)  # undo: unfavourite, unreblog, unfollow...
"""


def notify(recipient, type, from_account, status=None, **extra):
    return None


def retract(recipient, type, from_account, status=None):
    return None
