"""Which statuses each timeline shows, for a viewer (Mastodon's HomeFeed, ListFeed,
PublicFeed, TagFeed, LinkFeed), and the bookmarks and favourites lists.

Every timeline applies, at read time: visibility (statuses.visibility), the viewer's blocks,
mutes (unexpired) and domain blocks over the author and the reblogged author
(statuses.visibility.not_hidden_q), suspended authors; the precomputed feeds also drop
reblogs by accounts whose reblogs the viewer hides. Feeds are never trusted for privacy.
The viewer's filters are applied when rendering (statuses.serializers.render_statuses).
"""
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cards.models import PreviewCard
from fedi.ids import pk_of
from fedi.prepared import Prepared
from fedi.prepared import ids as prepared_ids
from fedi.text import normalize_hashtag
from relationships.models import Block, Follow
from statuses.models import Bookmark, Favourite, Mention, Status, Visibility
from statuses.visibility import not_hidden_q, not_hidden_subquery_q, visible_q, visible_statuses
from feeds.store import MAX_ITEMS, feed_store
from feeds.fanout import forget_missing
from feeds.lists import active_members_q
from feeds.models import List, ListAccount
from media_attachments.models import MediaAttachment
from tags.models import Tag, TagFollow

FEED_READ_ROUNDS = 3  # feed pages read to fill one page when entries are filtered out
TAGS_PER_MODE = 4     # any[], all[], none[]: Mastodon's TagFeed::LIMIT_PER_MODE


# --- Precomputed feeds (home, lists) -------------------------------------------------------

def hidden_reblogs_q(viewer):
    """Reblogs by accounts the viewer follows with show_reblogs=false."""
    return Q(reblog_of__isnull=False,
             account_id__in=Follow.objects.filter(account_id=pk_of(viewer), show_reblogs=False)
             .values("target_account_id"))


def readable_feed_statuses(viewer, extra_q=None):
    queryset = visible_statuses(viewer).filter(not_hidden_q(viewer)).exclude(hidden_reblogs_q(viewer))
    return queryset.filter(extra_q) if extra_q is not None else queryset


# The check of every home and list page (without Pleroma's extra parameters), as
# readable_feed_statuses: compiled once.
_readable_among = Prepared(lambda viewer_id, now, status_ids: visible_statuses(viewer_id)
                           .filter(not_hidden_subquery_q(viewer_id, now=now)).exclude(hidden_reblogs_q(viewer_id))
                           .filter(id__any=status_ids).values_list("id"), int, datetime, prepared_ids)


def _readable_ids(viewer, ids, extra_q):
    if extra_q is None:
        return {row[0] for row in _readable_among(viewer.id, timezone.now(), ids)}
    return set(readable_feed_statuses(viewer, extra_q).filter(id__any=ids).values_list("id", flat=True))


def feed_page(viewer, kind, feed_id, *, max_id=None, since_id=None, min_id=None, limit=20, extra_q=None, skip=0):
    """Status ids of a page of a precomputed feed, newest first, each checked again
    against what the viewer may see (entries filtered out are made up for from the
    following ones, up to FEED_READ_ROUNDS reads). `skip` (Pleroma's offset): that many
    of the entries the viewer may see left out first, in the read's order (oldest first
    after min_id); a feed holds at most MAX_ITEMS."""
    store = feed_store()
    skip = min(skip, MAX_ITEMS)
    wanted = limit + skip
    kept, missing, offset = [], [], 0
    for _ in range(FEED_READ_ROUNDS):
        ids = store.page(kind, feed_id, max_id=max_id, since_id=since_id, min_id=min_id, limit=wanted, offset=offset)
        if not ids:
            break
        allowed = _readable_ids(viewer, ids, extra_q)
        if len(allowed) < len(ids):
            existing = set(Status.objects.filter(id__any=ids).values_list("id", flat=True))
            missing += [status_id for status_id in ids if status_id not in existing]
        kept += [status_id for status_id in ids if status_id in allowed]
        if len(kept) >= wanted or len(ids) < wanted:
            break
        offset += len(ids)
    forget_missing(kind, feed_id, missing)
    if min_id is not None:
        return sorted(kept)[skip:wanted][::-1]
    return kept[skip:wanted]


def _followed_rules_q(viewer, followed):
    """The fan-out's rules for statuses of the accounts the viewer follows
    (feeds.fanout.filter_from_home), mutes aside, as a condition for the with_muted reads:
    replies only to oneself, to the viewer or to an account they follow (none to a status
    gone); a follow's languages; nothing mentioning an account the viewer blocks."""
    q = (Q(in_reply_to_id__isnull=True, in_reply_to_account_id__isnull=True)
         | Q(in_reply_to_account_id=F("account_id")) | Q(in_reply_to_account_id=viewer.id)
         | Q(in_reply_to_account_id__in=followed))
    for target, languages in (Follow.objects.filter(account_id=viewer.id, languages__isnull=False)
                              .values_list("target_account_id", "languages")):
        if languages:
            q &= (~Q(account_id=target) | Q(language__isnull=True) | Q(language="")
                  | Q(language__in=[str(language) for language in languages]))
    return q & _no_blocked_mentions_q(viewer)


def _no_blocked_mentions_q(viewer):
    """Statuses (and reblogged statuses) mentioning none of the accounts the viewer blocks."""
    blocked = Block.objects.filter(account_id=viewer.id).values("target_account_id")
    return ~Exists(Mention.objects.filter(Q(status_id=OuterRef("pk")) | Q(status_id=OuterRef("reblog_of_id")),
                                          account_id__in=blocked))


def home_with_muted(viewer):
    """Pleroma's home with with_muted=true. The home feed never takes in a muted account's
    statuses (they are left out when it is written and taken out on a mute), so this page is
    read from the database instead, with the feed's rules but mutes (feeds.fanout): the
    viewer's own statuses; those of the accounts they follow that they may see, but for the
    members of their exclusive lists (_followed_rules_q: replies, languages, blocks); the
    public statuses with a hashtag they follow (not reblogs, not by limited accounts); never
    blocked or domain-blocked accounts', nor reblogs of accounts whose reblogs they hide."""
    followed = Follow.objects.filter(account_id=viewer.id).values("target_account_id")
    exclusive = (ListAccount.objects.filter(list__account_id=viewer.id, list__exclusive=True)
                 .filter(active_members_q()).values("account_id"))
    from_follows = Q(account_id__in=followed) & ~Q(account_id__in=exclusive) & _followed_rules_q(viewer, followed)
    followed_tags = TagFollow.objects.filter(account_id=viewer.id).values("tag_id")
    from_tags = (Q(visibility=Visibility.PUBLIC, reblog_of__isnull=True, account__silenced_at__isnull=True)
                 & ~Q(account_id__in=followed) & _no_blocked_mentions_q(viewer)
                 & Exists(Status.tags.through.objects.filter(status_id=OuterRef("pk"), tag_id__in=followed_tags)))
    return (visible_statuses(viewer).filter(Q(account_id=viewer.id) | from_follows | from_tags)
            .filter(not_hidden_q(viewer, mutes=False)).exclude(hidden_reblogs_q(viewer)))


def list_with_muted(viewer, lst):
    """A list's timeline with with_muted=true (see home_with_muted): the current members'
    statuses the viewer may see, from the database, muted members included, with the
    fan-out's rules (_followed_rules_q) and the list's replies_policy
    (feeds.fanout.filter_from_list): "none" keeps only replies to the owner and
    self-replies, "list" also replies to the list's members, "followed" those to anyone the
    owner follows."""
    followed = Follow.objects.filter(account_id=viewer.id).values("target_account_id")
    replies = (Q(in_reply_to_account_id__isnull=True) | Q(in_reply_to_account_id=F("account_id"))
               | Q(in_reply_to_account_id=lst.account_id))
    if lst.replies_policy == List.RepliesPolicy.FOLLOWED:
        replies = Q()
    elif lst.replies_policy == List.RepliesPolicy.LIST:
        replies |= Q(in_reply_to_account_id__in=ListAccount.objects.filter(list_id=lst.id).values("account_id"))
    return (visible_statuses(viewer).filter(list_members_q(lst))
            .filter(Q(account_id=viewer.id) | _followed_rules_q(viewer, followed)).filter(replies).filter(not_hidden_q(viewer, mutes=False)).exclude(hidden_reblogs_q(viewer)))


def direct_statuses(viewer):
    """The deprecated direct timeline (Mastodon's DirectFeed): direct statuses the viewer
    wrote or is mentioned in, through the same visibility and hiding rules as every feed."""
    return readable_feed_statuses(viewer).filter(visibility=Visibility.DIRECT)


def list_members_q(lst):
    """Statuses by the list's current members (so a member who left takes their posts along)."""
    members = ListAccount.objects.filter(list_id=lst.id).filter(active_members_q()).values("account_id")
    return Q(account_id__in=members)


# --- Public, hashtag and link timelines -----------------------------------------------------

def public_scope():
    """Public statuses that are not reblogs, by accounts neither suspended nor limited
    (Mastodon's PublicFeed#public_scope)."""
    return Status.objects.filter(visibility=Visibility.PUBLIC, reblog_of__isnull=True,
                                 account__suspended_at__isnull=True, account__silenced_at__isnull=True)


def for_viewer(queryset, viewer, with_muted=False):
    queryset = queryset.filter(visible_q(viewer))
    return queryset.filter(not_hidden_q(viewer, mutes=not with_muted)) if viewer is not None else queryset


def _origin_and_media(queryset, local, remote, only_media):
    if local and not remote:
        queryset = queryset.filter(local=True)
    elif remote and not local:
        queryset = queryset.filter(local=False)
    if only_media:
        queryset = queryset.filter(Exists(MediaAttachment.objects.filter(status_id=OuterRef("pk"))))
    return queryset


def public_statuses(viewer, *, local=False, remote=False, only_media=False, with_muted=False):
    """The public timeline: no replies to others (a thread by its own author stays)."""
    queryset = public_scope().filter(
        Q(in_reply_to_id__isnull=True, in_reply_to_account_id__isnull=True)
        | Q(in_reply_to_account_id=F("account_id")))
    return for_viewer(_origin_and_media(queryset, local, remote, only_media), viewer, with_muted)


def find_tag(name):
    name = (name or "").strip().lstrip("#")
    if not name:
        return None
    return Tag.objects.filter(normalized=normalize_hashtag(name)).first()


def _tag_ids(names):
    wanted = [normalize_hashtag(str(name).strip().lstrip("#")) for name in names if str(name or "").strip()]
    wanted = wanted[:TAGS_PER_MODE]
    return list(Tag.objects.filter(normalized__in=wanted).values_list("id", flat=True)) if wanted else []


def _tagged(tag_ids):
    return Exists(Status.tags.through.objects.filter(status_id=OuterRef("pk"), tag_id__in=tag_ids))


def tag_statuses(viewer, tag, *, any_tags=(), all_tags=(), none_tags=(), local=False, remote=False,
                 only_media=False, with_muted=False):
    """The hashtag timeline (Mastodon's TagFeed): public statuses with the tag or any of
    any[], with every tag of all[], with none of none[] (tags that do not exist are
    ignored, as Mastodon does)."""
    queryset = public_scope().filter(_tagged([tag.id] + _tag_ids(any_tags)))
    for tag_id in _tag_ids(all_tags):
        queryset = queryset.filter(_tagged([tag_id]))
    excluded = _tag_ids(none_tags)
    if excluded:
        queryset = queryset.exclude(_tagged(excluded))
    return for_viewer(_origin_and_media(queryset, local, remote, only_media), viewer, with_muted)


def link_scope(card):
    """Public statuses of discoverable accounts showing this preview card (LinkFeed)."""
    return public_scope().filter(preview__card=card, account__discoverable=True)


def linked_card(url):
    """The PreviewCard of url if it has a link timeline, else None. Mastodon has one only
    for a trending link, and only public posts make a link trend; here: a card some public
    post of a discoverable account shows. A card made only from private posts or direct
    messages is not observable: the answer is the same as for a URL nobody posted."""
    if not url:
        return None
    return PreviewCard.objects.filter(url=url).filter(Exists(link_scope(OuterRef("pk")))).first()


def link_statuses(viewer, card):
    return for_viewer(link_scope(card), viewer)


# --- Bookmarks and favourites ----------------------------------------------------------------

def bookmarks_of(viewer):
    """The viewer's Bookmark rows whose statuses they may still see."""
    return Bookmark.objects.filter(account_id=viewer.id).filter(visible_q(viewer, "status__"))


def favourites_of(viewer):
    return Favourite.objects.filter(account_id=viewer.id).filter(visible_q(viewer, "status__"))
