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

    # The entity as a plain dict, without DRF's `.data` (a copy of it into a ReturnDict) and,
    # for many, without a ListSerializer and a child per call: a page renders hundreds.
    @classmethod
    def render(cls, instance, **context):
        return cls(instance, context=context).to_representation(instance)

    @classmethod
    def render_many(cls, instances, **context):
        instances = list(instances)
        if not instances:
            return []
        serializer = cls(context=context)
        return [serializer.to_representation(instance) for instance in instances]
