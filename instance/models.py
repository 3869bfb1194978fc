"""What admins set about this server: settings, rules, custom emoji, blocked domains."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from fedi.models import SnowflakeModel
from instance.limits import CUSTOM_EMOJI_SHORTCODE_PATTERN

AUDIENCES = [("disabled", "Nobody"), ("users", "Signed-in users"), ("all", "Everyone")]
HTML_HELP = "HTML, or plain text (blank lines separate paragraphs)."


class SiteSettings(models.Model):
    """The one row of instance settings (editable in the Django admin)."""

    REGISTRATION_MODES = [("open", "Anyone can sign up"), ("approved", "Sign-ups need approval"),
                          ("none", "Nobody can sign up")]

    title = models.CharField(max_length=255, default="Fedi")
    short_description = models.TextField(blank=True, default="A Mastodon-compatible server.")
    extended_description = models.TextField(blank=True, default="", help_text="Shown on /about. " + HTML_HELP)
    extended_description_updated_at = models.DateTimeField(null=True, blank=True)
    contact_email = models.EmailField(max_length=255, blank=True, default="",
                                      help_text="Shown publicly; when empty, SMTP_FROM_ADDRESS is shown")
    contact_username = models.CharField(max_length=255, blank=True, default="",
                                        help_text="Username of the local account shown as contact")
    registrations_mode = models.CharField(max_length=16, choices=REGISTRATION_MODES, default="open")
    registrations_message = models.TextField(blank=True, default="",
                                             help_text="Shown when registrations are closed. " + HTML_HELP)
    require_invite_text = models.BooleanField(default=False, help_text="A reason is required to sign up")
    min_age = models.PositiveIntegerField(null=True, blank=True)
    privacy_policy = models.TextField(blank=True, default="",
                                      help_text="When empty, a default policy is shown. " + HTML_HELP)
    privacy_policy_updated_at = models.DateTimeField(null=True, blank=True)
    terms_of_service = models.TextField(blank=True, default="", help_text="When empty, there are none. " + HTML_HELP)
    terms_of_service_effective_date = models.DateField(null=True, blank=True,
                                                       help_text="Required with terms of service")
    status_page_url = models.URLField(max_length=2048, blank=True, default="",
                                      help_text="The server's status page, if any")
    languages = models.JSONField(default=list, blank=True, help_text='ISO 639-1 codes, e.g. ["en"]')
    thumbnail = models.ImageField(upload_to="site_uploads/", null=True, blank=True)
    thumbnail_description = models.CharField(max_length=1500, blank=True, default="")
    show_domain_blocks = models.CharField(max_length=16, default="users", choices=AUDIENCES,
                                          help_text="Who may see the list of moderated servers")
    show_domain_blocks_rationale = models.CharField(max_length=16, default="disabled", choices=AUDIENCES,
                                                    help_text="Who may see the public comments of those blocks")
    peers_api_enabled = models.BooleanField(default=True)
    activity_api_enabled = models.BooleanField(default=True)
    # Web Push: generated once (instance.services.vapid_keys), never edited by hand.
    vapid_public_key = models.TextField(blank=True, default="")
    vapid_private_key = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    def clean(self):
        if self.terms_of_service.strip() and self.terms_of_service_effective_date is None:
            raise ValidationError({"terms_of_service_effective_date": "Terms of service need an effective date."})

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(
            pk=1, defaults={"registrations_mode": getattr(settings, "REGISTRATIONS_MODE", "open")})
        return obj


class Rule(models.Model):
    text = models.TextField()
    hint = models.TextField(blank=True, default="")
    position = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]


class CustomEmoji(models.Model):
    shortcode = models.CharField(
        max_length=128, validators=[RegexValidator(CUSTOM_EMOJI_SHORTCODE_PATTERN,
                                                   "Letters, digits and underscores, at least two")])
    domain = models.CharField(max_length=255, null=True, blank=True, help_text="Empty for this server's own emoji")
    image = models.ImageField(upload_to="custom_emojis/")
    static_image = models.ImageField(upload_to="custom_emojis/", null=True, blank=True)
    visible_in_picker = models.BooleanField(default=True)
    disabled = models.BooleanField(default=False)
    category = models.CharField(max_length=255, null=True, blank=True, help_text="Groups emoji in the picker")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["shortcode"]
        constraints = [models.UniqueConstraint(fields=["shortcode", "domain"], name="custom_emoji_unique")]
        verbose_name_plural = "custom emojis"

    def __str__(self):
        return f":{self.shortcode}:"


class DomainBlock(SnowflakeModel):
    """A server-wide block (moderation) of another domain."""

    SEVERITIES = [("silence", "Limit"), ("suspend", "Suspend"), ("noop", "None")]

    domain = models.CharField(max_length=255, unique=True)
    severity = models.CharField(max_length=16, choices=SEVERITIES, default="silence")
    reject_media = models.BooleanField(default=False)
    reject_reports = models.BooleanField(default=False)
    private_comment = models.TextField(blank=True, default="")
    public_comment = models.TextField(blank=True, default="")
    obfuscate = models.BooleanField(default=False, help_text="Partly mask the domain in the public list")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class DomainAllow(SnowflakeModel):
    """A domain allowed to federate in limited-federation mode (Mastodon's DomainAllow)."""

    domain = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class WeeklyLogin(models.Model):
    """A user used the server during the week starting `week` (a Monday, UTC): the logins of
    /api/v1/instance/activity, as Mastodon's ActivityTracker records them (one per user and
    week; users keep only their latest sign-in time)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="weekly_login_once")]
        indexes = [models.Index(fields=["week"], name="weekly_login_week")]
