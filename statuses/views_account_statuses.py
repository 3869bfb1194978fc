"""GET /api/v1/accounts/:id/statuses: an account's statuses as the viewer may see them
(Mastodon's AccountStatusesFilter).

- signed out: public and unlisted statuses;
- the author: everything, direct statuses included;
- an account the author blocks: nothing;
- others: public and unlisted, private when following, and any status mentioning them;
  reblogs of accounts hidden from the viewer (blocked, muted, domain-blocked) left out;
- a suspended account: nothing.

Filters: pinned (ordered by pin, newest first), only_media, exclude_replies (replies to
others; self-replies stay), exclude_reblogs, tagged (a hashtag name); Pleroma's
exclude_visibilities[] and with_muted (reblogs of muted accounts kept); Pleroma's offset
(that many statuses skipped after the cursors' filter).
"""
from django.db.models import Exists, OuterRef, Q, Subquery

from accounts.views import find_account
from fedi.api import Access, ApiView
from fedi.errors import BadRequest
from fedi.pagination import limit_param, offset_param, page_of, paginate
from media_attachments.models import MediaAttachment
from relationships.queries import hidden_accounts_q, is_blocking, is_domain_blocked
from relationships.serializers import page_relationships
from statuses.models import Status, StatusPin
from statuses.serializers import render_statuses
from statuses.visibility import visible_statuses
from tags.services import find_tag

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


def account_statuses(account, viewer, *, pinned=False, only_media=False, exclude_replies=False,
                     exclude_reblogs=False, tagged=None, exclude_visibilities=(), with_muted=False):
    """The Status queryset of `account` that `viewer` (Account or None) may see with these
    filters, or None when the list is empty whatever the page (suspended, blocked)."""
    if account.is_suspended:
        return None
    author = viewer is not None and viewer.id == account.id
    if viewer is not None and not author and (
            is_blocking(account, viewer) or is_domain_blocked(account, viewer.domain)):
        return None
    statuses = Status.objects.filter(account=account)
    if pinned:
        statuses = statuses.filter(id__in=StatusPin.objects.filter(account=account).values("status_id"))
    if only_media:
        statuses = statuses.filter(Exists(MediaAttachment.objects.filter(status=OuterRef("pk"))))
    if exclude_replies:
        statuses = statuses.filter(Q(in_reply_to__isnull=True, in_reply_to_account__isnull=True)
                                   | Q(in_reply_to_account_id=account.id))
    if exclude_reblogs:
        statuses = statuses.filter(reblog_of__isnull=True)
    if exclude_visibilities:
        statuses = statuses.exclude(visibility__in=list(exclude_visibilities))
    if tagged is not None:
        tag = find_tag(tagged)
        if tag is None:
            return None
        statuses = statuses.filter(tags=tag)
    # (The author sees all their own statuses, and their reblogs of what they may still see.)
    statuses = visible_statuses(viewer, statuses)
    reblogs_may_occur = not (exclude_reblogs or only_media or tagged is not None)
    if viewer is not None and not author and reblogs_may_occur:
        statuses = statuses.exclude(hidden_accounts_q(viewer, "reblog_of__account_id", mutes=not with_muted))
    return statuses


# Pleroma's VisibilityScope; "local" and "list" match no status here.
PLEROMA_VISIBILITIES = ("public", "unlisted", "private", "direct", "local", "list")


def _excluded_visibilities(params):
    excluded = [str(value) for value in params.list("exclude_visibilities")]
    unknown = [value for value in excluded if value not in PLEROMA_VISIBILITIES]
    if unknown:
        raise BadRequest(f"exclude_visibilities: unknown visibility {unknown[0]}")
    return [value for value in excluded if value not in ("local", "list")]


class AccountStatusesView(ApiView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, account_id):
        account = find_account(account_id)
        params = self.params
        pinned = bool(params.bool("pinned", False))
        statuses = account_statuses(
            account, self.viewer, pinned=pinned, only_media=bool(params.bool("only_media", False)),
            exclude_replies=bool(params.bool("exclude_replies", False)),
            exclude_reblogs=bool(params.bool("exclude_reblogs", False)),
            tagged=params.str("tagged", strip=True) or None,
            exclude_visibilities=_excluded_visibilities(params), with_muted=bool(params.bool("with_muted", False)))
        limit = limit_param(params, DEFAULT_LIMIT, MAX_LIMIT)
        offset = offset_param(params, limit)  # Pleroma's: skipped after the cursors' filter
        if statuses is None:  # (still a 400 above for a malformed limit or offset)
            return page_of(request._request, [], DEFAULT_LIMIT).response([])
        if pinned:
            page = self.pinned_page(account, statuses, limit, offset)
        else:
            page = paginate(self, statuses.only("id"), limit=limit, offset=offset)
        return page.response(render_statuses(page.items, self.viewer, filter_context="account",
                                             relationships=page_relationships(self)))

    def pinned_page(self, account, statuses, limit, offset):
        """Pinned statuses, most recently pinned first; the cursors are status ids, as Mastodon's."""
        params = self.params
        max_id, since_id, min_id = params.id("max_id"), params.id("since_id"), params.id("min_id")
        if max_id is not None:
            statuses = statuses.filter(id__lt=max_id)
        if since_id is not None:
            statuses = statuses.filter(id__gt=since_id)
        if min_id is not None:
            statuses = statuses.filter(id__gt=min_id)
        pin = StatusPin.objects.filter(account=account, status=OuterRef("pk")).values("id")[:1]
        rows = list(statuses.only("id").annotate(pin_id=Subquery(pin)).order_by("-pin_id", "-id")
                    [offset:offset + limit])
        return page_of(self.request._request, rows, limit)
