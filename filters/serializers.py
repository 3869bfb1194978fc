"""Filter, FilterKeyword, FilterStatus and V1::Filter entities (FilterResult dicts are made
by filters.matching.filter_results)."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer


class FilterKeywordSerializer(EntitySerializer):
    def to_representation(self, keyword):
        return {"id": str(keyword.id), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


class FilterStatusSerializer(EntitySerializer):
    def to_representation(self, filter_status):
        return {"id": str(filter_status.id), "status_id": str(filter_status.status_id)}


class FilterSerializer(EntitySerializer):
    """A Filter with its keywords and statuses (load them with filters.services.with_rules)."""

    def to_representation(self, filter_row):
        return {
            "id": str(filter_row.id),
            "title": filter_row.title,
            "context": list(filter_row.context or []),
            "expires_at": iso(filter_row.expires_at),
            "filter_action": filter_row.filter_action,
            "keywords": FilterKeywordSerializer.render_many(sorted(filter_row.keywords.all(), key=lambda k: k.id)),
            "statuses": FilterStatusSerializer.render_many(sorted(filter_row.statuses.all(), key=lambda s: s.id)),
        }


class V1FilterSerializer(EntitySerializer):
    """A FilterKeyword as the v1 API's filter (with its filter loaded)."""

    def to_representation(self, keyword):
        filter_row = keyword.filter
        return {
            "id": str(keyword.id),
            "phrase": keyword.keyword,
            "context": list(filter_row.context or []),
            "whole_word": keyword.whole_word,
            "expires_at": iso(filter_row.expires_at),
            "irreversible": filter_row.irreversible,
        }
