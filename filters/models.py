"""Filters (Mastodon's CustomFilter): a titled group of keywords and statuses, applied in
some contexts with an action (warn, hide, blur), until an optional expiry.

The v1 API sees each FilterKeyword as a filter of its own (phrase = keyword, with the
group's context, expiry and irreversible = hide).
"""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Filter(SnowflakeModel):
    CONTEXTS = ("home", "notifications", "public", "thread", "account")
    TITLE_LENGTH_LIMIT = 256

    class Action(models.TextChoices):
        WARN = "warn"
        HIDE = "hide"
        BLUR = "blur"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="filters")
    title = models.TextField()
    context = models.JSONField(default=list, help_text="Some of home, notifications, public, thread, account.")
    filter_action = models.CharField(max_length=8, choices=Action.choices, default=Action.WARN)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["account", "id"], name="filter_account_id")]

    def __str__(self):
        return f"{self.account_id}: {self.title}"

    @property
    def expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def irreversible(self):
        return self.filter_action == self.Action.HIDE


class FilterKeyword(SnowflakeModel):
    KEYWORD_LENGTH_LIMIT = 512

    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.TextField()
    whole_word = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.keyword


class FilterStatus(SnowflakeModel):
    filter = models.ForeignKey(Filter, on_delete=models.CASCADE, related_name="statuses")
    status = models.ForeignKey("statuses.Status", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["filter", "status"], name="filter_status_unique")]

    def __str__(self):
        return f"{self.filter_id}: {self.status_id}"
