"""What the relationships app announces to the apps above it (timelines, notifications),
which connect their receivers in their `apps.py` `ready()` (README "Layout": signals up,
calls down). All are sent inside the write's transaction; receivers defer their work to
after commit themselves.
"""
from django.dispatch import Signal

# A Follow row was created. kwargs: account_id, target_id, follow (the row).
followed = Signal()

# Follow rows were deleted. kwargs: pairs, a list of (account_id, target_id).
unfollowed = Signal()

# account blocked or muted target. kwargs: account_id, target_id.
blocked_or_muted = Signal()

# A follow or follow request to notify of (undone=False) or retract (undone=True).
# kwargs: kind ("follow" | "follow_request"), recipient, from_account, undone.
follow_notice = Signal()
