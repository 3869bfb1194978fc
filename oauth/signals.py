"""What the oauth app announces to the apps above it (README "Layout": signals up, calls
down)."""
from django.dispatch import Signal

# An access token was revoked (its row deleted, from anywhere: the revoke endpoint, a
# password change, the admin): Django's post_delete of the token model, forwarded by
# oauth.apps. kwargs: token_id.
token_revoked = Signal()
