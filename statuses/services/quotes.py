"""Quote posts (Mastodon 4.5+): who may quote a status, attaching a quote when posting,
revoking one, changing a status's policy, and the Quote / ShallowQuote and QuoteApproval
entities.

Rules (Mastodon's StatusPolicy#quote? and QuoteApproval): the author may always quote their
own status; nobody else may quote a private or direct status; otherwise the policy decides:
`public` (anyone), `followers` (the author's followers), `nobody`. Blocks either way deny.
A quote by a local account is accepted at once when allowed (no manual review here).
"""
from django.db import transaction
from django.db.models import F

from fedi.errors import NotFound, ValidationFailed
from relationships.models import Follow
from relationships.queries import hidden_accounts_q
from statuses.models import Quote, QuotePolicy, Status, StatusQuotePolicy, Visibility
from statuses.visibility import can_see

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
    from relationships.models import Block

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


def attach(status: Status, quoted: Status) -> Quote:
    """Within the posting transaction: `status` quotes `quoted` (already checked)."""
    quote = Quote.objects.create(status=status, quoted_status=quoted, quoted_account_id=quoted.account_id,
                                 state=Quote.State.ACCEPTED)
    Status.objects.filter(pk=quoted.pk).update(quotes_count=F("quotes_count") + 1)
    return quote


def quotes_of(status: Status, viewer):
    """Accepted quotes of a status the viewer may see, newest first, leaving out quoting
    statuses by accounts the viewer blocks or mutes (a queryset of quoting Status)."""
    from statuses.visibility import visible_statuses

    quoting = Status.objects.filter(quote__quoted_status=status, quote__state=Quote.State.ACCEPTED)
    quoting = visible_statuses(viewer, quoting)
    if viewer is not None:
        quoting = quoting.exclude(hidden_accounts_q(viewer.id, "account_id"))
    return quoting.order_by("-id")


def revoke(owner, status_id, quoting_status_id) -> Status:
    """The quoted status's author revokes one quote of it; returns the quoting status."""
    quote = Quote.objects.select_related("status", "status__account").filter(
        quoted_status_id=status_id, quoted_status__account=owner, status_id=quoting_status_id).first()
    if quote is None:
        raise NotFound("Record not found")
    with transaction.atomic():
        if quote.state == Quote.State.ACCEPTED:
            Status.objects.filter(pk=status_id, quotes_count__gt=0).update(quotes_count=F("quotes_count") - 1)
        Quote.objects.filter(pk=quote.pk).update(state=Quote.State.REVOKED)
    return quote.status


def quote_state(quote: Quote, viewer, visible_ids: set, hidden_account_ids: set) -> str:
    """The state the viewer sees (QuoteStateEnum)."""
    if quote.state != Quote.State.ACCEPTED:
        return quote.state
    if quote.quoted_status_id is None:
        return "deleted"
    if quote.quoted_status_id not in visible_ids:
        return "unauthorized"
    if quote.quoted_account_id in hidden_account_ids:
        return "muted_account"  # blocked or muted: the client hides it behind a notice
    return "accepted"
