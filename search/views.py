"""GET /api/v2/search."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import Unauthorized
from fedi.pagination import limit_param
from search.services import TYPES, search
from statuses.serializers import render_statuses
from tags.serializers import render_tags


class SearchView(ApiView):
    access = {"GET": Access.public("read:search")}

    def get(self, request):
        params = self.params
        query = params.str("q", required=True)
        offset = params.int("offset", 0, min_value=0, clamp=True)
        search_type = params.choice("type", TYPES)
        if self.viewer is None and (offset or params.bool("resolve", False)):
            raise Unauthorized("Search queries pagination is not supported without authentication"
                               if offset else "Search queries that resolve remote resources are not supported "
                                              "without authentication")
        results = search(query, self.viewer, type=search_type, following=params.bool("following", False),
                         account_id=params.id("account_id"), exclude_unreviewed=params.bool("exclude_unreviewed", False),
                         max_id=params.id("max_id"), min_id=params.id("min_id"),
                         limit=limit_param(params, 20, 40), offset=offset if search_type else 0)
        return Response({
            "accounts": AccountSerializer.render_many(results.accounts, viewer=self.viewer),
            "statuses": render_statuses(results.statuses, self.viewer),
            "hashtags": render_tags(results.hashtags, self.viewer),
            "collections": [],  # Mastodon 4.6 collections do not exist here
        })
