"""Filters: /api/v2/filters (with /keywords and /statuses) and the v1 /api/v1/filters."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from filters import services
from filters.serializers import (FilterKeywordSerializer, FilterSerializer, FilterStatusSerializer,
                                 V1FilterSerializer)

READ = Access.user("read:filters")
WRITE = Access.user("write:filters")
UNSET = services.UNSET


def expires_in_param(params):
    """UNSET when not sent, None when sent empty (never expires), else seconds."""
    if not params.given("expires_in"):
        return UNSET
    raw = params.raw("expires_in")
    if raw is None or raw == "" or raw == []:
        return None
    return params.int("expires_in", min_value=0, max_value=services.MAX_EXPIRES_IN, clamp=True)


def context_param(params):
    if params.given("context") or params.given("context[]"):
        return params.list("context")
    return UNSET


def str_param(params, name):
    """A text parameter as sent (None when sent empty or null), UNSET when not sent."""
    if not params.given(name):
        return UNSET
    return params.str(name)


def bool_param(params, name):
    value = params.bool(name)
    return UNSET if value is None else value


def keywords_param(params):
    return [item for item in params.list("keywords_attributes") if isinstance(item, dict)]


def given(**fields):
    return {name: value for name, value in fields.items() if value is not UNSET}


# --- v2 ------------------------------------------------------------------------------------

class FiltersView(ApiView):
    access = {"GET": READ, "POST": WRITE}

    def get(self, request):
        filters = services.with_rules(services.account_filters(self.viewer))
        return Response(FilterSerializer.render_many(list(filters)))

    def post(self, request):
        params = self.params
        expires_in = expires_in_param(params)
        created = services.create_filter(
            self.viewer, title=params.str("title"), context=params.list("context"),
            filter_action=params.str("filter_action") or None,
            expires_in=None if expires_in is UNSET else expires_in, keywords=keywords_param(params))
        return Response(FilterSerializer.render(services.find_filter(self.viewer, created.id, rules=True)))


class FilterView(ApiView):
    access = {"GET": READ, "PUT": WRITE, "PATCH": WRITE, "DELETE": WRITE}

    def get(self, request, filter_id):
        return Response(FilterSerializer.render(services.find_filter(self.viewer, filter_id, rules=True)))

    def put(self, request, filter_id):
        params = self.params
        found = services.find_filter(self.viewer, filter_id)
        action = str_param(params, "filter_action")
        services.update_filter(found, **given(
            title=str_param(params, "title"), context=context_param(params),
            filter_action=UNSET if action in (None, UNSET) else action,
            expires_in=expires_in_param(params)), keywords=keywords_param(params))
        return Response(FilterSerializer.render(services.find_filter(self.viewer, found.id, rules=True)))

    patch = put

    def delete(self, request, filter_id):
        services.delete_filter(services.find_filter(self.viewer, filter_id))
        return Response({})


class FilterKeywordsView(ApiView):
    access = {"GET": READ, "POST": WRITE}

    def get(self, request, filter_id):
        found = services.find_filter(self.viewer, filter_id)
        return Response(FilterKeywordSerializer.render_many(list(found.keywords.order_by("id"))))

    def post(self, request, filter_id):
        found = services.find_filter(self.viewer, filter_id)
        keyword = services.add_keyword(found, self.params.str("keyword"), self.params.bool("whole_word"))
        return Response(FilterKeywordSerializer.render(keyword))


class FilterKeywordView(ApiView):
    access = {"GET": READ, "PUT": WRITE, "PATCH": WRITE, "DELETE": WRITE}

    def get(self, request, keyword_id):
        return Response(FilterKeywordSerializer.render(services.find_keyword(self.viewer, keyword_id)))

    def put(self, request, keyword_id):
        keyword = services.find_keyword(self.viewer, keyword_id)
        services.update_keyword(keyword, **given(keyword=str_param(self.params, "keyword"),
                                                 whole_word=bool_param(self.params, "whole_word")))
        return Response(FilterKeywordSerializer.render(keyword))

    patch = put

    def delete(self, request, keyword_id):
        services.delete_keyword(services.find_keyword(self.viewer, keyword_id))
        return Response({})


class FilterStatusView(ApiView):
    access = {"GET": READ, "DELETE": WRITE}

    def get(self, request, filter_status_id):
        return Response(FilterStatusSerializer.render(services.find_filter_status(self.viewer, filter_status_id)))

    def delete(self, request, filter_status_id):
        services.delete_filter_status(services.find_filter_status(self.viewer, filter_status_id))
        return Response({})


# --- v1 ------------------------------------------------------------------------------------

class V1FiltersView(ApiView):
    access = {"GET": READ, "POST": WRITE}

    def get(self, request):
        return Response(V1FilterSerializer.render_many(list(services.v1_filters(self.viewer))))

    def post(self, request):
        params = self.params
        expires_in = expires_in_param(params)
        keyword = services.create_v1_filter(
            self.viewer, phrase=params.str("phrase"), context=params.list("context"),
            irreversible=params.bool("irreversible", False), whole_word=params.bool("whole_word", False),
            expires_in=None if expires_in is UNSET else expires_in)
        return Response(V1FilterSerializer.render(keyword))


class V1FilterView(ApiView):
    access = {"GET": READ, "PUT": WRITE, "PATCH": WRITE, "DELETE": WRITE}

    def get(self, request, keyword_id):
        return Response(V1FilterSerializer.render(services.find_keyword(self.viewer, keyword_id)))

    def put(self, request, keyword_id):
        params = self.params
        keyword = services.find_keyword(self.viewer, keyword_id)
        services.update_v1_filter(keyword, **given(
            phrase=str_param(params, "phrase"), context=context_param(params),
            irreversible=bool_param(params, "irreversible"), whole_word=bool_param(params, "whole_word"),
            expires_in=expires_in_param(params)))
        return Response(V1FilterSerializer.render(keyword))

    patch = put

    def delete(self, request, keyword_id):
        services.delete_v1_filter(services.find_keyword(self.viewer, keyword_id))
        return Response({})
