"""The trend scores the periodic job (trends.tasks.refresh_trends) keeps, as Mastodon's
tag_trends / status_trends tables and the tags' max_score columns."""
from django.db import models


class TagTrend(models.Model):
    """One tag's score. max_score / max_score_at: the highest raw score of the last
    cooldown window, which then decays (Mastodon's Trends::Tags)."""

    tag = models.OneToOneField("tags.Tag", on_delete=models.CASCADE, related_name="trend")
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)
    max_score_at = models.DateTimeField(null=True, blank=True)
    rank = models.IntegerField(default=0)
    # whether it may be shown: the tag's trendable flag, or TRENDABLE_BY_DEFAULT when unreviewed
    allowed = models.BooleanField(default=False)
    # the language most of today's accounts used it in (readers of that language see it first)
    language = models.CharField(max_length=16, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["allowed", "-score"], name="tag_trend_rank")]


class StatusTrend(models.Model):
    """One status's score. `reviewed` / `trendable`: the moderators' decision (Django admin);
    unreviewed statuses trend only with TRENDABLE_BY_DEFAULT."""

    status = models.OneToOneField("statuses.Status", on_delete=models.CASCADE, related_name="trend")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=16, null=True, blank=True)
    score = models.FloatField(default=0)
    rank = models.IntegerField(default=0)
    reviewed = models.BooleanField(default=False)
    trendable = models.BooleanField(default=False)
    allowed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["allowed", "-score"], name="status_trend_rank")]


class LinkTrend(models.Model):
    """One preview card's score (Mastodon's Trends::Links and preview_card_trends): as tags,
    distinct accounts sharing the link today against yesterday, the best score of the
    cooldown decaying. `reviewed` / `trendable`: the moderators' decision (Django admin,
    services.review_link); unreviewed links trend only with TRENDABLE_BY_DEFAULT."""

    card = models.OneToOneField("cards.PreviewCard", on_delete=models.CASCADE, related_name="trend")
    language = models.CharField(max_length=16, null=True, blank=True)
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)
    max_score_at = models.DateTimeField(null=True, blank=True)
    rank = models.IntegerField(default=0)
    reviewed = models.BooleanField(default=False)
    trendable = models.BooleanField(default=False)
    allowed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["allowed", "-score"], name="link_trend_rank")]
