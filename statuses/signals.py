"""What the statuses app announces to the apps above it (the layers: README "Layout").

statuses may not import notifications, timelines or streaming (they sit above it), yet a
posted status must reach them. So statuses sends these signals and each higher app
connects its receiver in its own `apps.py` `ready()`. Every receiver does its own part
only (order-independent); all are sent after commit, from statuses.services.
"""
from django.dispatch import Signal

# A committed status is being distributed (statuses.services.distribution, in a worker).
# kwargs: status (author, reblog_of and its account selected).
status_distributed = Signal()

# A committed status was edited. kwargs: status.
status_edited = Signal()

# An account favourited/reblogged (undone=False) or unfavourited/unreblogged (undone=True)
# a status, or reacted to it with an emoji (Pleroma). kwargs: kind ("favourite" | "reblog" |
# "pleroma:emoji_reaction"), account, status, undone, and optionally extra (the
# notification's additional attributes: the reaction's emoji and emoji_url).
status_interaction = Signal()

# A pending quote (of a remote status, awaiting its author's server) was accepted.
# kwargs: quote (status and its account selected).
quote_accepted = Signal()

# Pleroma's in_reply_to_conversation_id on POST /api/v1/statuses: asked while posting, not
# announced. The Conversation entity (an account's conversation) lives above statuses, so a
# receiver answers for kwargs account and conversation_id: {"to": [handles of the other
# participants], "in_reply_to_id": its last status's id or None}, or None when the id is
# none of the account's conversations.
conversation_addressing = Signal()

# A Status row is about to be deleted, from anywhere (the API, an account's deletion, a
# cascade): Django's pre_delete of Status, forwarded by statuses.apps, so the apps above
# hear of every deletion without wiring themselves to this app's model. Sent inside the
# deleting transaction, while its tags, mentions and followers can still be read.
# kwargs: status.
status_deleting = Signal()

# A Status row was saved (created or changed, from anywhere): Django's post_save of Status,
# forwarded by statuses.apps. kwargs: status, created, update_fields, raw (as post_save's).
status_saved = Signal()
