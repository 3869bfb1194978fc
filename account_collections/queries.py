"""Which collections and items a viewer is shown (Mastodon's CollectionPolicy and the
tailoring of GET /api/v1/collections/:id): the owner sees pending items too, others only
accepted ones; items of suspended accounts, and of accounts the viewer blocks or is blocked
by, are left out."""
from django.db.models import Q, QuerySet

from account_collections.models import Collection, CollectionItem
from accounts.models import Account
from relationships.models import Block


def _unblocked(viewer: Account | None, field: str) -> Q:
    if viewer is None:
        return Q()
    blocking = Block.objects.filter(account_id=viewer.id).values("target_account_id")
    blocked_by = Block.objects.filter(target_account_id=viewer.id).values("account_id")
    return ~Q(**{f"{field}__in": blocking}) & ~Q(**{f"{field}__in": blocked_by})


def visible_items(collection_ids: list[int], viewer: Account | None) -> dict[int, list[CollectionItem]]:
    """{collection id: its items shown to the viewer, in order}: one query."""
    states = Q(state=CollectionItem.State.ACCEPTED)
    if viewer is not None:
        states |= Q(state=CollectionItem.State.PENDING, collection__account_id=viewer.id)
    rows = (CollectionItem.objects.filter(states, collection_id__in=collection_ids,
                                          account__suspended_at__isnull=True)
            .filter(_unblocked(viewer, "account_id"))
            .select_related("account", "account__user")
            .order_by("collection_id", "position", "id"))
    found: dict[int, list[CollectionItem]] = {pk: [] for pk in collection_ids}
    for item in rows:
        found[item.collection_id].append(item)
    return found


def _shown(viewer: Account | None) -> QuerySet:
    """Collections whose owners are not suspended and do not block the viewer."""
    queryset = Collection.objects.filter(account__suspended_at__isnull=True).select_related("account", "tag")
    if viewer is not None:
        queryset = queryset.exclude(account_id__in=Block.objects.filter(target_account_id=viewer.id)
                                    .values("account_id"))
    return queryset


def collections_of(account: Account, viewer: Account | None) -> QuerySet:
    """An account's collections: the discoverable ones, all of them for the owner."""
    queryset = _shown(viewer).filter(account=account)
    if viewer is None or viewer.id != account.id:
        queryset = queryset.filter(discoverable=True)
    return queryset.order_by("-id")


def collections_featuring(account: Account, viewer: Account | None) -> QuerySet:
    """The collections an account is featured in (accepted): discoverable ones, and the
    viewer's own, and every one for the featured account itself."""
    featuring = CollectionItem.objects.filter(account=account, state=CollectionItem.State.ACCEPTED)
    queryset = _shown(viewer).filter(id__in=featuring.values("collection_id"))
    if viewer is None or viewer.id != account.id:
        queryset = queryset.filter(Q(discoverable=True) | Q(account_id=viewer.id if viewer else None))
    return queryset.order_by("-id")
