"""Admin pages for everything the instance endpoints show."""
from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from instance.models import CustomEmoji, DomainBlock, Rule, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list page opens it directly, it can be neither added twice nor deleted."""

    fieldsets = [
        ("About this server", {"fields": ["title", "short_description", "extended_description", "languages",
                                          "thumbnail", "thumbnail_description", "status_page_url"]}),
        ("Contact", {"fields": ["contact_email", "contact_username"]}),
        ("Registrations", {"fields": ["registrations_mode", "registrations_message", "require_invite_text",
                                      "min_age"]}),
        ("Policies", {"fields": ["privacy_policy", "privacy_policy_updated_at", "terms_of_service",
                                 "terms_of_service_effective_date"]}),
        ("Discovery", {"fields": ["show_domain_blocks", "show_domain_blocks_rationale", "peers_api_enabled",
                                  "activity_api_enabled"]}),
        (None, {"fields": ["extended_description_updated_at", "updated_at"]}),
    ]
    readonly_fields = ["extended_description_updated_at", "privacy_policy_updated_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # The row is created on first use, so its page exists even before anything read it.
        if str(object_id) == "1":
            return SiteSettings.load()
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        site = SiteSettings.load()
        return redirect(reverse("admin:instance_sitesettings_change", args=[site.pk]))

    def save_model(self, request, obj, form, change):
        # Clients show when these documents last changed.
        now = timezone.now()
        if "extended_description" in form.changed_data:
            obj.extended_description_updated_at = now
        if "privacy_policy" in form.changed_data:
            obj.privacy_policy_updated_at = now
        super().save_model(request, obj, form, change)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["text", "hint", "position"]
    list_display_links = ["text"]
    list_editable = ["position"]
    ordering = ["position", "id"]
    fields = ["text", "hint", "position"]


@admin.register(CustomEmoji)
class CustomEmojiAdmin(admin.ModelAdmin):
    list_display = ["preview", "shortcode", "domain", "category", "visible_in_picker", "disabled"]
    list_display_links = ["preview", "shortcode"]
    list_editable = ["visible_in_picker", "disabled"]
    list_filter = ["disabled", "visible_in_picker", "category"]
    search_fields = ["shortcode", "domain", "category"]
    fields = ["shortcode", "image", "static_image", "category", "visible_in_picker", "disabled", "domain"]

    @admin.display(description="Image")
    def preview(self, emoji):
        if not emoji.image:
            return ""
        return format_html('<img src="{}" alt=":{}:" style="height:24px">', emoji.image.url, emoji.shortcode)


@admin.register(DomainBlock)
class DomainBlockAdmin(admin.ModelAdmin):
    list_display = ["domain", "severity", "reject_media", "reject_reports", "obfuscate", "created_at"]
    list_filter = ["severity", "reject_media", "obfuscate"]
    search_fields = ["domain", "public_comment", "private_comment"]
    fields = ["domain", "severity", "reject_media", "reject_reports", "public_comment", "private_comment",
              "obfuscate"]

    def save_model(self, request, obj, form, change):
        obj.domain = obj.domain.strip().lower()
        super().save_model(request, obj, form, change)
