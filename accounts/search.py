"""Finding accounts: by id and by handle (username or username@domain). The search by a
query, which hides what the viewer blocks and mutes, is relationships.search."""
from django.conf import settings
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import PROFILE_RELATED, Account


def with_profiles(queryset: QuerySet[Account] | None = None) -> QuerySet[Account]:
    """Accounts with what AccountSerializer reads, so lists render without more queries."""
    queryset = Account.objects.all() if queryset is None else queryset
    return queryset.select_related(*PROFILE_RELATED)


def confirmed_q() -> Q:
    """Remote accounts, and local ones whose user is confirmed and approved."""
    return Q(domain__isnull=False) | Q(user__approved=True, user__confirmed_at__isnull=False)


def findable_accounts() -> QuerySet[Account]:
    """Every account anyone may find (by id, handle, mention, webfinger...): remote ones,
    and local ones whose sign-up is usable, confirmed and approved. A sign-up that is not is
    a 404, as Mastodon answers. (Suspended accounts are found, and render unavailable.)"""
    return with_profiles(Account.objects.filter(confirmed_q()))


def listable_accounts() -> QuerySet[Account]:
    """Accounts that may appear in search results and suggestions: not suspended, not
    moved away, and (local ones) confirmed and approved, as Mastodon's `searchable`."""
    return Account.objects.filter(confirmed_q(), suspended_at__isnull=True, moved_to__isnull=True)


def is_local_domain(domain: str | None) -> bool:
    return not domain or domain.lower() in {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def split_handle(text: str) -> tuple[str, str | None]:
    """"@alice@example.com" -> ("alice", "example.com"); local domains give None."""
    username, _, domain = text.strip().lstrip("@").partition("@")
    return username, (None if is_local_domain(domain) else domain)


def handle_q(username: str, domain: str | None) -> Q:
    """The account with exactly this handle (case-insensitive)."""
    if domain is None:
        return Q(username__iexact=username, domain__isnull=True)
    return Q(username__iexact=username, domain__iexact=domain)


def accounts_by_ids(ids: Iterable[int]) -> list[Account]:
    """The confirmed accounts among ids, in the order of ids (unknown ones left out)."""
    found = findable_accounts().filter(id__in=ids).in_bulk()
    return [found[account_id] for account_id in ids if account_id in found]


def find_by_handle(text: str) -> Account | None:
    """The account named by "username" (local) or "username@domain", or None."""
    username, domain = split_handle(text)
    if not username:
        return None
    return findable_accounts().filter(handle_q(username, domain)).first()


def local_account(username: str) -> Account | None:
    """The usable local account with this username (any case), or None."""
    return findable_accounts().filter(handle_q(username, None)).first()
