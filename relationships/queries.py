"""Reading relationships: the Relationship entity for many accounts at once, and the small
questions other apps ask (is one account blocked by another, whom should a viewer not see).

Every function here runs a fixed number of queries, whatever the number of accounts.
"""
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Account
from fedi.ids import pk_of
from fedi.prepared import Prepared
from relationships.models import (AccountDomainBlock, AccountNote, AccountPin, Block, Follow, FollowRequest,
                                  Mute)


@dataclass
class Relationship:
    """The viewer's relationship with one account (the Relationship entity's data)."""

    id: int
    following: dict | None = None  # the Follow's options when the viewer follows
    requested: dict | None = None  # the FollowRequest's options when one is pending
    followed_by: bool = False
    requested_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    mute: dict | None = None  # {"notifications": bool, "expires_at": datetime | None}
    domain_blocking: bool = False
    endorsed: bool = False
    note: str = ""

    @property
    def options(self):
        return self.following or self.requested or {}


@dataclass
class RelationshipMap:
    """Relationships of `viewer` with every account in `account_ids`, one query per kind.

        relationships = RelationshipMap(viewer, [1, 2, 3])
        relationships[2].blocking
    """

    viewer: Account
    account_ids: list
    _by_id: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        ids = list(dict.fromkeys(int(value) for value in self.account_ids))
        self.account_ids = ids
        self._by_id = {account_id: Relationship(account_id) for account_id in ids}
        if ids:
            self._load(ids)

    def __getitem__(self, account_id):
        return self._by_id[int(account_id)]

    def __iter__(self):
        return iter(self._by_id[account_id] for account_id in self.account_ids)

    def _load(self, ids):
        viewer, rows = self.viewer.id, self._by_id
        outgoing = {"account_id": viewer, "target_account_id__in": ids}
        incoming = {"target_account_id": viewer, "account_id__in": ids}
        option_fields = ("target_account_id", "show_reblogs", "notify", "languages")
        for target, reblogs, notify, languages in Follow.objects.filter(**outgoing).values_list(*option_fields):
            rows[target].following = {"reblogs": reblogs, "notify": notify, "languages": languages}
        for target, reblogs, notify, languages in FollowRequest.objects.filter(**outgoing).values_list(*option_fields):
            rows[target].requested = {"reblogs": reblogs, "notify": notify, "languages": languages}
        for source in Follow.objects.filter(**incoming).values_list("account_id", flat=True):
            rows[source].followed_by = True
        for source in FollowRequest.objects.filter(**incoming).values_list("account_id", flat=True):
            rows[source].requested_by = True
        for target in Block.objects.filter(**outgoing).values_list("target_account_id", flat=True):
            rows[target].blocking = True
        for source in Block.objects.filter(**incoming).values_list("account_id", flat=True):
            rows[source].blocked_by = True
        mutes = Mute.objects.active().filter(**outgoing)
        for target, notifications, expires_at in mutes.values_list("target_account_id", "hide_notifications",
                                                                   "expires_at"):
            rows[target].mute = {"notifications": notifications, "expires_at": expires_at}
        for target in AccountPin.objects.filter(**outgoing).values_list("target_account_id", flat=True):
            rows[target].endorsed = True
        for target, comment in AccountNote.objects.filter(**outgoing).values_list("target_account_id", "comment"):
            rows[target].note = comment
        domain_blocked = Account.objects.annotate(domain_lower=Lower("domain")).filter(
            id__in=ids, domain_lower__in=blocked_domains_query(self.viewer))
        for account_id in domain_blocked.values_list("id", flat=True):
            rows[account_id].domain_blocking = True


def relationship(viewer, account_id):
    """The Relationship of viewer with one account."""
    return RelationshipMap(viewer, [account_id])[account_id]


def familiar_followers(viewer, account_ids):
    """[(account_id, [Account, ...])] for each known, unsuspended id in order: the accounts
    the viewer follows that follow it. Accounts hiding their collections (and the viewer)
    get none, and ones the viewer follows that hide theirs are never shown (as Mastodon)."""
    hides_collections = dict(Account.objects.filter(id__in=account_ids, suspended_at__isnull=True)
                             .values_list("id", "hide_collections")) if account_ids else {}
    shown = [account_id for account_id, hidden in hides_collections.items() if not hidden and account_id != viewer.id]
    followed_by_viewer = (Follow.objects.filter(account=viewer).exclude(target_account__hide_collections=True)
                          .values("target_account_id"))
    follows = (Follow.objects.filter(target_account_id__in=shown, account_id__in=followed_by_viewer,
                                     account__suspended_at__isnull=True)
               .select_related("account", "account__user", "account__user__role", "account__moved_to")
               .order_by("-id")) if shown else []
    followers: dict[int, list] = {account_id: [] for account_id in hides_collections}
    for row in follows:
        followers[row.target_account_id].append(row.account)
    return [(account_id, followers[account_id]) for account_id in account_ids if account_id in followers]


def blocked_domains_query(account):
    """The domains an account blocks, as a subquery."""
    return AccountDomainBlock.objects.filter(account=pk_of(account)).values("domain")


def blocked_domains(account):
    return set(AccountDomainBlock.objects.filter(account=pk_of(account)).values_list("domain", flat=True))


def is_domain_blocked(account, domain):
    """Whether `account` blocks `domain` (None, a local account's domain, never is)."""
    if not domain:
        return False
    return AccountDomainBlock.objects.filter(account=pk_of(account), domain=domain.lower()).exists()


def is_following(account, target):
    return Follow.objects.filter(account=pk_of(account), target_account=pk_of(target)).exists()


def is_blocked_between(a, b):
    """Whether either account blocks the other (blocks cut both ways)."""
    a, b = pk_of(a), pk_of(b)
    return Block.objects.filter(Q(account=a, target_account=b) | Q(account=b, target_account=a)).exists()


def is_blocking(account, target):
    return Block.objects.filter(account=pk_of(account), target_account=pk_of(target)).exists()


def is_muting(account, target, now: datetime | None = None):
    return Mute.objects.active(now).filter(account=pk_of(account), target_account=pk_of(target)).exists()


def hidden_accounts_q(viewer, field="account_id", now=None, *, mutes=True):
    """A Q matching rows whose `field` is an account hidden from `viewer`: accounts the
    viewer blocks or mutes (unexpired; not with mutes=False, Pleroma's with_muted), accounts
    blocking the viewer, and accounts on domains the viewer blocks. Runs as subqueries:
    `Status.objects.exclude(hidden_accounts_q(me))`."""
    viewer = pk_of(viewer)
    blocking = Block.objects.filter(account=viewer).values("target_account_id")
    blocked_by = Block.objects.filter(target_account=viewer).values("account_id")
    on_blocked_domains = (Account.objects.annotate(domain_lower=Lower("domain"))
                          .filter(domain_lower__in=blocked_domains_query(viewer)).values("id"))
    hidden = (Q(**{f"{field}__in": blocking}) | Q(**{f"{field}__in": blocked_by})
              | Q(**{f"{field}__in": on_blocked_domains}))
    if mutes:
        hidden |= Q(**{f"{field}__in": Mute.objects.active(now).filter(account=viewer).values("target_account_id")})
    return hidden


# Read for (nearly) every page a signed-in user reads: compiled once (fedi.prepared).
_hidden_account_ids = Prepared(lambda viewer_id, now: Account.objects.filter(hidden_accounts_q(viewer_id, "id", now))
                               .values_list("id"), int, datetime)
_hidden_account_ids_but_muted = Prepared(lambda viewer_id, now: Account.objects.filter(
    hidden_accounts_q(viewer_id, "id", now, mutes=False)).values_list("id"), int, datetime)


def hidden_among(viewer_ids, account_ids, now=None):
    """{viewer id: the ids among account_ids hidden from that viewer} (hidden_accounts_q,
    for many viewers and a few accounts at once: the streaming of one event to every
    connection of a process). Four queries, whatever the number of viewers."""
    hidden = blocks_or_mutes_among(viewer_ids, account_ids, now)
    viewers, accounts = sorted(hidden), sorted({int(a) for a in account_ids})
    if not viewers or not accounts:
        return hidden
    domains: dict[str, set[int]] = {}
    for account_id, domain in Account.objects.filter(id__any=accounts, domain__isnull=False).values_list("id",
                                                                                                         "domain"):
        domains.setdefault((domain or "").lower(), set()).add(account_id)
    if domains:
        for viewer, domain in AccountDomainBlock.objects.filter(account_id__any=viewers,
                                                                domain__in=list(domains)).values_list("account_id",
                                                                                                      "domain"):
            hidden[viewer] |= domains.get(domain, set())
    return hidden


def blocks_or_mutes_among(viewer_ids, account_ids, now=None):
    """{viewer id: the ids among account_ids the viewer blocks, mutes or is blocked by}
    (block_or_mute_q for many viewers and accounts at once)."""
    viewers, accounts = sorted({int(v) for v in viewer_ids}), sorted({int(a) for a in account_ids})
    found: dict[int, set[int]] = {viewer: set() for viewer in viewers}
    if not viewers or not accounts:
        return found
    for source, target in Block.objects.filter(
            Q(account_id__any=viewers, target_account_id__any=accounts)
            | Q(account_id__any=accounts, target_account_id__any=viewers)).values_list("account_id",
                                                                                        "target_account_id"):
        if source in found and target in accounts:
            found[source].add(target)
        if target in found and source in accounts:
            found[target].add(source)
    for viewer, target in Mute.objects.active(now).filter(account_id__any=viewers, target_account_id__any=accounts) \
            .values_list("account_id", "target_account_id"):
        found[viewer].add(target)
    return found


def hidden_account_ids(viewer, *, mutes=True):
    """The ids of every account hidden from `viewer` (see hidden_accounts_q), as a set
    (mutes=False: but the muted ones, Pleroma's with_muted)."""
    query = _hidden_account_ids if mutes else _hidden_account_ids_but_muted
    return {row[0] for row in query(pk_of(viewer), timezone.now())}


def block_or_mute_q(viewer, field="account_id"):
    """Accounts the viewer blocks, mutes or is blocked by (Mastodon's excluded accounts,
    which lists of accounts leave out)."""
    viewer = pk_of(viewer)
    return (Q(**{f"{field}__in": Block.objects.filter(account=viewer).values("target_account_id")})
            | Q(**{f"{field}__in": Block.objects.filter(target_account=viewer).values("account_id")})
            | Q(**{f"{field}__in": Mute.objects.active().filter(account=viewer).values("target_account_id")}))


def follow_requests_count(account):
    """Pending requests to follow `account` (CredentialAccount.source.follow_requests_count)."""
    return FollowRequest.objects.filter(target_account=pk_of(account)).count()


