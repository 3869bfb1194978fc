"""Collections (Mastodon 4.6/4.7): /api/v1/collections, its items, and an account's
collections and the collections it is featured in. Responses wrap their entity as Mastodon
does: {"collection": ...}, {"collections": [...]}, {"collection_item": ...}."""

from rest_framework.response import Response

from account_collections import services
from account_collections.notices import notify_added, notify_updated
from account_collections.queries import collections_featuring, collections_of
from account_collections.serializers import (CollectionItemSerializer, render_collection, render_collections,
                                             render_with_accounts)
from accounts.views import find_account
from fedi.api import Access, ApiView
from fedi.errors import ValidationFailed
from fedi.pagination import limit_param, offset_links
from fedi.params import MAX_ID


class _NestedValidationErrors:
    """Mastodon nests a collection's validation errors under `error` (its
    ValidationErrorFormatter), also those of the parameters themselves (a NUL character)."""

    def handle_exception(self, exc):
        if type(exc) is ValidationFailed:
            nested = services.CollectionValidationFailed(exc._explicit_message)
            nested.details = exc.details
            exc = nested
        return super().handle_exception(exc)


class CollectionsView(_NestedValidationErrors, ApiView):
    access = {"POST": Access.user("write:collections")}

    def post(self, request):
        collection, accounts = services.create(self.viewer, self.params)
        notify_added(collection, accounts)
        return Response({"collection": render_collection(collection, self.viewer)})


class CollectionView(_NestedValidationErrors, ApiView):
    access = {"GET": Access.public("read:collections"), "PATCH": Access.user("write:collections"),
              "DELETE": Access.user("write:collections")}

    def get(self, request, collection_id):
        return Response(render_with_accounts(services.find(collection_id, self.viewer), self.viewer))

    def patch(self, request, collection_id):
        collection = services.find_own(collection_id, self.viewer)
        featured = services.update(collection, self.params)
        notify_updated(collection, featured)
        return Response({"collection": render_collection(collection, self.viewer)})

    def delete(self, request, collection_id):
        services.delete(services.find_own(collection_id, self.viewer))
        return Response({})


class CollectionItemsView(ApiView):
    access = {"POST": Access.user("write:collections")}

    def post(self, request, collection_id):
        collection = services.find_own(collection_id, self.viewer)
        item = services.add_item(collection, self.params.str("account_id"))
        notify_added(collection, [item.account])
        return Response({"collection_item": CollectionItemSerializer(item).data})


class CollectionItemView(ApiView):
    access = {"DELETE": Access.user("write:collections")}

    def delete(self, request, collection_id, item_id):
        services.remove_item(services.find_own(collection_id, self.viewer), item_id)
        return Response({})


class RevokeItemView(ApiView):
    access = {"POST": Access.user("write:collections")}

    def post(self, request, collection_id, item_id):
        services.revoke_item(self.viewer, collection_id, item_id)
        return Response({})


class _AccountCollectionsView(ApiView):
    """Offset pages (default 40, at most 80), with Mastodon's offset Link header."""

    def page(self, queryset):
        limit = limit_param(self.params, 40, 80)
        offset = self.params.int("offset", 0, min_value=0, max_value=MAX_ID - limit, clamp=True)
        rows = list(queryset[offset:offset + limit + 1])
        response = Response({"collections": render_collections(rows[:limit], self.viewer)})
        header = offset_links(self.request, offset, limit, more=len(rows) > limit)
        if header:
            response["Link"] = header
        return response


class AccountCollectionsView(_AccountCollectionsView):
    access = {"GET": Access.public("read:collections")}

    def get(self, request, account_id):
        return self.page(collections_of(find_account(account_id), self.viewer))


class AccountInCollectionsView(_AccountCollectionsView):
    access = {"GET": Access.user("read:collections")}

    def get(self, request, account_id):
        return self.page(collections_featuring(find_account(account_id), self.viewer))
