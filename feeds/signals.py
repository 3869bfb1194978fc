"""What the timelines app (feeds, fan-out, conversations) announces to the apps above it.

timelines may not import streaming (above it); streaming connects its receivers to these
in streaming.apps `ready()` (README "Layout": signals up, calls down).
"""
from django.dispatch import Signal

# A status entered these home feeds. kwargs: account_ids (the feeds it entered), status.
entered_home_feeds = Signal()

# A status entered these list feeds. kwargs: list_ids, status.
entered_list_feeds = Signal()

# Which of these accounts have a home feed open on a streaming connection now (the fan-out
# fills theirs first, without a second trip through the queue). kwargs: account_ids;
# each receiver returns the set of those ids it knows to be streaming.
streaming_home_feeds = Signal()

# An account's conversation (AccountConversation row) changed. kwargs: account_id,
# conversation_id (the row's id).
conversation_changed = Signal()
