"""Model building blocks shared by every app."""
from django.db import models

from fedi.ids import next_id


class SnowflakeIdField(models.BigIntegerField):
    """Primary key holding a time-sortable Mastodon-style ID (see fedi.ids)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", next_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("primary_key", True), ("default", next_id), ("editable", False)):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs


class SnowflakeModel(models.Model):
    id = SnowflakeIdField()

    class Meta:
        abstract = True
