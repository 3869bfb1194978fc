"""Searching accounts by a query (Mastodon's AccountSearchService without federation:
`resolve` looks nothing up remotely). In relationships: the results depend on whom the
viewer follows, blocks and mutes."""
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from accounts.models import Account
from accounts.search import handle_q, listable_accounts, split_handle, with_profiles
from relationships.models import Follow
from relationships.queries import hidden_accounts_q


def search_accounts(query: str, viewer: Account | None, *, following: bool = False) -> QuerySet[Account]:
    """Accounts matching `query`, best first, as a queryset to slice (offset, limit).

    The exact handle comes first, then accounts whose username (or, without a domain in
    the query, a word of the display name) starts with the query; among them the ones the
    viewer follows, then the most followed. Accounts hidden from the viewer (blocks either
    way, mutes, blocked domains) and suspended or moved accounts are left out.
    """
    username, domain = split_handle(query)
    if not username:
        return Account.objects.none()
    if domain is None and "@" not in query.strip().lstrip("@"):
        matches = (Q(username__istartswith=username) | Q(display_name__istartswith=username)
                   | Q(display_name__icontains=" " + username))
    elif domain is None:  # username@<this server>
        matches = Q(username__istartswith=username, domain__isnull=True)
    else:
        matches = Q(username__istartswith=username, domain__istartswith=domain)
    accounts = listable_accounts().filter(matches)
    followed = Follow.objects.filter(account=viewer, target_account=OuterRef("pk"))  # lazy: unused without a viewer
    if viewer is not None:
        accounts = accounts.exclude(hidden_accounts_q(viewer, "id"))
        if following:
            accounts = accounts.filter(Exists(followed))
    return with_profiles(accounts).annotate(
        exact=Case(When(handle_q(username, domain), then=Value(1)), default=Value(0), output_field=IntegerField()),
        followed=Exists(followed) if viewer is not None else Value(False),
    ).order_by("-exact", "-followed", "-followers_count", "id")
