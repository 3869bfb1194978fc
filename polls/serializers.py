"""The Poll entity."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer


class PollSerializer(EntitySerializer):
    """Context: viewer, and own_votes {poll_id: [choices]} preloaded for a page."""

    def to_representation(self, poll):
        viewer = self.viewer
        own_votes = self.context.get("own_votes", {}).get(poll.id, []) if viewer is not None else None
        show_totals = not poll.hide_totals or poll.expired or (viewer is not None and viewer.id == poll.account_id)
        tallies = poll.tallies or [0] * len(poll.options)
        return {
            "id": str(poll.id),
            "expires_at": iso(poll.expires_at),
            "expired": poll.expired,
            "multiple": poll.multiple,
            "votes_count": poll.votes_count,
            "voters_count": poll.voters_count if poll.multiple else None,
            "options": [{"title": title, "votes_count": tallies[index] if show_totals else None}
                        for index, title in enumerate(poll.options)],
            "emojis": [],
            "voted": bool(own_votes) if viewer is not None else None,
            "own_votes": own_votes if viewer is not None else None,
        }
