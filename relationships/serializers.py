"""Relationship, MutedAccount and FamiliarFollowers entities."""
from accounts.serializers import AccountSerializer, profile_mention_urls_many
from fedi.formats import iso
from fedi.serializers import EntitySerializer
from relationships.queries import RelationshipMap


class RelationshipSerializer(EntitySerializer):
    """Renders a relationships.queries.Relationship."""

    def to_representation(self, relationship):
        options = relationship.options
        mute = relationship.mute or {}
        return {
            "id": str(relationship.id),
            "following": relationship.following is not None,
            # A pending request shows the options it will have once accepted, as Mastodon.
            "showing_reblogs": bool(options.get("reblogs", False)),
            "notifying": bool(options.get("notify", False)),
            "subscribing": bool(options.get("notify", False)),  # Pleroma's older name of notifying
            "languages": options.get("languages"),
            "followed_by": relationship.followed_by,
            "blocking": relationship.blocking,
            "blocked_by": relationship.blocked_by,
            "muting": relationship.mute is not None,
            "muting_notifications": bool(mute.get("notifications", False)),
            "muting_expires_at": iso(mute.get("expires_at")),
            "requested": relationship.requested is not None,
            "requested_by": relationship.requested_by,
            "domain_blocking": relationship.domain_blocking,
            "endorsed": relationship.endorsed,
            "note": relationship.note,
        }


def wants_relationships(view) -> bool:
    """Pleroma's with_relationships=true, for a signed-in viewer (nobody else has one)."""
    return view.viewer is not None and bool(view.params.bool("with_relationships", False))


class PageRelationships:
    """The viewer's Relationship entities with the accounts of one response (Pleroma's
    with_relationships), for AccountSerializer's `relationships` context: renderers
    declare the accounts they will show (`want`), and the first `get` after that loads
    every one not loaded yet in one batch (RelationshipMap: a fixed number of queries)."""

    def __init__(self, viewer):
        self.viewer = viewer
        self.rendered: dict = {}
        self.wanted: dict = {}

    def want(self, account_ids):
        for account_id in account_ids:
            if account_id is not None and account_id not in self.rendered:
                self.wanted[account_id] = None
        return self

    def get(self, account_id, default=None):
        if self.wanted:
            ids, self.wanted = list(self.wanted), {}
            found = RelationshipMap(self.viewer, ids)
            self.rendered.update((account_id, RelationshipSerializer.render(found[account_id])) for account_id in ids)
        return self.rendered.get(account_id, default)


def page_relationships(view):
    """A PageRelationships when the request asks for relationships (wants_relationships),
    else None."""
    return PageRelationships(view.viewer) if wants_relationships(view) else None


def pleroma_relationships(view, accounts):
    """Pleroma's with_relationships=true: the viewer's Relationship with each account, for
    the account's pleroma.relationship (AccountSerializer's `relationships` context), in a
    fixed number of queries; {} otherwise."""
    relationships = page_relationships(view)
    if relationships is None:
        return {}
    return {"relationships": relationships.want(account_id for account in accounts
                                                for account_id in (account.id, account.moved_to_id))}


class MutedAccountSerializer(AccountSerializer):
    """An Account with the mute's expiry; renders a Mute row (select_related target_account)."""

    def to_representation(self, mute):
        data = super().to_representation(mute.target_account)
        data["mute_expires_at"] = iso(mute.expires_at)
        return data

    @classmethod
    def render_many(cls, mutes, **context):
        mutes = list(mutes)
        if "profile_mentions" not in context:
            context["profile_mentions"] = profile_mention_urls_many([mute.target_account for mute in mutes])
        return super().render_many(mutes, **context)


class FamiliarFollowersSerializer(EntitySerializer):
    """Renders (account_id, [Account, ...])."""

    def to_representation(self, item):
        account_id, accounts = item
        return {
            "id": str(account_id),
            "accounts": AccountSerializer.render_many(accounts, **self.context),
        }
