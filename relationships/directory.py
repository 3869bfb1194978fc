"""Who the profile directory lists (Mastodon's Account.discoverable + DirectoriesController)."""
from django.db.models import F

from accounts.search import listable_accounts, with_profiles
from relationships.queries import hidden_accounts_q


def directory_accounts(viewer, *, order: str = "active", local: bool = False):
    """Accounts that opted in to discovery (discoverable), neither suspended, silenced nor
    moved away, local ones confirmed and approved; without those hidden from the viewer
    (blocks either way, mutes, blocked domains). "active": most recent status first
    (accounts that never posted last); "new": newest account first."""
    queryset = listable_accounts().filter(discoverable=True, silenced_at__isnull=True)
    if local:
        queryset = queryset.filter(domain__isnull=True)
    if viewer is not None:
        queryset = queryset.exclude(hidden_accounts_q(viewer, "id"))
    if order == "new":
        queryset = queryset.order_by("-id")
    else:
        queryset = queryset.order_by(F("last_status_at").desc(nulls_last=True), "-id")
    return with_profiles(queryset)
