"""Polls attached to statuses, and the votes cast in them."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Poll(SnowflakeModel):
    status = models.OneToOneField("statuses.Status", on_delete=models.CASCADE, related_name="poll")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    options = models.JSONField(default=list, help_text="The option titles, in order.")
    tallies = models.JSONField(default=list, help_text="Votes per option, kept by polls.services.")
    multiple = models.BooleanField(default=False)
    hide_totals = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    votes_count = models.IntegerField(default=0)
    voters_count = models.IntegerField(default=0)
    # Set once the expiry task has notified the voters and the author.
    closed_notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()


class PollVote(SnowflakeModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    choice = models.IntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "account", "choice"], name="poll_vote_unique")]
