"""GET /api/v2/search and the deprecated GET /api/v1/search."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import Unauthorized
from fedi.pagination import limit_param
from search.services import TYPES, search
from statuses.serializers import render_statuses
from tags.serializers import render_tags

MAX_QUERY_LENGTH = 1000


class SearchView(ApiView):
    access = {"GET": Access.public("read:search")}

    def results(self):
        params = self.params
        query = params.str("q", required=True, max_length=MAX_QUERY_LENGTH)
        offset = params.int("offset", 0, min_value=0, clamp=True)
        search_type = params.choice("type", TYPES)
        resolve = params.bool("resolve", False)
        following = params.bool("following", False)
        exclude_unreviewed = params.bool("exclude_unreviewed", False)
        account_id, max_id, min_id = params.id("account_id"), params.id("max_id"), params.id("min_id")
        limit = limit_param(params, 20, 40)
        if self.viewer is None and (offset or resolve):
            raise Unauthorized("Search queries pagination is not supported without authentication"
                               if offset else "Search queries that resolve remote resources are not supported "
                                              "without authentication")
        return search(query, self.viewer, type=search_type, following=following, account_id=account_id,
                      exclude_unreviewed=exclude_unreviewed, max_id=max_id, min_id=min_id, limit=limit,
                      offset=offset if search_type else 0)

    def get(self, request):
        results = self.results()
        return Response({
            "accounts": AccountSerializer.render_many(results.accounts, viewer=self.viewer),
            "statuses": render_statuses(results.statuses, self.viewer),
            "hashtags": render_tags(results.hashtags, self.viewer),
            "collections": [],  # collections are not searchable yet
        })


class SearchV1View(SearchView):
    """Mastodon 2.x's v1 search, still called by older clients: hashtags as plain names."""

    def get(self, request):
        results = self.results()
        return Response({
            "accounts": AccountSerializer.render_many(results.accounts, viewer=self.viewer),
            "statuses": render_statuses(results.statuses, self.viewer),
            "hashtags": [tag.name for tag in results.hashtags],
        })
