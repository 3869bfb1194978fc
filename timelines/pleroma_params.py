"""Pleroma's timeline parameters, as one Q over statuses that the timeline views add to
their query (home and list feeds through feed_page's extra_q):

    exclude_visibilities[]  leave out statuses of these visibilities
    reply_visibility        "following": replies only to the viewer or accounts they follow;
                            "self": replies only to the viewer (others' replies to others go)
    instance                only statuses of accounts on that domain (public timelines)
    with_muted              include the statuses of muted accounts (with_muted below; the
                            views pass it to the queries)
    local, remote, only_media   on home and list timelines too (feed_origin_q)
"""
from django.db.models import Exists, OuterRef, Q

from fedi.errors import BadRequest
from media_attachments.models import MediaAttachment
from relationships.models import Follow

VISIBILITIES = ("public", "unlisted", "private", "direct")
# Pleroma's VisibilityScope also has "local" (local-only posts) and "list" (addressed to a
# list): no status here has either, so excluding them leaves everything in.
PLEROMA_ONLY_VISIBILITIES = ("local", "list")


def with_muted(params) -> bool:
    return bool(params.bool("with_muted", False))


def feed_origin_q(params):
    """Pleroma's local / remote / only_media on the home and list timelines."""
    q = Q()
    local, remote = params.bool("local", False), params.bool("remote", False)
    if local and not remote:
        q &= Q(local=True)
    elif remote and not local:
        q &= Q(local=False)
    if params.bool("only_media", False):
        q &= Q(Exists(MediaAttachment.objects.filter(status_id=OuterRef("pk"))))
    return q


def pleroma_q(params, viewer, *, instance=False):
    q = Q()
    excluded = [str(value) for value in params.list("exclude_visibilities")]
    unknown = [value for value in excluded if value not in VISIBILITIES + PLEROMA_ONLY_VISIBILITIES]
    if unknown:
        raise BadRequest(f"exclude_visibilities: unknown visibility {unknown[0]}")
    excluded = [value for value in excluded if value in VISIBILITIES]
    if excluded:
        q &= ~Q(visibility__in=excluded)
    reply_visibility = params.str("reply_visibility", strip=True)
    if reply_visibility and viewer is not None:
        if reply_visibility not in ("following", "self"):
            raise BadRequest("reply_visibility must be following or self")
        allowed = Q(in_reply_to_account_id=viewer.id)
        if reply_visibility == "following":
            allowed |= Q(in_reply_to_account_id__in=Follow.objects.filter(account_id=viewer.id)
                         .values("target_account_id"))
        q &= Q(in_reply_to_id__isnull=True) | Q(account_id=viewer.id) | allowed
    domain = params.str("instance", strip=True) if instance else None
    if domain:
        q &= Q(account__domain__iexact=domain)
    return q
