"""What the notifications app announces to the apps above it (streaming), which connect
their receivers in their `apps.py` `ready()` (README "Layout": signals up, calls down).
Both are sent after commit.
"""
from django.dispatch import Signal

# A notification was created (not filtered into a request). kwargs: notification.
notification_created = Signal()

# Filtered notifications joined an account's notifications (requests accepted): its
# clients reload them. kwargs: account_id.
notifications_merged = Signal()
