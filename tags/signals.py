"""What the tags app announces to the apps above it (README "Layout": signals up, calls
down). Both are Django's row signals of TagFollow, forwarded by tags.apps, so a follow made
anywhere (the API, an import, the admin) is heard; sent inside the writing transaction.
"""
from django.dispatch import Signal

# An account followed a hashtag. kwargs: account_id, tag_id.
tag_followed = Signal()

# An account stopped following a hashtag. kwargs: account_id, tag_id.
tag_unfollowed = Signal()
