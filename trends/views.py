"""GET /api/v1/trends/tags, /statuses, /links (public, offset + limit as Mastodon)."""

from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.pagination import limit_param, offset_links
from fedi.params import MAX_ID
from cards.serializers import PreviewCardSerializer
from statuses.serializers import render_statuses
from tags.serializers import render_tags
from trends import queries


class TrendsView(ApiView):
    access = {"GET": Access.public()}
    default_limit, max_limit = 10, 20

    def window(self):
        limit = limit_param(self.params, self.default_limit, self.max_limit)
        offset = self.params.int("offset", 0, min_value=0, max_value=MAX_ID - limit, clamp=True)
        return offset, limit

    def respond(self, data, offset, limit):
        """The page, with Mastodon's offset Link header: next when the page is full, prev
        when it does not start at 0."""
        response = Response(data)
        header = offset_links(self.request, offset, limit, more=len(data) >= limit)
        if header:
            response["Link"] = header
        return response

    def languages(self):
        """The reader's language: their locale when signed in, else Accept-Language's first."""
        user = getattr(self.request, "user", None)
        locale = getattr(user, "locale", "") if self.viewer is not None else ""
        if not locale:
            header = self.request.headers.get("Accept-Language", "")
            locale = header.split(",")[0].split(";")[0].strip()
        base = locale.replace("_", "-").split("-")[0].lower()
        return (base,) if base.isalpha() and len(base) <= 8 else ()


class TrendingTagsView(TrendsView):
    def get(self, request):
        offset, limit = self.window()
        tags = list(queries.trending_tags(self.languages())[offset:offset + limit])
        return self.respond(render_tags(tags, self.viewer), offset, limit)


class TrendingStatusesView(TrendsView):
    default_limit, max_limit = 20, 40

    def get(self, request):
        offset, limit = self.window()
        ids = queries.trending_status_ids(self.viewer, offset, limit, self.languages())
        return self.respond(render_statuses(ids, self.viewer, filter_context="public"), offset, limit)


class TrendingLinksView(TrendsView):
    """Trends::Link entities: the PreviewCard and its history of shares."""

    def get(self, request):
        offset, limit = self.window()
        cards = list(queries.trending_links(self.languages())[offset:offset + limit])
        histories = queries.link_histories([card.id for card in cards])
        data = [{**PreviewCardSerializer(card).data, "history": histories[card.id]} for card in cards]
        return self.respond(data, offset, limit)
