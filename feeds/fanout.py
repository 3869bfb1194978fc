"""Fan-out on write: who gets a new status in their home and list feeds, and keeping those
feeds right as relationships change (Mastodon's FanOutOnWriteService and FeedManager).

    fan_out_status(status)            after a status is committed (statuses' distribution task)
    after_follow(account_id, target_id)          a Follow was created: merge target's posts in
    after_unfollow([(account_id, target_id)])    Follows were deleted: take target's posts out
    after_block_or_mute(account_id, target_id)   clear target from the account's feeds
    prepare_returning_user(user, last_seen)  a user is back (fedi.auth.user_returned): rebuild feeds if away

Who gets a status:
- its local author, always (their own home feed);
- public, unlisted and private statuses: the author's local followers who signed in within
  ACTIVE_DURATION, and the lists (of such owners) holding the author;
- direct statuses: the mentioned local accounts who follow the author (home), and every
  local participant's conversations (feeds.conversations);
- public statuses with hashtags: local users following one of those tags.
Each receiver's own rules decide (filter_from_home, filter_from_list, filter_from_tags):
blocks, mutes and domain blocks over the author, the reblogged author and the mentioned
accounts; a follow's `show_reblogs` and `languages`; replies only when the receiver follows
the account replied to (or it is a reply to them, or to oneself); exclusive lists keep
their members out of home; a list's replies_policy.

The receivers are handed to Celery tasks (feeds.tasks) in batches; users away for
longer than ACTIVE_DURATION are skipped and their feeds rebuilt when they come back.
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, User
from feeds import conversations, signals, tasks
from feeds.lists import active_members_q, lists_with_member, member_ids
from feeds.models import List, ListAccount
from feeds.store import HOME, LIST, MAX_ITEMS, DatabaseFeedStore, feed_store
from fedi.ids import pk_of
from relationships.models import AccountDomainBlock, Block, Follow, Mute
from statuses.models import Mention, Status, Visibility
from tags.models import TagFollow

ACTIVE_DURATION = timedelta(days=7)    # Mastodon's User::ACTIVE_DURATION
MERGE_LIMIT = MAX_ITEMS // 4           # statuses merged in when following someone
REGENERATE_LIMIT = MAX_ITEMS // 2      # statuses a rebuilt feed starts with
BATCH_SIZE = 1000                      # receivers per insertion task
# A fan-out this small is done in the distribution task itself (no second trip through the
# queue); bigger ones are handed to insertion tasks of a lower priority, so the posts of
# small accounts (and every other task) go ahead of a celebrity's batches.
INLINE_LIMIT = 200
BULK_PRIORITY = 9                      # Celery's lowest on Redis (0 is the highest)
FEED_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE)


def active_since():
    return timezone.now() - ACTIVE_DURATION


def _chunks(values, size=BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


# --- The receiver's rules ------------------------------------------------------------

class Crutches:
    """What the rules need to know about some receivers and some statuses, loaded in a
    fixed number of queries (Mastodon's build_crutches, for many receivers at once)."""

    def __init__(self, receiver_ids, statuses):

        receiver_set = {int(value) for value in receiver_ids}
        receivers = sorted(receiver_set)
        statuses = list(statuses)
        originals = [status.reblog_of for status in statuses if status.reblog_of_id]
        authors = {status.account_id for status in statuses} | {status.account_id for status in originals}
        replied = {status.in_reply_to_account_id for status in statuses if status.in_reply_to_account_id}
        status_ids = {status.id for status in statuses} | {status.id for status in originals}
        self.mentions: dict[int, list[int]] = {}
        for status_id, account_id in (Mention.objects.filter(status_id__in=status_ids, silent=False)
                                      .values_list("status_id", "account_id")):
            self.mentions.setdefault(status_id, []).append(account_id)
        involved = authors | replied | {account_id for ids in self.mentions.values() for account_id in ids}
        # The receivers (up to a batch of BATCH_SIZE) go in as one array parameter (fedi.lookups).
        self.blocking, self.blocked_by = set(), set()
        if receivers:
            for source, target in Block.objects.filter(
                    Q(account_id__any=receivers, target_account_id__in=involved)
                    | Q(account_id__in=authors, target_account_id__any=receivers)).values_list(
                    "account_id", "target_account_id"):
                if source in receiver_set and target in involved:
                    self.blocking.add((source, target))
                if source in authors and target in receiver_set:
                    self.blocked_by.add((target, source))
        self.muting = set(Mute.objects.active().filter(account_id__any=receivers, target_account_id__in=involved)
                          .values_list("account_id", "target_account_id")) if receivers else set()
        self.following = {}
        if receivers:
            for source, target, reblogs, languages in Follow.objects.filter(
                    account_id__any=receivers, target_account_id__in=authors | replied).values_list(
                    "account_id", "target_account_id", "show_reblogs", "languages"):
                self.following[(source, target)] = (reblogs, languages)
        domains = {status.account.domain.lower() for status in statuses + originals if status.account.domain}
        self.domain_blocking = set(AccountDomainBlock.objects.filter(account_id__any=receivers, domain__in=domains)
                                   .values_list("account_id", "domain")) if receivers and domains else set()
        self.exclusive = set(ListAccount.objects.filter(
            list__account_id__any=receivers, list__exclusive=True, account_id__in=authors)
            .filter(active_members_q())
            .values_list("list__account_id", "account_id")) if receivers else set()

    def blocks_or_mutes(self, receiver_id, account_ids):
        return any((receiver_id, target) in self.blocking or (receiver_id, target) in self.muting
                   for target in account_ids)

    def domain_blocked(self, receiver_id, account):
        return bool(account.domain) and (receiver_id, account.domain.lower()) in self.domain_blocking


def filter_from_home(status, receiver_id, crutches, *, list_timeline=False):
    """True when `status` must stay out of receiver's home feed (or, with list_timeline,
    out of a list of theirs): Mastodon's FeedManager#filter_from_home."""
    if receiver_id == status.account_id:
        return False
    if status.in_reply_to_id is not None and status.in_reply_to_account_id is None:
        return True  # a reply to something gone
    if not list_timeline and (receiver_id, status.account_id) in crutches.exclusive:
        return True
    follow = crutches.following.get((receiver_id, status.account_id))
    languages = follow[1] if follow else None
    if languages and status.language and status.language not in languages:
        return True
    check = list(crutches.mentions.get(status.id, [])) + [status.account_id]
    original = status.reblog_of if status.reblog_of_id else None
    if original is not None:
        check.append(original.account_id)
        check += crutches.mentions.get(original.id, [])
    if crutches.blocks_or_mutes(receiver_id, check):
        return True
    if (receiver_id, status.account_id) in crutches.blocked_by or crutches.domain_blocked(receiver_id, status.account):
        return True
    if status.in_reply_to_account_id is not None:
        replied = status.in_reply_to_account_id
        return (
            (receiver_id, replied) not in crutches.following
            and receiver_id != replied
            and status.account_id != replied
        )
    if original is not None:
        return bool(
            (follow is not None and not follow[0])
            or (receiver_id, original.account_id) in crutches.blocked_by
            or crutches.domain_blocked(receiver_id, original.account)
        )
    return False


def filter_from_list(status, lst, list_members):
    """True when a reply stays out of a list by its replies_policy (Mastodon's
    filter_from_list?). `list_members` holds (list_id, account_id) pairs."""
    replied = status.in_reply_to_account_id
    if replied is not None and replied != status.account_id:
        return (
            replied != lst.account_id
            and lst.replies_policy != "followed"
            and not (lst.replies_policy == "list" and (lst.id, replied) in list_members)
        )
    return False


def filter_from_tags(status, receiver_id, crutches):
    """True when a status reaching a tag follower must stay out of their home."""
    if receiver_id == status.account_id:
        return True
    check = list(crutches.mentions.get(status.id, [])) + [status.account_id]
    return (crutches.blocks_or_mutes(receiver_id, check) or (receiver_id, status.account_id) in crutches.blocked_by
            or crutches.domain_blocked(receiver_id, status.account))


# --- Fan-out ---------------------------------------------------------------------------

def _load(status_id):
    return (Status.objects.select_related("account", "reblog_of", "reblog_of__account")
            .filter(pk=status_id).first())


def _active_local_q(prefix=""):
    return Q(**{f"{prefix}domain__isnull": True, f"{prefix}user__current_sign_in_at__gte": active_since()})


def fan_out_status(status):
    """Deliver a committed status to every feed it belongs in (runs in the statuses
    distribution task; the receivers are handed on in batches)."""

    status = _load(pk_of(status))
    if status is None or status.account.suspended_at is not None:
        return
    author = status.account
    if author.is_local:
        push_home([author.id], status)  # Mastodon's deliver_to_self!
    active_followers = Account.objects.filter(_active_local_q()).filter(
        id__in=Follow.objects.filter(target_account_id=author.id).values("account_id")).values_list("id", flat=True)
    follower_ids = None
    if status.visibility in FEED_VISIBILITIES:
        follower_ids = list(active_followers)
        home_receivers = [account_id for account_id in follower_ids if account_id != author.id]
        _hand_out(tasks.insert_into_home, insert_into_home, status.id, home_receivers, streaming_first=True)

        list_ids = list(lists_with_member(author.id).filter(_active_local_q("account__"))
                        .values_list("id", flat=True))
        _hand_out(tasks.insert_into_lists, insert_into_lists, status.id, list_ids)
    elif status.visibility == Visibility.DIRECT:
        mentioned = list(Mention.objects.filter(status=status, account_id__in=active_followers)
                         .exclude(account_id=author.id).values_list("account_id", flat=True))
        _hand_out(tasks.insert_into_home, insert_into_home, status.id, mentioned)

        conversations.deliver_direct(status)
    if (status.visibility == Visibility.PUBLIC and status.reblog_of_id is None and author.silenced_at is None):

        followers = set(follower_ids if follower_ids is not None else active_followers)
        tag_followers = set(TagFollow.objects.filter(tag__statuses=status).filter(_active_local_q("account__"))
                            .values_list("account_id", flat=True)) - followers - {author.id}
        _hand_out(tasks.insert_into_home, insert_into_home, status.id, sorted(tag_followers), "tags")


def _hand_out(task, run, status_id, receivers, *args, streaming_first=False):
    """Insert for these receivers: here when they are few, else in batches of BATCH_SIZE
    by workers, at BULK_PRIORITY. With streaming_first, the home feeds open on a streaming
    connection (up to BATCH_SIZE of them) are filled here too, once the others are queued:
    their users hear of the status without waiting for a second task."""
    receivers = list(receivers)
    if not receivers:
        return
    if len(receivers) <= INLINE_LIMIT:
        run(status_id, receivers, *args)
        return
    now = []
    if streaming_first:
        streaming = set()
        for _receiver, found in signals.streaming_home_feeds.send(sender=Status, account_ids=receivers):
            streaming |= set(found or ())
        now = [receiver for receiver in receivers if receiver in streaming][:BATCH_SIZE]
        chosen = set(now)
        receivers = [receiver for receiver in receivers if receiver not in chosen]
    # The others are queued first (another worker takes them meanwhile), unless the tasks
    # run here at once (the embedded default): then the streaming feeds go first.
    eager = bool(settings.CELERY_TASK_ALWAYS_EAGER)
    if now and eager:
        run(status_id, now, *args)
    for chunk in _chunks(receivers):
        task.apply_async((status_id, chunk, *args), priority=BULK_PRIORITY)
    if now and not eager:
        run(status_id, now, *args)


def push_home(account_ids, status):
    """Insert into these home feeds (no filtering) and tell their streams."""
    entered = feed_store().add_to_feeds(HOME, account_ids, status.id, status.reblog_of_id)
    signals.entered_home_feeds.send(sender=Status, account_ids=entered, status=status)
    return entered


def insert_into_home(status_id, receiver_ids, mode="home"):
    """The receivers' rules, then the insertion (a batch of Mastodon's FeedInsertWorker)."""
    status = _load(status_id)
    if status is None:
        return []
    crutches = Crutches(receiver_ids, [status])
    rule = filter_from_tags if mode == "tags" else filter_from_home
    accepted = [receiver for receiver in receiver_ids if not rule(status, int(receiver), crutches)]
    return push_home(accepted, status)


def insert_into_lists(status_id, list_ids):

    status = _load(status_id)
    if status is None:
        return []
    lists = list(List.objects.filter(id__in=list_ids))
    crutches = Crutches({lst.account_id for lst in lists}, [status])
    members = set()
    if status.in_reply_to_account_id:
        members = set(ListAccount.objects.filter(list_id__in=list_ids, account_id=status.in_reply_to_account_id)
                      .values_list("list_id", "account_id"))
    accepted = [lst.id for lst in lists
                if not filter_from_home(status, lst.account_id, crutches, list_timeline=True)
                and not filter_from_list(status, lst, members)]
    entered = feed_store().add_to_feeds(LIST, accepted, status.id, status.reblog_of_id)
    signals.entered_list_feeds.send(sender=Status, list_ids=entered, status=status)
    return entered


# --- Relationships changing ------------------------------------------------------------

def _on_commit(task, *args):
    transaction.on_commit(lambda: task.delay(*args))


def after_follow(account_id, target_id):
    """Called when a Follow row is created (inside its transaction)."""

    _on_commit(tasks.merge_into_home, int(target_id), int(account_id))


def after_unfollow(pairs):
    """Called with the (account_id, target_id) of deleted Follow rows (inside the transaction)."""

    for account_id, target_id in pairs:
        _on_commit(tasks.unmerge_from_home, int(target_id), int(account_id))


def after_block_or_mute(account_id, target_id):

    _on_commit(tasks.clear_from_feeds, int(account_id), int(target_id))


def _is_active(account):
    user = getattr(account, "user", None)
    return (account.domain is None and user is not None and user.current_sign_in_at is not None
            and user.current_sign_in_at >= active_since())


def _statuses_with_authors(queryset):
    return queryset.select_related("account", "reblog_of", "reblog_of__account")


def _merge_candidates(into_account_id, query):
    """(store, receiver, statuses): the newest MERGE_LIMIT statuses of `query` that could
    join an active receiver's home feed (none older than a full feed's oldest entry), or
    (store, None, []) when the receiver is gone or away."""

    store = feed_store()
    into = Account.objects.select_related("user").filter(pk=into_account_id).first()
    if into is None or not _is_active(into):
        return store, None, []
    if store.count(HOME, into.id) >= MERGE_LIMIT:
        oldest = store.page(HOME, into.id, min_id=0, limit=1)
        if oldest:
            query = query.filter(id__gt=oldest[0])
    statuses = list(_statuses_with_authors(query).order_by("-id")[:MERGE_LIMIT])
    return store, into, statuses


def merge_into_home(from_account_id, into_account_id):
    """Bring from_account's recent statuses into into_account's home (a new follow)."""
    query = Status.objects.filter(account_id=from_account_id, visibility__in=FEED_VISIBILITIES)
    store, into, statuses = _merge_candidates(into_account_id, query)
    if into is None:
        return []
    crutches = Crutches([into.id], statuses)
    entries = [(status.id, status.reblog_of_id) for status in statuses
               if not filter_from_home(status, into.id, crutches)]
    return store.add_many(HOME, into.id, entries)


def _remove_where(kind, feed_ids, condition):
    """Take out of these feeds the statuses in them matching `condition` (a Q on Status)."""
    store = feed_store()
    held = {feed_id: store.ids(kind, feed_id) for feed_id in feed_ids}
    every = {status_id for ids in held.values() for status_id in ids}
    if not every:
        return
    matching = dict(Status.objects.filter(condition, id__in=every).distinct().values_list("id", "reblog_of_id"))
    for feed_id, ids in held.items():
        entries = [(status_id, matching[status_id]) for status_id in ids if status_id in matching]
        if entries:
            store.remove_many(kind, feed_id, entries)


def _owned_list_ids(account_id):

    return list(List.objects.filter(account_id=account_id).values_list("id", flat=True))


def unmerge_from_home(from_account_id, into_account_id):
    """Take from_account's statuses out of into_account's home and lists (an unfollow)."""
    _remove_where(HOME, [into_account_id], Q(account_id=from_account_id))
    _remove_where(LIST, _owned_list_ids(into_account_id), Q(account_id=from_account_id))


def clear_from_feeds(account_id, target_id):
    """A block or mute: target's statuses, reblogs of them and statuses mentioning target
    leave the account's home and lists (Mastodon's clear_from_home / clear_from_lists)."""
    condition = Q(account_id=target_id) | Q(reblog_of__account_id=target_id) | Q(mentions__account_id=target_id)
    _remove_where(HOME, [account_id], condition)
    _remove_where(LIST, _owned_list_ids(account_id), condition)


# --- Lists -------------------------------------------------------------------------------

def merge_into_list(list_id, account_ids, limit=MERGE_LIMIT):
    """Bring the recent statuses of accounts just added to a list into its feed."""

    lst = List.objects.filter(pk=list_id).first()
    if lst is None:
        return []
    statuses = []
    for account_id in account_ids:
        statuses += list(_statuses_with_authors(Status.objects.filter(
            account_id=account_id, visibility__in=FEED_VISIBILITIES)).order_by("-id")[:limit])
    crutches = Crutches([lst.account_id], statuses)
    replied = {status.in_reply_to_account_id for status in statuses if status.in_reply_to_account_id}
    members = set(ListAccount.objects.filter(list=lst, account_id__in=replied)
                  .values_list("list_id", "account_id")) if replied else set()
    entries = [(status.id, status.reblog_of_id) for status in statuses
               if not filter_from_home(status, lst.account_id, crutches, list_timeline=True)
               and not filter_from_list(status, lst, members)]
    return feed_store().add_many(LIST, lst.id, entries)


def unmerge_from_list(list_id, account_ids):
    _remove_where(LIST, [list_id], Q(account_id__in=list(account_ids)))


def drop_list(list_id):
    feed_store().clear(LIST, list_id)


# --- Deleted statuses ----------------------------------------------------------------------

def status_deleting(status):
    """Before a Status row is deleted (a pre_delete receiver, feeds.apps): after commit,
    it leaves every feed it was in, and its conversations."""

    args = (status.id, status.account_id, status.reblog_of_id, status.conversation_id)
    transaction.on_commit(lambda: tasks.unpush_status.delay(*args))


def unpush_status(status_id, account_id, reblog_of_id=None, conversation_id=None):
    """The status is gone: out of the author's and followers' homes and the lists holding
    the author (a shown reblog gives its place to another reblog of the same status)."""

    store = feed_store()
    if isinstance(store, DatabaseFeedStore):
        # Its rows went with it (a foreign key); only the extras waiting behind it remain.
        if reblog_of_id is not None:
            store.promote_extras(HOME, None, [reblog_of_id], any_feed=True)
            store.promote_extras(LIST, None, [reblog_of_id], any_feed=True)
    else:
        homes = [account_id] + list(Follow.objects.filter(target_account_id=account_id, account__domain__isnull=True)
                                    .values_list("account_id", flat=True))
        store.remove_from_feeds(HOME, homes, status_id, reblog_of_id)
        store.remove_from_feeds(LIST, list(lists_with_member(account_id).values_list("id", flat=True)),
                                status_id, reblog_of_id)
    if conversation_id is not None:

        conversations.remove_status(status_id, conversation_id)


def forget_missing(kind, feed_id, status_ids):
    """Ids a reader found in a feed with no status behind them any more (lazy cleanup)."""
    if status_ids:
        feed_store().remove_many(kind, feed_id, [(status_id, None) for status_id in status_ids])


# --- Returning users ---------------------------------------------------------------------

def regenerate_home(account):
    """Rebuild a home feed from the database (Mastodon's populate_home): the newest own
    statuses and followed accounts' statuses that pass the rules."""

    store = feed_store()
    store.clear(HOME, account.id)
    followed = Follow.objects.filter(account_id=account.id).values("target_account_id")
    candidates = list(_statuses_with_authors(Status.objects.filter(
        Q(account_id=account.id) | Q(account_id__in=followed, visibility__in=FEED_VISIBILITIES)))
        .order_by("-id")[:MAX_ITEMS])
    crutches = Crutches([account.id], candidates)
    kept = [(status.id, status.reblog_of_id) for status in candidates
            if not filter_from_home(status, account.id, crutches)][:REGENERATE_LIMIT]
    return store.add_many(HOME, account.id, kept)


def regenerate_lists(account_id):

    for list_id in _owned_list_ids(account_id):
        feed_store().clear(LIST, list_id)
        members = sorted(member_ids(list_id))
        if members:
            merge_into_list(list_id, members, limit=REGENERATE_LIMIT)


def prepare_returning_user(user, last_seen) -> bool:
    """A user uses the API again (fedi.auth.user_returned: current_sign_in_at was unset or
    older than a day). When they were away longer than ACTIVE_DURATION, or are new, fan-out
    skipped them meanwhile: rebuild their home feed now (the request that brought them back
    may read it) and their lists in the background, as Mastodon's prepare_returning_user!.
    Returns True when rebuilt."""

    if last_seen is not None and last_seen >= timezone.now() - ACTIVE_DURATION:
        return False
    regenerate_home(user.account)
    tasks.regenerate_lists.delay(user.account_id)
    return True


CLEANUP_WINDOW = timedelta(days=1)


def clean_inactive_feeds(now=None):
    """Drop the home and list feeds of users who went away in the last CLEANUP_WINDOW past
    ACTIVE_DURATION (run periodically, more often than the window): fan-out skips them,
    and prepare_returning_user rebuilds their feeds when they return. Returns how many users."""

    cutoff = (now or timezone.now()) - ACTIVE_DURATION
    account_ids = list(User.objects.filter(current_sign_in_at__lt=cutoff,
                                           current_sign_in_at__gte=cutoff - CLEANUP_WINDOW)
                       .values_list("account_id", flat=True))
    store = feed_store()
    for account_id in account_ids:
        store.clear(HOME, account_id)
    for list_id in List.objects.filter(account_id__in=account_ids).values_list("id", flat=True):
        store.clear(LIST, list_id)
    return len(account_ids)


# --- Followed hashtags ---------------------------------------------------------------------

def merge_tag_into_home(tag_id, account_id):
    """A newly followed hashtag: its recent public statuses come into the home feed."""
    query = Status.objects.filter(tags=tag_id, visibility=Visibility.PUBLIC, reblog_of__isnull=True,
                                  account__suspended_at__isnull=True, account__silenced_at__isnull=True)
    store, into, statuses = _merge_candidates(account_id, query)
    if into is None:
        return []
    crutches = Crutches([into.id], statuses)
    entries = [(status.id, None) for status in statuses
               if status.account_id == into.id or not filter_from_tags(status, into.id, crutches)]
    return store.add_many(HOME, into.id, entries)


def unmerge_tag_from_home(tag_id, account_id):
    """An unfollowed hashtag: its statuses leave the home feed, but for those that are there
    for another reason (one's own, by a followed account, with another followed tag)."""

    followed = Follow.objects.filter(account_id=account_id).values("target_account_id")
    other_tags = TagFollow.objects.filter(account_id=account_id).exclude(tag_id=tag_id).values("tag_id")
    condition = (Q(tags=tag_id) & ~Q(account_id=account_id) & ~Q(account_id__in=followed)
                 & ~Q(id__in=Status.tags.through.objects.filter(tag_id__in=other_tags).values("status_id")))
    _remove_where(HOME, [account_id], condition)
