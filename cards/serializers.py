"""The PreviewCard entity."""
from fedi.formats import iso
from fedi.links import media
from fedi.serializers import EntitySerializer


class PreviewCardSerializer(EntitySerializer):
    def to_representation(self, card):
        return {
            "url": card.url,
            "title": card.title,
            "description": card.description,
            "type": card.type,
            "author_name": card.author_name,
            "author_url": card.author_url,
            "authors": [],
            "provider_name": card.provider_name,
            "provider_url": card.provider_url,
            "html": card.html,
            "width": card.width,
            "height": card.height,
            "image": media(card.image) if card.image else None,
            "image_description": card.image_description,
            "embed_url": card.embed_url,
            "blurhash": card.blurhash,
            "language": card.language,
            "published_at": iso(card.published_at),
            "missing_attribution": False,
        }
