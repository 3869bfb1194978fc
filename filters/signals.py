"""What the filters app announces to the apps above it (streaming), which connect their
receivers in their `apps.py` `ready()` (README "Layout": signals up, calls down).
"""
from django.dispatch import Signal

# An account's filters changed; sent after commit. kwargs: account_id.
filters_changed = Signal()
