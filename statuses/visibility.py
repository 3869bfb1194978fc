"""Who may see a status (Mastodon's StatusPolicy), for one status and as a queryset filter.

- public / unlisted: anyone, unless the author blocks the viewer (or the viewer's domain);
- private: the author, their followers, and the accounts it mentions;
- direct: the author and the accounts it mentions;
- a reblog is seen only when its reblogged status is;
- statuses of suspended accounts are seen by nobody.

"Hidden by relationships" is a different question: the viewer's own blocks, mutes and
domain blocks take statuses out of timelines, threads and streams but do not make a
status unreachable by its URL (Mastodon shows it there, as we do).
"""
from django.db.models import Exists, OuterRef, Q

from fedi.prepared import Prepared
from relationships.models import Block, Follow
from relationships.queries import hidden_account_ids, hidden_accounts_q
from statuses.models import Mention, Status, Visibility

PUBLIC_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)


def _viewer_id(viewer):
    return None if viewer is None else (viewer if isinstance(viewer, int) else viewer.id)


def visible_q(viewer, prefix=""):
    """A Q for the statuses (rows of Status, or rows pointing at a status through `prefix`,
    e.g. "status__") that `viewer` (an Account or None) may see. Used in subqueries only:
    the whole filter stays one SQL query."""
    p = prefix
    not_suspended = Q(**{f"{p}account__suspended_at__isnull": True})
    public = Q(**{f"{p}visibility__in": PUBLIC_VISIBILITIES})
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return public & not_suspended
    blocked_by_author = Q(**{f"{p}account_id__in": Block.objects.filter(target_account_id=viewer_id)
                             .values("account_id")})
    followed = Follow.objects.filter(account_id=viewer_id).values("target_account_id")
    mentioned = Mention.objects.filter(account_id=viewer_id).values("status_id")
    allowed = (
        (public & ~blocked_by_author)
        | Q(**{f"{p}account_id": viewer_id})
        | Q(**{f"{p}visibility": Visibility.PRIVATE, f"{p}account_id__in": followed})
        | Q(**{f"{p}id__in": mentioned})
    )
    return allowed & not_suspended


def visible_statuses(viewer, queryset=None):
    """Statuses viewer may see; reblogs only when the reblogged status is visible too."""
    queryset = Status.objects.all() if queryset is None else queryset
    queryset = queryset.filter(visible_q(viewer))
    reblogged_visible = Status.objects.filter(visible_q(viewer), pk=OuterRef("reblog_of_id"))
    return queryset.filter(Q(reblog_of__isnull=True) | Exists(reblogged_visible))


_blocks = Prepared(lambda account_id, target_id: Block.objects.filter(account_id=account_id,
                                                                     target_account_id=target_id)
                   .values_list("id")[:1], int, int)  # can_see of every public status by URL: compiled once


def can_see(viewer, status):
    """Whether viewer (Account or None) may see one status (and, for a reblog, its original)."""
    if status.reblog_of_id is not None and not can_see(viewer, status.reblog_of):
        return False
    if status.account.suspended_at is not None:
        return False
    viewer_id = _viewer_id(viewer)
    if viewer_id is not None and status.account_id == viewer_id:
        return True
    if status.visibility in PUBLIC_VISIBILITIES:
        if viewer_id is None:
            return True
        return not _blocks(status.account_id, viewer_id)
    if viewer_id is None:
        return False
    if Mention.objects.filter(status_id=status.id, account_id=viewer_id).exists():
        return True
    if status.visibility == Visibility.PRIVATE:
        return Follow.objects.filter(account_id=viewer_id, target_account_id=status.account_id).exists()
    return False


def viewers_who_can_see(status, viewer_ids):
    """The ids among viewer_ids (accounts) who may see the status: can_see for many viewers
    at once, in at most four queries (the streaming of one event to many connections)."""
    viewers = {int(viewer_id) for viewer_id in viewer_ids}
    if not viewers:
        return set()
    if status.reblog_of_id is not None:
        viewers = viewers_who_can_see(status.reblog_of, viewers)
        if not viewers:
            return set()
    if status.account.suspended_at is not None:
        return set()
    allowed = viewers & {status.account_id}
    rest = sorted(viewers - allowed)
    if not rest:
        return allowed
    if status.visibility in PUBLIC_VISIBILITIES:
        blocked = set(Block.objects.filter(account_id=status.account_id, target_account_id__any=rest)
                      .values_list("target_account_id", flat=True))
        return allowed | (set(rest) - blocked)
    mentioned = set(Mention.objects.filter(status_id=status.id, account_id__any=rest)
                    .values_list("account_id", flat=True))
    allowed |= mentioned
    if status.visibility == Visibility.PRIVATE:
        remaining = [viewer for viewer in rest if viewer not in mentioned]
        if remaining:
            allowed |= set(Follow.objects.filter(account_id__any=remaining, target_account_id=status.account_id)
                           .values_list("account_id", flat=True))
    return allowed


def involved_account_ids(status):
    """The accounts whose hiding hides a status: the author, the reblogged author, and
    (for a reply) the author of the status replied to."""
    ids = {status.account_id}
    if status.reblog_of_id is not None:
        ids.add(status.reblog_of.account_id)
    if status.in_reply_to_account_id is not None:
        ids.add(status.in_reply_to_account_id)
    return ids


def hidden_by_relationships(viewer, status, hidden_ids=None):
    """Whether the viewer's blocks, mutes or domain blocks (or a block by the author) take
    this status out of what they are shown in timelines, threads and streams."""
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return False
    if hidden_ids is None:
        hidden_ids = hidden_account_ids(viewer_id)
    return bool(involved_account_ids(status) & hidden_ids)


def not_hidden_q(viewer, prefix="", *, mutes=True):
    """A Q leaving out statuses by (or reblogging) accounts hidden from viewer (see
    relationships.queries.hidden_accounts_q; mutes=False keeps the muted accounts' statuses:
    Pleroma's with_muted), with the hidden accounts read now, in one query: as a list of ids
    the condition is far cheaper to build and compile than as subqueries (twice four of
    them), and PostgreSQL plans it as readily."""
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return Q()
    hidden = sorted(hidden_account_ids(viewer_id, mutes=mutes))
    if not hidden:
        return Q()
    return ~Q(**{f"{prefix}account_id__any": hidden}) & ~Q(**{f"{prefix}reblog_of__account_id__any": hidden})


def not_hidden_subquery_q(viewer, prefix="", now=None):
    """not_hidden_q as subqueries, for a query compiled once and run many times
    (fedi.prepared): `now` decides which mutes have expired."""
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return Q()
    return (~hidden_accounts_q(viewer_id, f"{prefix}account_id", now)
            & ~hidden_accounts_q(viewer_id, f"{prefix}reblog_of__account_id", now))
