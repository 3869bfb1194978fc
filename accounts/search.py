"""Finding accounts: by id, by handle (username or username@domain), and by a search query
(Mastodon's AccountSearchService without federation: `resolve` looks nothing up remotely)."""
from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from accounts.models import PROFILE_RELATED, Account
from relationships.models import Follow
from relationships.queries import hidden_accounts_q


def with_profiles(queryset=None):
    """Accounts with what AccountSerializer reads, so lists render without more queries."""
    queryset = Account.objects.all() if queryset is None else queryset
    return queryset.select_related(*PROFILE_RELATED)


def confirmed_q():
    """Remote accounts, and local ones whose user is confirmed and approved."""
    return Q(domain__isnull=False) | Q(user__approved=True, user__confirmed_at__isnull=False)


def findable_accounts():
    """Every account anyone may find (by id, handle, mention, webfinger...): remote ones,
    and local ones whose sign-up is usable, confirmed and approved. A sign-up that is not is
    a 404, as Mastodon answers. (Suspended accounts are found, and render unavailable.)"""
    return with_profiles(Account.objects.filter(confirmed_q()))


def listable_accounts():
    """Accounts that may appear in search results and suggestions: not suspended, not
    moved away, and (local ones) confirmed and approved, as Mastodon's `searchable`."""
    return Account.objects.filter(confirmed_q(), suspended_at__isnull=True, moved_to__isnull=True)


def is_local_domain(domain):
    return not domain or domain.lower() in {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def split_handle(text):
    """"@alice@example.com" -> ("alice", "example.com"); local domains give None."""
    username, _, domain = text.strip().lstrip("@").partition("@")
    return username, (None if is_local_domain(domain) else domain)


def handle_q(username, domain):
    """The account with exactly this handle (case-insensitive)."""
    if domain is None:
        return Q(username__iexact=username, domain__isnull=True)
    return Q(username__iexact=username, domain__iexact=domain)


def accounts_by_ids(ids):
    """The confirmed accounts among ids, in the order of ids (unknown ones left out)."""
    found = findable_accounts().filter(id__in=ids).in_bulk()
    return [found[account_id] for account_id in ids if account_id in found]


def find_by_handle(text):
    """The account named by "username" (local) or "username@domain", or None."""
    username, domain = split_handle(text)
    if not username:
        return None
    return findable_accounts().filter(handle_q(username, domain)).first()


def local_account(username):
    """The usable local account with this username (any case), or None."""
    return findable_accounts().filter(handle_q(username, None)).first()


def search_accounts(query, viewer, *, following=False):
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
    followed = Follow.objects.filter(account=viewer, target_account=OuterRef("pk")) if viewer else None
    if viewer is not None:
        accounts = accounts.exclude(hidden_accounts_q(viewer, "id"))
        if following:
            accounts = accounts.filter(Exists(followed))
    return with_profiles(accounts).annotate(
        exact=Case(When(handle_q(username, domain), then=Value(1)), default=Value(0), output_field=IntegerField()),
        followed=Exists(followed) if viewer is not None else Value(False),
    ).order_by("-exact", "-followed", "-followers_count", "id")
