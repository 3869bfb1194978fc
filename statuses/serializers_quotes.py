"""The `quote` and `quote_approval` attributes of a page of Status entities, in a fixed
number of queries (called by serializers.render_statuses). A quoted status is rendered in
full (Quote) at the first level, as ShallowQuote inside it, as Mastodon does."""
from relationships.models import Follow
from relationships.queries import hidden_accounts_q
from statuses.models import Quote, QuotePolicy, Status, StatusQuotePolicy
from statuses.services.quotes import approval_json, quote_state
from statuses.visibility import visible_statuses


def add_quotes(statuses, rendered, viewer, *, shallow=False):
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
    visible_ids, hidden, rendered_quoted = set(), set(), {}
    if quoted_ids:
        visible_ids = set(visible_statuses(viewer, Status.objects.filter(id__in=quoted_ids))
                          .values_list("id", flat=True))
        if viewer is not None:
            from accounts.models import Account

            quoted_authors = {quote.quoted_account_id for quote in quotes.values() if quote.quoted_account_id}
            hidden = set(Account.objects.filter(hidden_accounts_q(viewer.id, "id"), id__in=quoted_authors)
                         .values_list("id", flat=True))
        if not shallow and visible_ids:
            from statuses.serializers import render_statuses

            ordered = sorted(visible_ids)
            rendered_quoted = dict(zip(ordered, render_statuses(ordered, viewer, shallow_quotes=True)))
    for status, data in pairs:
        data["quote_approval"] = approval_json(
            status, viewer, policy=policies.get(status.id, QuotePolicy.PUBLIC),
            following=status.account_id in following, blocked=False)
        quote = quotes.get(status.id)
        if quote is None:
            data["quote"] = None
            continue
        state = quote_state(quote, viewer, visible_ids, hidden)
        shown = state in ("accepted", "muted_account")
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
