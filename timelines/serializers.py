"""List and Marker entities."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer


class ListSerializer(EntitySerializer):
    def to_representation(self, lst):
        return {
            "id": str(lst.id),
            "title": lst.title,
            "replies_policy": lst.replies_policy,
            "exclusive": lst.exclusive,
        }


class MarkerSerializer(EntitySerializer):
    def to_representation(self, marker):
        return {
            "last_read_id": str(marker.last_read_id),
            "version": marker.version,
            "updated_at": iso(marker.updated_at),
        }

    @classmethod
    def render_map(cls, markers):
        """{timeline: Marker} as Mastodon's hash of markers."""
        return {name: cls.render(marker) for name, marker in markers.items()}
