"""Lists built from relationship rows: followers, following, blocks, mutes, endorsements,
follow requests, domain blocks. Each pages by its row's id (only seen in the Link header)."""
from rest_framework.response import Response

from accounts.models import PROFILE_RELATED
from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.pagination import paginate
from relationships import services
from relationships.models import AccountDomainBlock, AccountPin, Block, Follow, FollowRequest, Mute
from relationships.queries import block_or_mute_q, is_blocking
from relationships.serializers import MutedAccountSerializer, pleroma_relationships
from relationships.views import find_target



def with_profiles(rows, field):
    """Rows with the `field` account and what AccountSerializer reads of it, suspended
    accounts left out."""
    return rows.select_related(field, *(f"{field}__{related}" for related in PROFILE_RELATED)).filter(
        **{f"{field}__suspended_at__isnull": True})


class AccountRowsView(ApiView):
    """A paginated list of the accounts found on relationship rows."""

    account_field = "target_account"

    def rows(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def get(self, request):
        page = paginate(self, with_profiles(self.rows(), self.account_field), default_limit=40, max_limit=80)
        accounts = [getattr(row, self.account_field) for row in page.items]
        return page.response(AccountSerializer.render_many(accounts, viewer=self.viewer,
                                                           **pleroma_relationships(self, accounts)))


class CollectionView(AccountRowsView):
    """Another account's followers or following: hidden from others when its owner hides
    its collections, from everyone when it is suspended, and from accounts it blocks. The
    viewer's blocks and mutes are left out, as in Mastodon."""

    access = {"GET": Access.public("read:accounts")}
    pleroma_hide_flag = ""

    def get(self, request, account_id):
        self.owner = find_target(account_id)
        if self.hidden():
            return Response([])
        return super().get(request)

    def hidden(self):
        viewer, owner = self.viewer, self.owner
        if owner.is_suspended:
            return True
        if viewer is not None and viewer.id == owner.id:
            return False
        return (bool(owner.hide_collections) or bool(getattr(owner, self.pleroma_hide_flag, False))
                or (viewer is not None and is_blocking(owner, viewer)))

    def visible_to_viewer(self, rows):
        if self.viewer is None or self.viewer.id == self.owner.id:
            return rows
        return rows.exclude(block_or_mute_q(self.viewer, f"{self.account_field}_id"))


class FollowersView(CollectionView):
    account_field = "account"
    pleroma_hide_flag = "hide_followers"  # Pleroma's: the list is empty for all but the owner

    def rows(self):
        return self.visible_to_viewer(Follow.objects.filter(target_account=self.owner))


class FollowingView(CollectionView):
    account_field = "target_account"
    pleroma_hide_flag = "hide_follows"

    def rows(self):
        return self.visible_to_viewer(Follow.objects.filter(account=self.owner))


class AccountEndorsementsView(CollectionView):
    """GET /api/v1/accounts/:id/endorsements: the accounts it features (not a collection
    hide_collections hides: featuring is public by intent)."""

    account_field = "target_account"

    def hidden(self):
        viewer, owner = self.viewer, self.owner
        return owner.is_suspended or (viewer is not None and viewer.id != owner.id and is_blocking(owner, viewer))

    def rows(self):
        return self.visible_to_viewer(AccountPin.objects.filter(account=self.owner))


class BlocksView(AccountRowsView):
    access = {"GET": Access.user("read:blocks")}

    def rows(self):
        return Block.objects.filter(account=self.viewer)


class EndorsementsView(AccountRowsView):
    access = {"GET": Access.user("read:accounts")}

    def rows(self):
        return AccountPin.objects.filter(account=self.viewer)


class FollowRequestsView(AccountRowsView):
    access = {"GET": Access.user("read:follows")}
    account_field = "account"

    def rows(self):
        return FollowRequest.objects.filter(target_account=self.viewer)


class MutesView(ApiView):
    access = {"GET": Access.user("read:mutes")}

    def get(self, request):
        rows = with_profiles(Mute.objects.active().filter(account=self.viewer), "target_account")
        page = paginate(self, rows, default_limit=40, max_limit=80)
        return page.response(MutedAccountSerializer.render_many(page.items, viewer=self.viewer))


class DomainBlocksView(ApiView):
    access = {"GET": Access.user("read:blocks"), "POST": Access.user("write:blocks"),
              "DELETE": Access.user("write:blocks")}

    def get(self, request):
        page = paginate(self, AccountDomainBlock.objects.filter(account=self.viewer), default_limit=100, max_limit=200)
        return page.response([row.domain for row in page.items])

    def post(self, request):
        services.block_domain(self.viewer, self.params.str("domain", ""))
        return Response({})

    def delete(self, request):
        services.unblock_domain(self.viewer, self.params.str("domain", ""))
        return Response({})
