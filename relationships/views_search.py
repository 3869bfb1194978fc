"""Searching accounts: GET /api/v1/accounts/search (in relationships: the results hide what
the viewer blocks and mutes)."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.pagination import offset_page
from relationships.search import search_accounts
from relationships.serializers import pleroma_relationships


class SearchView(ApiView):
    """GET /api/v1/accounts/search?q=...: `resolve` finds nothing more (no federation yet)."""

    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        query = self.params.str("q", required=True, strip=True)
        accounts = search_accounts(query, self.viewer, following=self.params.bool("following", False))
        page = offset_page(self, accounts, default_limit=40, max_limit=80)
        return Response(AccountSerializer.render_many(page, viewer=self.viewer, **pleroma_relationships(self, page)))
