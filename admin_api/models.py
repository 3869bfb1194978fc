"""Moderation state the accounts app does not hold: forced sensitivity and the strikes
(Mastodon's AccountWarning) each moderation action leaves."""
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel


class AccountSensitization(models.Model):
    """An account whose media moderators force-mark as sensitive (Mastodon's sensitized_at)."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="sensitization")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.account_id} sensitized"


class AccountWarning(SnowflakeModel):
    """A moderation action taken against an account (none, sensitive, disable, silence, suspend)."""

    ACTIONS = ("none", "sensitive", "disable", "silence", "suspend")

    account = models.ForeignKey("accounts.Account", null=True, on_delete=models.SET_NULL, related_name="+",
                                help_text="The moderator who acted.")
    target_account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=16, choices=[(a, a) for a in ACTIONS])
    text = models.TextField(blank=True, default="")
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.action} on {self.target_account_id}"


class AuditLogEntry(SnowflakeModel):
    """One moderation or administration action (Mastodon's Admin::ActionLog): who did what
    to which object, and when. Kept when the actor or the target is deleted: the target is
    named by type and id, and `summary` says in words what it was at the time."""

    account = models.ForeignKey("accounts.Account", null=True, on_delete=models.SET_NULL, related_name="+",
                                help_text="The staff member who acted (empty once deleted).")
    action = models.CharField(max_length=64, help_text="What was done: suspend, approve, create, destroy...")
    target_type = models.CharField(max_length=64, help_text="Account, Report, DomainBlock, IpBlock...")
    target_id = models.CharField(max_length=64, blank=True, default="")
    summary = models.TextField(blank=True, default="", help_text="The target as it was (username, domain, IP...).")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["target_type", "target_id"], name="auditlog_target")]

    def __str__(self):
        return f"{self.action} {self.target_type} {self.target_id}"


class ReportNote(SnowflakeModel):
    """A moderator's note on a report (Mastodon's ReportNote; Pleroma's report notes)."""

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="notes")
    account = models.ForeignKey("accounts.Account", null=True, on_delete=models.SET_NULL, related_name="+")
    content = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"note on report {self.report_id}"


class ClosedReport(models.Model):
    """A report resolved without action (Pleroma's `closed` state; `resolved` otherwise)."""

    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, primary_key=True,
                                  related_name="closure")
    created_at = models.DateTimeField(default=timezone.now)


class AccountTag(models.Model):
    """A moderation tag on an account (Pleroma's user tags, e.g. mrf_tag:disable-remote-subscription)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="moderation_tags")
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="account_tag_unique")]

    def __str__(self):
        return self.name


class SuggestedAccount(models.Model):
    """An account staff suggest to follow (Pleroma's is_suggested; Mastodon's staff picks)."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="staff_suggestion")
    created_at = models.DateTimeField(default=timezone.now)


class AccountWarningPreset(models.Model):
    """A ready-made warning text moderators pick (Mastodon's AccountWarningPreset)."""

    title = models.CharField(max_length=255, blank=True, default="")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title or self.text[:60]


class Appeal(SnowflakeModel):
    """A warned user's appeal against a moderation action (Mastodon's Appeal): pending until a
    staff member with manage_appeals approves it (the action is undone) or rejects it."""

    MAX_STRIKE_AGE_DAYS = 20  # Mastodon's Appeal::MAX_STRIKE_AGE
    MAX_TEXT = 2000

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    account_warning = models.OneToOneField(AccountWarning, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def state(self):
        return "approved" if self.approved_at else "rejected" if self.rejected_at else "pending"

    def __str__(self):
        return f"appeal of warning {self.account_warning_id} ({self.state})"
