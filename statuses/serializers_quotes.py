"""The `quote` and `quote_approval` attributes of a page of Status entities, in a fixed
number of queries (called by serializers.render_statuses). A quoted status is rendered in
full (Quote) at the first level, as ShallowQuote inside it, as Mastodon does."""
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower

from accounts.models import Account
from relationships.models import Block, Follow, Mute
from relationships.queries import blocked_domains_query
from statuses.models import Quote, QuotePolicy, Status, StatusQuotePolicy
from statuses.serializers import render_statuses
from statuses.services.quotes import SHOWN_STATES, approval_json, quote_state
from statuses.visibility import visible_statuses


def add_quotes(statuses, rendered, viewer, *, shallow=False, relationships=None):
    pairs = []
    for status, data in zip(statuses, rendered):
        if status.reblog_of_id and data.get("reblog"):
            pairs.append((status.reblog_of, data["reblog"]))
        else:
            pairs.append((status, data))
    if not pairs:
        return
    quotes, policies = _quotes_and_policies([status for status, _ in pairs])
    following = set()
    followers_only = {status.account_id for status, _ in pairs
                      if policies.get(status.id) == QuotePolicy.FOLLOWERS and viewer is not None
                      and status.account_id != viewer.id}
    if followers_only:
        following = set(Follow.objects.filter(account=viewer, target_account_id__in=followers_only)
                        .values_list("target_account_id", flat=True))
    # Blocks need no lookup here: statuses of accounts blocking the viewer, or blocked by
    # them, are not shown to them; quoting checks blocks (services.quotes.may_quote).
    quoted_ids = {quote.quoted_status_id for quote in quotes.values() if quote.quoted_status_id}
    visible_ids, relations, rendered_quoted = set(), {}, {}
    if quoted_ids:
        visible_ids = set(visible_statuses(viewer, Status.objects.filter(id__in=quoted_ids))
                          .values_list("id", flat=True))
        if viewer is not None:
            quoted_authors = {quote.quoted_account_id for quote in quotes.values() if quote.quoted_account_id}
            relations = _relations(viewer, quoted_authors)
        if not shallow and visible_ids:
            ordered = sorted(visible_ids)
            rendered_quoted = dict(zip(ordered, render_statuses(ordered, viewer, shallow_quotes=True,
                                                                relationships=relationships)))
    for status, data in pairs:
        data["quote_approval"] = approval_json(
            status, viewer, policy=policies.get(status.id, QuotePolicy.PUBLIC),
            following=status.account_id in following, blocked=False)
        quote = quotes.get(status.id)
        if quote is None:
            data["quote"] = None
            continue
        state = quote_state(quote, viewer, visible_ids, relations)
        shown = state in SHOWN_STATES
        if shallow:
            data["quote"] = {"state": state, "quoted_status_id": str(quote.quoted_status_id) if shown else None}
        else:
            data["quote"] = {"state": state, "quoted_status": rendered_quoted.get(quote.quoted_status_id) if shown else None}


def _quotes_and_policies(statuses):
    """{status id: Quote} and {status id: policy} of statuses: from what serializers.load
    joined (no query), else in one query each."""
    quotes, policies, missing = {}, {}, []
    for status in statuses:
        cache = status._state.fields_cache
        if "quote" not in cache or "quote_policy" not in cache:
            missing.append(status.id)
            continue
        if cache["quote"] is not None:
            quotes[status.id] = cache["quote"]
        if cache["quote_policy"] is not None:
            policies[status.id] = cache["quote_policy"].policy
    if missing:
        quotes.update({quote.status_id: quote for quote in Quote.objects.filter(status_id__in=missing)})
        policies.update(StatusQuotePolicy.objects.filter(status_id__in=missing).values_list("status_id", "policy"))
    return quotes, policies


def _relations(viewer, account_ids):
    """{account id: "blocked_account" | "blocked_domain" | "muted_account"} for the quoted
    authors the viewer blocks, whose domain they block, or mutes: one query."""
    def flag(q):
        return ExpressionWrapper(q, output_field=BooleanField())

    rows = (Account.objects.filter(id__in=account_ids)
            .annotate(domain_lower=Lower("domain"))
            .annotate(blocking=flag(Q(id__in=Block.objects.filter(account=viewer).values("target_account_id"))),
                      domain_blocked=flag(Q(domain_lower__in=blocked_domains_query(viewer))),
                      muting=flag(Q(id__in=Mute.objects.active().filter(account=viewer).values("target_account_id"))))
            .filter(Q(blocking=True) | Q(domain_blocked=True) | Q(muting=True))
            .values_list("id", "blocking", "domain_blocked", "muting"))
    states = {}
    for account_id, blocking, domain_blocked, muting in rows:
        states[account_id] = ("blocked_account" if blocking else "blocked_domain" if domain_blocked
                              else "muted_account")
    return states
