"""Hashtags: one tag, following and featuring it, the followed tags, the featured tags."""
from rest_framework.response import Response

from accounts.views import find_account
from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.pagination import paginate
from fedi.params import MAX_ID, is_id
from tags import services
from tags.models import FeaturedTag, TagFollow
from tags.serializers import FeaturedTagSerializer, render_featured_tags, render_tag, render_tags


class TagView(ApiView):
    """GET /api/v1/tags/:name (a valid name nobody used yet is shown too, as Mastodon)."""

    access = {"GET": Access.public()}

    def get(self, request, name):
        return Response(render_tag(services.tag_in_url(name), self.viewer))


class TagActionView(ApiView):
    """POST /api/v1/tags/:name/<action>: do it, answer the Tag."""

    def post(self, request, name):
        tag = self.act(services.tag_in_url(name))
        return Response(render_tag(tag, self.viewer))

    def act(self, tag):  # pragma: no cover - abstract
        raise NotImplementedError


class FollowTagView(TagActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, tag):
        return services.follow_tag(self.viewer, tag)


class UnfollowTagView(TagActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, tag):
        return services.unfollow_tag(self.viewer, tag)


class FeatureTagView(TagActionView):
    access = {"POST": Access.user("write:accounts")}

    def act(self, tag):
        return services.feature_tag(self.viewer, tag, existing_ok=True).tag


class UnfeatureTagView(TagActionView):
    access = {"POST": Access.user("write:accounts")}

    def act(self, tag):
        return services.unfeature_tag(self.viewer, tag)


class FollowedTagsView(ApiView):
    """GET /api/v1/followed_tags: pages by the follow (Link header), 100 by default, 200 at most."""

    access = {"GET": Access.user("read:follows")}

    def get(self, request):
        rows = TagFollow.objects.filter(account=self.viewer).select_related("tag")
        page = paginate(self, rows, default_limit=100, max_limit=200)
        return page.response(render_tags([row.tag for row in page.items], self.viewer))


class FeaturedTagsView(ApiView):
    access = {"GET": Access.user("read:accounts"), "POST": Access.user("write:accounts")}

    def get(self, request):
        return Response(render_featured_tags(self.viewer))

    def post(self, request):
        featured = services.feature_tag(self.viewer, self.params.str("name", ""))
        featured = FeaturedTag.objects.select_related("tag", "account").get(pk=featured.pk)
        return Response(FeaturedTagSerializer.render(featured))


class FeaturedTagView(ApiView):
    access = {"DELETE": Access.user("write:accounts")}

    def delete(self, request, featured_tag_id):
        if not is_id(featured_tag_id):
            raise NotFound()
        services.remove_featured_tag(self.viewer, int(featured_tag_id))
        return Response({})


class FeaturedTagSuggestionsView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        return Response(render_tags(services.featured_tag_suggestions(self.viewer), self.viewer))


class AccountFeaturedTagsView(ApiView):
    """GET /api/v1/accounts/:id/featured_tags: anyone's, none for a suspended account."""

    access = {"GET": Access.public()}

    def get(self, request, account_id):
        account = find_account(account_id)
        if account.is_suspended:
            return Response([])
        return Response(render_featured_tags(account))
