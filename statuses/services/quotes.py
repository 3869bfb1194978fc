"""Quote posts (Mastodon 4.5+): who may quote a status, attaching a quote when posting,
revoking one, changing a status's policy, and the Quote / ShallowQuote and QuoteApproval
entities.

Rules (Mastodon's StatusPolicy#quote? and QuoteApproval): nobody quotes a direct status (a
private mention); the author may always quote their own other statuses (a quote of their own
private status is private itself); nobody else may quote a private status; otherwise the
policy decides: `public` (anyone), `followers` (the author's followers), `nobody`. Blocks
either way deny. Refused quotes are refused at posting (Mastodon answers the request with an
error: its users get no manual review).

The state machine (Mastodon's Quote): a quote of a local status, allowed, is `accepted` at
once; a quote of a remote status is `pending` until the author's server answers the quote
request (accept → `accepted`, reject → `rejected`: `answer_request`, the inbox's entry
point); the quoted author revokes an accepted or pending quote (`revoked`). Only accepted
quotes count in `quotes_count` and are listed; changing a policy does not invalidate past
quotes. What a viewer sees is worked out on rendering (`quote_state`): `deleted`,
`unauthorized` (they may not see the quoted post), `blocked_account`, `blocked_domain`,
`muted_account`.
"""
from django.db import transaction
from django.db.models import F

from fedi.errors import NotFound, ValidationFailed
from relationships.models import Block, Follow
from relationships.queries import hidden_accounts_q
from statuses.models import Quote, QuotePolicy, Status, StatusQuotePolicy, Visibility
from statuses.signals import quote_accepted
from statuses.visibility import can_see, visible_statuses

QUOTABLE_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)


def policy_of(status: Status) -> str:
    try:
        return status.quote_policy.policy
    except StatusQuotePolicy.DoesNotExist:
        return QuotePolicy.PUBLIC


def validate_policy(value):
    if value in (None, ""):
        return None
    if value not in QuotePolicy.values:
        raise ValidationFailed().add("quote_approval_policy", "ERR_INCLUSION")
    return value


def set_policy(status: Status, policy: str) -> None:
    StatusQuotePolicy.objects.update_or_create(status=status, defaults={"policy": policy})


def current_user_approval(status: Status, viewer, *, policy: str, following: bool, blocked: bool) -> str:
    if viewer is None:
        return "unknown"
    if status.visibility == Visibility.DIRECT:
        return "denied"
    if viewer.id == status.account_id:
        return "automatic"
    if blocked or status.visibility not in QUOTABLE_VISIBILITIES:
        return "denied"
    if policy == QuotePolicy.PUBLIC or (policy == QuotePolicy.FOLLOWERS and following):
        return "automatic"
    return "denied"


def approval_json(status: Status, viewer, *, policy: str, following: bool, blocked: bool) -> dict:
    automatic = {"public": ["public"], "followers": ["followers"]}.get(policy, [])
    if status.visibility not in QUOTABLE_VISIBILITIES:
        automatic = []
    return {"automatic": automatic, "manual": [],
            "current_user": current_user_approval(status, viewer, policy=policy, following=following, blocked=blocked)}


def may_quote(account, quoted: Status) -> bool:
    following = Follow.objects.filter(account=account, target_account_id=quoted.account_id).exists()

    blocked = Block.objects.filter(account=quoted.account_id, target_account=account).exists() or \
        Block.objects.filter(account=account, target_account=quoted.account_id).exists()
    return current_user_approval(quoted, account, policy=policy_of(quoted), following=following,
                                 blocked=blocked) == "automatic"


def find_quotable(account, quoted_status_id) -> Status:
    """The status `account` asks to quote, or a 404 (unseen) / 422 (not allowed)."""
    quoted = Status.objects.select_related("account").filter(pk=quoted_status_id, reblog_of__isnull=True).first()
    if quoted is None or not can_see(account, quoted):
        raise NotFound("Record not found")
    if not may_quote(account, quoted):
        raise ValidationFailed("Validation failed: Quoted status is not allowed to be quoted")
    return quoted


def quoting_visibility(visibility: str, quoted: Status) -> str:
    """Quoting a private status (only its author may) keeps the quote private or direct."""
    if quoted.visibility == Visibility.PRIVATE and visibility in QUOTABLE_VISIBILITIES:
        return Visibility.PRIVATE
    return visibility


def attach(status: Status, quoted: Status) -> Quote:
    """Within the posting transaction: `status` quotes `quoted` (already checked). A local
    status's quote is accepted at once; a remote one's waits for its server's answer."""
    state = Quote.State.ACCEPTED if quoted.account.is_local else Quote.State.PENDING
    quote = Quote.objects.create(status=status, quoted_status=quoted, quoted_account_id=quoted.account_id,
                                 state=state)
    if state == Quote.State.ACCEPTED:
        Status.objects.filter(pk=quoted.pk).update(quotes_count=F("quotes_count") + 1)
    return quote


def answer_request(quote_id: int, *, accepted: bool) -> Quote | None:
    """The quoted author's answer to a pending quote (what an Accept or Reject of the quote
    request does): pending → accepted (counted, the quoted author notified) or rejected.
    Any other state stays as it is (a revoked quote is not brought back)."""
    with transaction.atomic():
        quote = (Quote.objects.select_for_update().select_related("status", "status__account")
                 .filter(pk=quote_id).first())
        if quote is None or quote.state != Quote.State.PENDING:
            return quote
        quote.state = Quote.State.ACCEPTED if accepted else Quote.State.REJECTED
        quote.save(update_fields=["state"])
        if accepted and quote.quoted_status_id:
            Status.objects.filter(pk=quote.quoted_status_id).update(quotes_count=F("quotes_count") + 1)
    if accepted:
        transaction.on_commit(lambda: quote_accepted.send(sender=Quote, quote=quote))
    return quote


def quotes_of(status: Status, viewer, *, mutes: bool = True):
    """Accepted quotes of a status the viewer may see, newest first, leaving out quoting
    statuses by accounts the viewer blocks (or that block them, or on a domain they block)
    or mutes: Mastodon's list; with mutes=False muted accounts' stay (Pleroma's, which
    filters only blocks). A queryset of quoting Status."""
    quoting = Status.objects.filter(quote__quoted_status=status, quote__state=Quote.State.ACCEPTED)
    quoting = visible_statuses(viewer, quoting)
    if viewer is not None:
        quoting = quoting.exclude(hidden_accounts_q(viewer.id, "account_id", mutes=mutes))
    return quoting.order_by("-id")


def revoke(owner, status_id, quoting_status_id) -> Status:
    """The quoted status's author revokes one quote of it; returns the quoting status."""
    quote = Quote.objects.select_related("status", "status__account").filter(
        quoted_status_id=status_id, quoted_status__account=owner, status_id=quoting_status_id).first()
    if quote is None:
        raise NotFound("Record not found")
    with transaction.atomic():
        # Only an accepted quote was counted; a rejected one has nothing left to revoke.
        changed = Quote.objects.filter(pk=quote.pk, state__in=(Quote.State.ACCEPTED, Quote.State.PENDING)) \
            .update(state=Quote.State.REVOKED)
        if changed and quote.state == Quote.State.ACCEPTED:
            Status.objects.filter(pk=status_id, quotes_count__gt=0).update(quotes_count=F("quotes_count") - 1)
    return quote.status


# The states in which the quoted status is still rendered (the client hides it behind a notice).
SHOWN_STATES = frozenset({"accepted", "blocked_account", "blocked_domain", "muted_account"})


def quote_state(quote: Quote, viewer, visible_ids: set, relations: dict) -> str:
    """The state the viewer sees (QuoteStateEnum), as Mastodon's StatusFilter#filter_state_for_quote:
    `relations` maps a quoted author to "blocked_account" (the viewer blocks them),
    "blocked_domain" (the viewer blocks their domain) or "muted_account" (the viewer mutes them)."""
    if quote.state != Quote.State.ACCEPTED:
        return quote.state
    if quote.quoted_status_id is None:
        return "deleted"
    if quote.quoted_status_id not in visible_ids:
        return "unauthorized"
    if viewer is not None and quote.quoted_account_id != viewer.id and quote.quoted_account_id in relations:
        return relations[quote.quoted_account_id]
    return "accepted"
