"""What the polls app announces to the apps above it (notifications), which connect their
receivers in their `apps.py` `ready()` (README "Layout": signals up, calls down).
"""
from django.dispatch import Signal

# A poll ended and this call claimed its notification (once per poll); sent after the
# claim committed. kwargs: poll (account and status selected).
poll_closed = Signal()
