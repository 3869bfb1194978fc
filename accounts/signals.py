"""What the accounts app announces to the apps above it (notifications, streaming), which
connect their receivers in their `apps.py` `ready()` (README "Layout": signals up, calls
down).
"""
from django.dispatch import Signal

# A local user signed up through the API; sent after commit. kwargs: account.
signed_up = Signal()

# An account's user may no longer use it (disabled, or the account suspended): its open
# streams must close. Sent at once, inside the caller's transaction. kwargs: account_id.
access_lost = Signal()
