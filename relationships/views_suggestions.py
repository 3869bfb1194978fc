"""Follow suggestions: GET /api/v1/suggestions, GET /api/v2/suggestions, DELETE
/api/v1/suggestions/:account_id (in relationships: they leave out whom the viewer follows,
blocks and mutes)."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from accounts.views import find_account
from fedi.api import Access, ApiView
from fedi.pagination import limit_param
from relationships import suggestions


class SuggestionsView(ApiView):
    """GET /api/v1/suggestions: the suggested Accounts (deprecated; see SuggestionsV2View)."""

    access = {"GET": Access.user("read:accounts")}

    def suggestions(self):
        limit = limit_param(self.params, 40, 80)
        offset = self.params.int("offset", 0, min_value=0, clamp=True)
        return suggestions.suggestions(self.viewer, limit, offset)

    def get(self, request):
        accounts = [suggestion.account for suggestion in self.suggestions()]
        return Response(AccountSerializer.render_many(accounts, viewer=self.viewer))


# Suggestion.source, deprecated for `sources` but still sent, as Mastodon does.
LEGACY_SOURCE = {suggestions.FEATURED: "staff", suggestions.FRIENDS_OF_FRIENDS: "past_interactions",
                 suggestions.MOST_FOLLOWED: "global"}


class SuggestionsV2View(SuggestionsView):
    """GET /api/v2/suggestions: Suggestion entities, {source, sources, account}."""

    def get(self, request):
        items = self.suggestions()
        accounts = AccountSerializer.render_many([item.account for item in items], viewer=self.viewer)
        return Response([{"source": LEGACY_SOURCE[item.sources[0]], "sources": item.sources, "account": account}
                         for item, account in zip(items, accounts)])


class DismissSuggestionView(ApiView):
    """DELETE /api/v1/suggestions/:account_id: never suggest this account again."""

    access = {"DELETE": Access.user("write:accounts")}

    def delete(self, request, account_id):
        suggestions.dismiss(self.viewer, find_account(account_id))
        return Response({})
