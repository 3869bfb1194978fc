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

# Pleroma's with_relationships=true on GET /api/v1/accounts/:id: asked while rendering, not
# announced. The Relationship entity lives above accounts (in relationships), so a receiver
# answers for kwargs view (the request's ApiView) and accounts (those the response shows)
# with extra AccountSerializer context: {"relationships": ...} when the request asks for
# them, else {}.
account_relationships = Signal()
