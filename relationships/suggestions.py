"""Whom to follow (Mastodon's AccountSuggestions), from three sources:

featured            the accounts staff pick (Pleroma's admin suggest; Mastodon's staff picks,
                    its SettingSource), first
friends_of_friends  accounts followed by the accounts the viewer follows (but not by those
                    hiding their collections), the most shared first
most_followed       popular local accounts: the most followers among accounts active lately

Never suggested: the viewer, accounts they follow or asked to follow, accounts hidden from
them (blocks either way, mutes, blocked domains), dismissed ones, and accounts not listed in
search (suspended, moved, unconfirmed), silenced, memorial or opted out of discovery.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import Account, DismissedSuggestion
from accounts.search import listable_accounts, with_profiles
from relationships.models import Follow, FollowRequest
from relationships.queries import hidden_accounts_q

FEATURED, FRIENDS_OF_FRIENDS, MOST_FOLLOWED = "featured", "friends_of_friends", "most_followed"
ACTIVE_DAYS = 30


@dataclass
class Suggestion:
    account: Account
    sources: list = field(default_factory=list)


def candidates(viewer):
    """Accounts that may be suggested to viewer (a queryset)."""
    return (listable_accounts()
            .filter(silenced_at__isnull=True, memorial=False)
            .exclude(discoverable=False)
            .exclude(id=viewer.id)
            .exclude(id__in=Follow.objects.filter(account=viewer).values("target_account_id"))
            .exclude(id__in=FollowRequest.objects.filter(account=viewer).values("target_account_id"))
            .exclude(id__in=DismissedSuggestion.objects.filter(account=viewer).values("target_account_id"))
            .exclude(hidden_accounts_q(viewer, "id")))


def friends_of_friends(viewer, limit):
    """Ids of candidates followed by accounts the viewer follows, the most shared first."""
    # Friends who hide their collections keep whom they follow to themselves.
    friends = (Follow.objects.filter(account=viewer).exclude(target_account__hide_collections=True)
               .values("target_account_id"))
    rows = (Follow.objects.filter(account_id__in=friends, target_account_id__in=candidates(viewer).values("id"))
            .values("target_account_id")
            .annotate(frequency=Count("id"), followers=Max("target_account__followers_count"))
            .order_by("-frequency", "-followers", "target_account_id"))
    return [row["target_account_id"] for row in rows[:limit]]


def most_followed(viewer, limit):
    """Ids of local candidates active lately (posted or signed in), the most followed first."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    active = Q(last_status_at__gte=since) | Q(user__current_sign_in_at__gte=since)
    accounts = candidates(viewer).filter(active, domain__isnull=True).order_by("-followers_count", "id")
    return list(accounts.values_list("id", flat=True)[:limit])


def featured(viewer, limit):
    """Ids of candidates staff suggest (admin_api's SuggestedAccount rows, reached through
    their reverse relation: this lower app does not import admin_api), oldest pick first."""
    return list(candidates(viewer).filter(staff_suggestion__isnull=False)
                .order_by("staff_suggestion__created_at", "id").values_list("id", flat=True)[:limit])


def suggestions(viewer, limit, offset=0):
    """[Suggestion] for viewer: staff picks first, then friends of friends, then popular accounts."""
    wanted = offset + limit
    sources = {}
    for name, ids in ((FEATURED, featured(viewer, wanted)), (FRIENDS_OF_FRIENDS, friends_of_friends(viewer, wanted)),
                      (MOST_FOLLOWED, most_followed(viewer, wanted))):
        for account_id in ids:
            sources.setdefault(account_id, []).append(name)
    ids = list(sources)[offset:wanted]
    accounts = with_profiles(Account.objects.filter(id__in=ids)).in_bulk()
    return [Suggestion(accounts[account_id], sources[account_id]) for account_id in ids if account_id in accounts]


def dismiss(viewer, target):
    """Never suggest target to viewer again."""
    DismissedSuggestion.objects.get_or_create(account=viewer, target_account=target)
