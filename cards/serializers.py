"""The PreviewCard entity (Mastodon's REST::PreviewCardSerializer)."""
from cards.extract import sanitize_embed
from fedi.formats import iso
from fedi.links import media
from fedi.serializers import EntitySerializer


class PreviewCardSerializer(EntitySerializer):
    def to_representation(self, card):
        # As PreviewCard#authors: one author when the page names one, none otherwise.
        authors = ([{"name": card.author_name, "url": card.author_url, "account": None}]
                   if card.author_name or card.author_url else [])
        return {
            "url": card.url,
            "title": card.title,
            "description": card.description,
            "language": card.language,
            "type": card.type,
            "author_name": card.author_name,
            "author_url": card.author_url,
            "authors": authors,
            "provider_name": card.provider_name,
            "provider_url": card.provider_url,
            "html": sanitize_embed(card.html),
            "width": card.width,
            "height": card.height,
            "image": media(card.image) if card.image else None,
            "image_description": card.image_description,
            "embed_url": card.embed_url,
            "blurhash": card.blurhash,
            "published_at": iso(card.published_at),
            "missing_attribution": False,
        }
