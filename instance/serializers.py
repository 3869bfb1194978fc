"""Rule, CustomEmoji, DomainBlock, ExtendedDescription, PrivacyPolicy and TermsOfService
entities (the Instance entity itself, which names the contact account and counts users, is
instance_api.serializers)."""
from fedi.formats import iso, iso_date
from fedi.links import media
from fedi.serializers import EntitySerializer
from instance import services

# Mastodon's defaults: every timeline open to visitors.
TIMELINES_ACCESS = {
    "live_feeds": {"local": "public", "remote": "public"},
    "hashtag_feeds": {"local": "public", "remote": "public"},
    "trending_link_feeds": {"local": "public", "remote": "public"},
}


class RuleSerializer(EntitySerializer):
    def to_representation(self, rule):
        return {"id": str(rule.id), "text": rule.text, "hint": rule.hint, "translations": {}}


class CustomEmojiSerializer(EntitySerializer):
    def to_representation(self, emoji):
        return {
            "shortcode": emoji.shortcode,
            "url": media(emoji.image),
            "static_url": media(emoji.static_image or emoji.image),
            "visible_in_picker": emoji.visible_in_picker,
            "category": emoji.category or None,
        }


class DomainBlockSerializer(EntitySerializer):
    """Context: with_comment (whether the viewer may read the public comments)."""

    def to_representation(self, block):
        return {
            "domain": services.public_domain(block),
            "digest": services.domain_digest(block.domain),
            # A "noop" block listed here only rejects media: the nearest documented severity.
            "severity": "suspend" if block.severity == "suspend" else "silence",
            "comment": (block.public_comment or None) if self.context.get("with_comment") else None,
        }


class DocumentSerializer(EntitySerializer):
    """ExtendedDescription and PrivacyPolicy: {updated_at, content}."""

    def to_representation(self, document):
        return {"updated_at": iso(document.updated_at), "content": document.content}


class TermsOfServiceSerializer(EntitySerializer):
    def to_representation(self, terms):
        return {
            "effective_date": iso_date(terms.effective_date),
            "effective": terms.effective,
            "content": terms.content,
            "succeeded_by": iso_date(terms.succeeded_by),
        }
