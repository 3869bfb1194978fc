from django.db import models
from django.utils import timezone


class GeneratedAnnualReport(models.Model):
    """One user's report of one year (Mastodon's generated_annual_reports). `data` is null
    while the task generates it; `viewed_at` is the read marker."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField()
    data = models.JSONField(null=True, blank=True)
    schema_version = models.IntegerField(default=2)
    share_key = models.CharField(max_length=32, blank=True, default="")
    viewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "year"], name="annual_report_once")]

    @property
    def generating(self) -> bool:
        return self.data is None
