"""Reports filed by users against accounts (and their statuses), for moderators to handle."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class Report(SnowflakeModel):
    SPAM, LEGAL, VIOLATION, OTHER = "spam", "legal", "violation", "other"
    CATEGORIES = (SPAM, LEGAL, VIOLATION, OTHER)

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+",
                                help_text="Who filed the report.")
    target_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="reports_received")
    statuses = models.ManyToManyField("statuses.Status", blank=True, related_name="+")
    comment = models.TextField(blank=True, default="")
    category = models.CharField(max_length=16, choices=[(c, c) for c in CATEGORIES], default=OTHER)
    rule_ids = models.JSONField(null=True, blank=True, help_text="IDs of instance.Rule cited (violation).")
    forward = models.BooleanField(default=False)
    action_taken_at = models.DateTimeField(null=True, blank=True)
    action_taken_by = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    assigned_account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["target_account", "action_taken_at"], name="report_target_open")]

    def __str__(self):
        return f"Report {self.id} on {self.target_account_id}"

    @property
    def action_taken(self):
        return self.action_taken_at is not None
