"""Base class of the entity serializers (one per Mastodon entity, in the app owning it).

Entity serializers build the JSON dict explicitly, every documented key present, so a
reader sees the entity's whole shape in one place. Context carries the viewer and any
data preloaded for a whole page (relationships, counts) so lists stay N+1 free.
"""
from rest_framework import serializers


class EntitySerializer(serializers.BaseSerializer):
    def to_representation(self, instance):  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def viewer(self):
        return self.context.get("viewer")

    @classmethod
    def render(cls, instance, **context):
        return cls(instance, context=context).data

    @classmethod
    def render_many(cls, instances, **context):
        return cls(instances, many=True, context=context).data
