"""The Instance and V1::Instance entities: the SiteSettings row with everything computed
(counts, the contact account, limits) from instance_api.queries / instance_api.stats /
instance.limits."""
from django.conf import settings

from accounts.serializers import AccountSerializer
from fedi.links import absolute, media, static
from fedi.serializers import EntitySerializer
from instance import content, limits, services
from instance.models import Rule
from instance.serializers import TIMELINES_ACCESS, RuleSerializer
from instance_api import queries, stats

ICON_SIZES = (36, 48, 72, 96, 144, 192, 256, 384, 512)  # Mastodon's Android icon sizes
DEFAULT_THUMBNAIL = "instance/preview.png"
def version_string():
    # Clients parse "4.x.y" at the start; "(compatible; ...)" names the real software.
    return f"{settings.MASTODON_API_VERSION} (compatible; {settings.SOFTWARE_NAME} {settings.SOFTWARE_VERSION})"


def streaming_url():
    return f"{'wss' if settings.LOCAL_HTTPS else 'ws'}://{settings.WEB_DOMAIN}"


def thumbnail_url(site):
    return media(site.thumbnail, DEFAULT_THUMBNAIL)


def statuses_configuration():
    return {
        "max_characters": limits.MAX_STATUS_CHARACTERS,
        "max_media_attachments": limits.MAX_MEDIA_ATTACHMENTS,
        "characters_reserved_per_url": limits.CHARACTERS_RESERVED_PER_URL,
    }


def media_configuration():
    return {
        "supported_mime_types": list(limits.SUPPORTED_MIME_TYPES),
        "description_limit": limits.MEDIA_DESCRIPTION_LIMIT,
        "image_size_limit": limits.IMAGE_SIZE_LIMIT,
        "image_matrix_limit": limits.IMAGE_MATRIX_LIMIT,
        "video_size_limit": limits.VIDEO_SIZE_LIMIT,
        "video_frame_rate_limit": limits.VIDEO_FRAME_RATE_LIMIT,
        "video_matrix_limit": limits.VIDEO_MATRIX_LIMIT,
    }


def polls_configuration():
    return {
        "max_options": limits.POLL_MAX_OPTIONS,
        "max_characters_per_option": limits.POLL_MAX_CHARACTERS_PER_OPTION,
        "min_expiration": limits.POLL_MIN_EXPIRATION,
        "max_expiration": limits.POLL_MAX_EXPIRATION,
    }


def _contact_json(site, context):
    account = queries.contact_account(site)
    return AccountSerializer.render(account, **context) if account is not None else None


class InstanceSerializer(EntitySerializer):
    """GET /api/v2/instance."""

    def to_representation(self, site):
        tos = content.terms_of_service(site)
        return {
            "domain": settings.LOCAL_DOMAIN,
            "title": site.title,
            "version": version_string(),
            "source_url": settings.SOURCE_URL,
            "description": site.short_description,
            "usage": {"users": {"active_month": stats.active_user_count(30)}},
            "thumbnail": self.thumbnail(site),
            "icon": [{"src": static(f"instance/icons/android-chrome-{size}x{size}.png"), "size": f"{size}x{size}"}
                     for size in ICON_SIZES],
            "languages": services.languages(site),
            "configuration": {
                "urls": {
                    "streaming": streaming_url(),
                    "status": site.status_page_url or None,
                    "about": absolute("/about"),
                    "privacy_policy": absolute("/privacy-policy"),
                    "terms_of_service": absolute("/terms-of-service") if tos else None,
                },
                "vapid": {"public_key": site.vapid_public_key or services.vapid_public_key()},
                "accounts": {
                    "max_display_name_length": limits.MAX_DISPLAY_NAME_LENGTH,
                    "max_note_length": limits.MAX_NOTE_LENGTH,
                    "max_avatar_description_length": limits.MAX_AVATAR_DESCRIPTION_LENGTH,
                    "max_header_description_length": limits.MAX_HEADER_DESCRIPTION_LENGTH,
                    "max_featured_tags": limits.MAX_FEATURED_TAGS,
                    "max_pinned_statuses": limits.MAX_PINNED_STATUSES,
                    "max_profile_fields": limits.MAX_PROFILE_FIELDS,
                    "profile_field_name_limit": limits.PROFILE_FIELD_NAME_LIMIT,
                    "profile_field_value_limit": limits.PROFILE_FIELD_VALUE_LIMIT,
                },
                "statuses": statuses_configuration(),
                "media_attachments": media_configuration(),
                "polls": polls_configuration(),
                "translation": {"enabled": False},
                "timelines_access": TIMELINES_ACCESS,
                "limited_federation": False,
            },
            "registrations": {
                "enabled": services.registrations_enabled(site),
                "approval_required": services.approval_required(site),
                "reason_required": services.reason_required(site),
                "message": content.registrations_message(site),
                "min_age": site.min_age or None,
                "url": None,  # sign-up happens here, not at an external provider
            },
            "api_versions": {"mastodon": settings.MASTODON_API_LEVEL},
            "contact": {"email": services.contact_email(site), "account": _contact_json(site, self.context)},
            "rules": RuleSerializer.render_many(Rule.objects.all()),
            "wrapstodon": None,
        }

    @staticmethod
    def thumbnail(site):
        url = thumbnail_url(site)
        return {
            "url": url,
            "description": site.thumbnail_description or None,
            "blurhash": None,
            "versions": {"@1x": url, "@2x": url} if site.thumbnail else None,
        }


class V1InstanceSerializer(EntitySerializer):
    """GET /api/v1/instance (deprecated by Mastodon, still read by many clients)."""

    def to_representation(self, site):
        return {
            "uri": settings.LOCAL_DOMAIN,
            "title": site.title,
            "short_description": site.short_description,
            "description": site.short_description,
            "email": services.contact_email(site),
            "version": version_string(),
            "urls": {"streaming_api": streaming_url()},
            "stats": {
                "user_count": stats.user_count(),
                "status_count": stats.status_count(),
                "domain_count": stats.domain_count(),
            },
            "thumbnail": thumbnail_url(site),
            "languages": services.languages(site),
            "registrations": services.registrations_enabled(site),
            "approval_required": services.approval_required(site),
            "invites_enabled": False,
            "configuration": {
                "accounts": {"max_featured_tags": limits.MAX_FEATURED_TAGS},
                "statuses": statuses_configuration(),
                "media_attachments": media_configuration(),
                "polls": polls_configuration(),
            },
            "contact_account": _contact_json(site, self.context),
            "rules": RuleSerializer.render_many(Rule.objects.all()),
            **pleroma_instance_fields(),
        }


# Pleroma's features this server has (the `pleroma.metadata.features` clients test).
PLEROMA_FEATURES = ["pleroma_api", "mastodon_api", "mastodon_api_streaming", "polls", "pleroma_emoji_reactions",
                    "pleroma:api/v1/notifications:include_types_filter", "editing", "quote_posting"]


def pleroma_instance_fields():
    """The v1 instance's Pleroma additions (Pleroma's InstanceView); this server does not
    federate through Pleroma's own machinery, so `federation.enabled` is false."""
    return {
        "max_toot_chars": limits.MAX_STATUS_CHARACTERS,
        "poll_limits": {"max_options": limits.POLL_MAX_OPTIONS,
                        "max_option_chars": limits.POLL_MAX_CHARACTERS_PER_OPTION,
                        "min_expiration": limits.POLL_MIN_EXPIRATION,
                        "max_expiration": limits.POLL_MAX_EXPIRATION},
        "upload_limit": limits.VIDEO_SIZE_LIMIT,
        "avatar_upload_limit": limits.IMAGE_SIZE_LIMIT,
        "background_upload_limit": limits.IMAGE_SIZE_LIMIT,
        "banner_upload_limit": limits.IMAGE_SIZE_LIMIT,
        "background_image": None,
        "pleroma": {
            "metadata": {
                "account_activation_required": False,
                "features": PLEROMA_FEATURES,
                "fields_limits": {"max_fields": limits.MAX_PROFILE_FIELDS, "max_remote_fields": limits.MAX_PROFILE_FIELDS,
                                  "name_length": limits.PROFILE_FIELD_NAME_LIMIT,
                                  "value_length": limits.PROFILE_FIELD_VALUE_LIMIT},
                "post_formats": ["text/plain"],
                "federation": {"enabled": False, "exclusions": False, "mrf_policies": [], "quarantined_instances": []},
                "birthday_required": False,
                "birthday_min_age": 0,
            },
            "stats": {"mau": 0},
            "vapid_public_key": None,
        },
    }


