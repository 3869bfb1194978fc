"""The Poll entity (Mastodon's REST::PollSerializer)."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer


class PollSerializer(EntitySerializer):
    """Context: viewer, and own_votes {poll_id: [choices]} preloaded for a page
    (polls.services.own_votes)."""

    def to_representation(self, poll):
        viewer = self.viewer
        # As Mastodon's Poll#show_totals_now?: with hide_totals, nobody (the author
        # included) sees per-option counts before the poll ends.
        show_totals = poll.expired or not poll.hide_totals
        tallies = list(poll.tallies or [])
        tallies += [0] * max(0, len(poll.options) - len(tallies))
        data = {
            "id": str(poll.id),
            "expires_at": iso(poll.expires_at),
            "expired": poll.expired,
            "multiple": poll.multiple,
            "votes_count": poll.votes_count,
            # Unique voters are counted for multiple-choice polls only (null otherwise).
            "voters_count": (poll.voters_count or 0) if poll.multiple else None,
            "options": [{"title": title, "votes_count": tallies[index] if show_totals else None}
                        for index, title in enumerate(poll.options)],
            "emojis": [],
            "voted": None,
            "own_votes": None,
        }
        if viewer is not None:
            choices = list(self.context.get("own_votes", {}).get(poll.id, []))
            # As Mastodon's Poll#voted?: the author counts as having voted (clients then show results).
            data["voted"] = bool(choices) or viewer.id == poll.account_id
            data["own_votes"] = choices
        return data
