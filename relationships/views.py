"""Acting on another account (follow, block, mute, pin, note...) and reading relationships."""
from rest_framework.response import Response

from accounts.models import Account
from accounts.search import findable_accounts
from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.params import id_in_url
from relationships import services
from relationships.queries import RelationshipMap, familiar_followers, relationship
from relationships.serializers import FamiliarFollowersSerializer, RelationshipSerializer

# Ids read per relationships / familiar_followers request: the queries stay one per kind,
# this only bounds the size of their IN lists.
MAX_REQUESTED_IDS = 1000
# Longer than anyone means (100 years), short of overflowing a date.
MAX_MUTE_SECONDS = 100 * 365 * 24 * 3600


def find_target(account_id):
    """The account in the URL; anything that is not a known id (or an account nobody may
    find: an unconfirmed sign-up) is 404, as in Mastodon."""
    pk = id_in_url(account_id)
    account = findable_accounts().filter(pk=pk).first()
    if account is None:
        raise NotFound()
    return account


class AccountActionView(ApiView):
    """POST /api/v1/accounts/:id/<action>: do `act`, answer the new Relationship."""

    def act(self, target):  # pragma: no cover - abstract
        raise NotImplementedError

    def post(self, request, account_id):
        target = find_target(account_id)
        self.act(target)
        return Response(RelationshipSerializer.render(relationship(self.viewer, target.id)))


def follow_options(params):
    """reblogs, notify, languages[] as sent (absent ones leave what is stored)."""
    return {
        "reblogs": params.bool("reblogs"),
        "notify": params.bool("notify"),
        "languages": params.list("languages") if params.given("languages") or params.given("languages[]")
        else services.UNCHANGED,
    }


class FollowView(AccountActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, target):
        services.follow(self.viewer, target, **follow_options(self.params))


class UnfollowView(AccountActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, target):
        services.unfollow(self.viewer, target)


class RemoveFromFollowersView(AccountActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, target):
        services.remove_from_followers(self.viewer, target)


class BlockView(AccountActionView):
    access = {"POST": Access.user("write:blocks")}

    def act(self, target):
        services.block(self.viewer, target)


class UnblockView(AccountActionView):
    access = {"POST": Access.user("write:blocks")}

    def act(self, target):
        services.unblock(self.viewer, target)


class MuteView(AccountActionView):
    access = {"POST": Access.user("write:mutes")}

    def act(self, target):
        services.mute(self.viewer, target, notifications=self.params.bool("notifications", True),
                      duration=self.params.int("duration", 0, min_value=0, max_value=MAX_MUTE_SECONDS))


class UnmuteView(AccountActionView):
    access = {"POST": Access.user("write:mutes")}

    def act(self, target):
        services.unmute(self.viewer, target)


class PinView(AccountActionView):
    """/pin and its newer name /endorse."""

    access = {"POST": Access.user("write:accounts")}

    def act(self, target):
        services.pin(self.viewer, target)


class UnpinView(AccountActionView):
    """/unpin and its newer name /unendorse."""

    access = {"POST": Access.user("write:accounts")}

    def act(self, target):
        services.unpin(self.viewer, target)


class NoteView(AccountActionView):
    access = {"POST": Access.user("write:accounts")}

    def act(self, target):
        services.set_note(self.viewer, target, self.params.str("comment", ""))


class FollowRequestAuthorizeView(AccountActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, requester):
        services.authorize_follow_request(self.viewer, requester)


class FollowRequestRejectView(AccountActionView):
    access = {"POST": Access.user("write:follows")}

    def act(self, requester):
        services.reject_follow_request(self.viewer, requester)


def requested_ids(params):
    """id[] (or id) as distinct ids in the order sent."""
    return list(dict.fromkeys(params.ids("id")))[:MAX_REQUESTED_IDS]


class RelationshipsView(ApiView):
    """GET /api/v1/accounts/relationships?id[]=...: unknown (and, unless with_suspended,
    suspended) accounts are left out; the rest in the order requested."""

    access = {"GET": Access.user("read:follows")}

    def get(self, request):
        ids = requested_ids(self.params)
        accounts = Account.objects.filter(id__in=ids)
        if not self.params.bool("with_suspended", False):
            accounts = accounts.filter(suspended_at__isnull=True)
        found = set(accounts.values_list("id", flat=True)) if ids else set()
        relationships = RelationshipMap(self.viewer, [account_id for account_id in ids if account_id in found])
        return Response(RelationshipSerializer.render_many(list(relationships)))


class FamiliarFollowersView(ApiView):
    """GET /api/v1/accounts/familiar_followers?id[]=...: for each account, the accounts the
    viewer follows that follow it (none for accounts hiding their collections)."""

    access = {"GET": Access.user("read:follows")}

    def get(self, request):
        items = familiar_followers(self.viewer, requested_ids(self.params))
        return Response(FamiliarFollowersSerializer.render_many(items, viewer=self.viewer))


class FollowByHandleView(ApiView):
    """POST /api/v1/follows (uri=username@domain), Mastodon's old remote-follow method:
    answers the followed Account."""

    access = {"POST": Access.user("write:follows")}

    def post(self, request):
        handle = self.params.str("uri", required=True, strip=True)
        target = services.follow_by_handle(self.viewer, handle, **follow_options(self.params))
        target.refresh_from_db(fields=["followers_count", "following_count"])
        return Response(AccountSerializer.render(target, viewer=self.viewer))
