"""Precomputed feeds (home and list timelines): one store interface, two stores.

    store = feed_store()
    store.add(HOME, account_id, status_id, reblog_of_id)      # True when it entered the feed
    store.page(HOME, account_id, max_id=..., limit=20)        # status ids, newest first

- RedisFeedStore (production, REDIS_URL set): a sorted set per feed,
  `<CACHE_KEY_PREFIX>:feed:<kind>:<id>`, as Mastodon's FeedManager keeps them. Members are
  the status ids zero-padded to 20 digits, all with score 0, ordered lexicographically:
  64-bit ids do not fit a sorted set's double-precision scores exactly (ids a few apart
  would share a score and cursors would skip them), lexicographic ranges are exact.
  Each feed has a hash `...:reblogs` (reblogged status -> the reblog shown for it) and per
  reblogged status a set `...:reblogs:<id>` of the extra reblogs held back. Updates run as
  Lua scripts, so concurrent workers never interleave within one feed.
- DatabaseFeedStore (the embedded default): rows of feeds.models.FeedEntry.

Both apply Mastodon's rules: at most MAX_ITEMS entries per feed (the oldest go), and a
reblog does not enter a feed where the reblogged status, or another reblog of it, is
among the newest REBLOG_FALLOFF entries (it is kept aside and takes the shown reblog's
place if that one is deleted). Which store: settings.FEED_STORE ("redis" or "database")
when set, else Redis when REDIS_URL is set.

Feeds are never trusted for privacy: readers filter the ids again (timelines.queries).
"""
from typing import Any

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from feeds.models import FeedEntry

HOME = "home"
LIST = "list"
MAX_ITEMS = 800
REBLOG_FALLOFF = 40


def _int(value):
    return None if value is None else int(value)


class FeedStore:
    """The interface; `kind` is HOME or LIST, `feed_id` the account or list id."""

    name = "abstract"

    def add(self, kind, feed_id, status_id, reblog_of_id=None):
        """Insert one status; True when it entered the feed (False: filtered as a
        duplicate reblog, or already there)."""
        return bool(self.add_to_feeds(kind, [feed_id], status_id, reblog_of_id))

    def add_to_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        """Insert one status into many feeds; the feed ids it entered."""
        raise NotImplementedError

    def add_many(self, kind, feed_id, entries):
        """Insert [(status_id, reblog_of_id)] into one feed, oldest first (merges and
        rebuilds); the status ids that entered."""
        raise NotImplementedError

    def remove(self, kind, feed_id, status_id, reblog_of_id=None):
        self.remove_many(kind, feed_id, [(status_id, reblog_of_id)])

    def remove_many(self, kind, feed_id, entries):
        """Take [(status_id, reblog_of_id)] out of one feed; a shown reblog leaving gives
        its place to the oldest extra reblog of the same status, if any."""
        raise NotImplementedError

    def remove_from_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        for feed_id in feed_ids:
            self.remove_many(kind, feed_id, [(status_id, reblog_of_id)])

    def page(self, kind, feed_id, *, max_id=None, since_id=None, min_id=None, limit=20, offset=0):
        """Status ids, newest first: below max_id, above since_id; with min_id the ones
        immediately above it (still returned newest first). `offset` skips that many."""
        raise NotImplementedError

    def ids(self, kind, feed_id):
        """Every status id in the feed, newest first."""
        return self.page(kind, feed_id, limit=MAX_ITEMS * 2)

    def count(self, kind, feed_id):
        raise NotImplementedError

    def clear(self, kind, feed_id):
        raise NotImplementedError


# --- Database -------------------------------------------------------------------------

class DatabaseFeedStore(FeedStore):
    name = "database"

    @staticmethod
    def _rows(kind, feed_id=None):
        rows = FeedEntry.objects.filter(kind=kind)
        return rows if feed_id is None else rows.filter(feed_id=feed_id)

    def _top_holding(self, kind, feed_ids, original_id):
        """{feed_id} of the feeds whose newest REBLOG_FALLOFF shown entries hold the
        original or a reblog of it."""
        if not feed_ids:
            return set()
        newer = (self._rows(kind).filter(feed_id=OuterRef("feed_id"), shown=True, status_id__gt=OuterRef("status_id"))
                 .order_by().values("feed_id").annotate(n=Count("id")).values("n"))
        return set(self._rows(kind).filter(feed_id__in=feed_ids, shown=True)
                   .filter(Q(status_id=original_id) | Q(reblog_of_id=original_id))
                   .annotate(newer=Coalesce(Subquery(newer), 0)).filter(newer__lt=REBLOG_FALLOFF)
                   .values_list("feed_id", flat=True))

    def add_to_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        feed_ids = list(dict.fromkeys(int(feed_id) for feed_id in feed_ids))
        if not feed_ids:
            return []
        status_id = int(status_id)
        present = set(self._rows(kind).filter(feed_id__in=feed_ids, status_id=status_id)
                      .values_list("feed_id", flat=True))
        feed_ids = [feed_id for feed_id in feed_ids if feed_id not in present]
        if reblog_of_id is not None:
            held_back = self._top_holding(kind, feed_ids, int(reblog_of_id))
        else:
            # A reblog of it got there first (workers run out of order): no point adding it.
            held_back = set(self._rows(kind).filter(feed_id__in=feed_ids, shown=True, reblog_of_id=status_id)
                            .values_list("feed_id", flat=True))
        rows = [FeedEntry(kind=kind, feed_id=feed_id, status_id=status_id, reblog_of_id=_int(reblog_of_id),
                          shown=feed_id not in held_back)
                for feed_id in feed_ids if reblog_of_id is not None or feed_id not in held_back]
        try:
            with transaction.atomic():
                FeedEntry.objects.bulk_create(rows, ignore_conflicts=True)
        except IntegrityError:  # the status was deleted meanwhile
            return []
        entered = [feed_id for feed_id in feed_ids if feed_id not in held_back]
        self._trim(kind, entered)
        return entered

    def add_many(self, kind, feed_id, entries):
        entered = []
        for status_id, reblog_of_id in sorted(entries):
            if self.add_to_feeds(kind, [feed_id], status_id, reblog_of_id):
                entered.append(int(status_id))
        return entered

    def _trim(self, kind, feed_ids):
        if not feed_ids:
            return
        full = (self._rows(kind).filter(feed_id__in=feed_ids).values("feed_id").annotate(n=Count("id"))
                .filter(n__gt=MAX_ITEMS).values_list("feed_id", flat=True))
        for feed_id in full:
            cut = (self._rows(kind, feed_id).order_by("-status_id").values_list("status_id", flat=True)
                   [MAX_ITEMS - 1:MAX_ITEMS].first())
            if cut is not None:
                self._rows(kind, feed_id).filter(status_id__lt=cut).delete()

    def remove_many(self, kind, feed_id, entries):
        entries = [(int(status_id), _int(reblog_of_id)) for status_id, reblog_of_id in entries]
        if not entries:
            return
        rows = self._rows(kind, feed_id)
        rows.filter(status_id__in=[status_id for status_id, _ in entries]).delete()
        originals = [status_id for status_id, reblog_of_id in entries if reblog_of_id is None]
        if originals:  # extras waiting for a deleted original have nothing to stand for
            rows.filter(shown=False, reblog_of_id__in=originals).delete()
        self.promote_extras(kind, [feed_id], [reblog_of_id for _, reblog_of_id in entries if reblog_of_id])

    def remove_from_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        feed_ids = list(feed_ids)
        rows = self._rows(kind).filter(feed_id__in=feed_ids)
        rows.filter(status_id=status_id).delete()
        if reblog_of_id is None:
            rows.filter(shown=False, reblog_of_id=status_id).delete()
        else:
            self.promote_extras(kind, feed_ids, [reblog_of_id])

    def promote_extras(self, kind, feed_ids, original_ids, *, any_feed=False):
        """Where no entry stands for an original any more, its oldest extra reblog is shown."""
        original_ids = {int(value) for value in original_ids if value}
        if not original_ids:
            return
        rows = self._rows(kind).filter(reblog_of_id__in=original_ids)
        if not any_feed:
            rows = rows.filter(feed_id__in=list(feed_ids))
        extras: dict[tuple[int, int], int] = {}
        for feed_id, status_id, original in (rows.filter(shown=False).order_by("status_id")
                                             .values_list("feed_id", "status_id", "reblog_of_id")):
            extras.setdefault((feed_id, original), status_id)
        if not extras:
            return
        standing = set(rows.filter(shown=True).values_list("feed_id", "reblog_of_id"))
        standing |= set(self._rows(kind).filter(feed_id__in={feed for feed, _ in extras},
                                                 status_id__in=original_ids).values_list("feed_id", "status_id"))
        for (feed_id, original), status_id in extras.items():
            if (feed_id, original) not in standing:
                self._rows(kind, feed_id).filter(status_id=status_id).update(shown=True)

    def page(self, kind, feed_id, *, max_id=None, since_id=None, min_id=None, limit=20, offset=0):
        rows = self._rows(kind, feed_id).filter(shown=True)
        if max_id is not None:
            rows = rows.filter(status_id__lt=max_id)
        if min_id is not None:
            ids = list(rows.filter(status_id__gt=min_id).order_by("status_id")
                       .values_list("status_id", flat=True)[offset:offset + limit])
            ids.reverse()
            return ids
        if since_id is not None:
            rows = rows.filter(status_id__gt=since_id)
        return list(rows.order_by("-status_id").values_list("status_id", flat=True)[offset:offset + limit])

    def count(self, kind, feed_id):
        return self._rows(kind, feed_id).filter(shown=True).count()

    def clear(self, kind, feed_id):
        self._rows(kind, feed_id).delete()


# --- Redis ----------------------------------------------------------------------------

# KEYS: feed, reblogs hash. ARGV: member, reblogged member or "", max items, falloff.
_ADD = """
local feed, reblogs = KEYS[1], KEYS[2]
local member, orig = ARGV[1], ARGV[2]
local max_items, falloff = tonumber(ARGV[3]), tonumber(ARGV[4])
if redis.call('ZSCORE', feed, member) then return 0 end
if orig ~= '' then
  local rank = redis.call('ZREVRANK', feed, orig)
  if rank and rank < falloff then return 0 end
  local shown = redis.call('HGET', reblogs, orig)
  if shown then
    local shown_rank = redis.call('ZREVRANK', feed, shown)
    if shown_rank and shown_rank < falloff then
      redis.call('SADD', reblogs .. ':' .. orig, member)
      return 0
    end
  end
  redis.call('HSET', reblogs, orig, member)
else
  local shown = redis.call('HGET', reblogs, member)
  if shown and redis.call('ZSCORE', feed, shown) then return 0 end
end
redis.call('ZADD', feed, 0, member)
local count = redis.call('ZCARD', feed)
if count > max_items then redis.call('ZREMRANGEBYRANK', feed, 0, count - max_items - 1) end
if redis.call('HLEN', reblogs) > 2 * falloff then
  local tracked = redis.call('HGETALL', reblogs)
  for i = 1, #tracked, 2 do
    local rank = redis.call('ZREVRANK', feed, tracked[i + 1])
    if (not rank) or rank >= falloff then
      redis.call('HDEL', reblogs, tracked[i])
      redis.call('DEL', reblogs .. ':' .. tracked[i])
    end
  end
end
return 1
"""

# KEYS: feed, reblogs hash. ARGV: member, reblogged member or "".
_REMOVE = """
local feed, reblogs = KEYS[1], KEYS[2]
local member, orig = ARGV[1], ARGV[2]
if orig ~= '' then
  local extras = reblogs .. ':' .. orig
  redis.call('SREM', extras, member)
  if not redis.call('ZSCORE', feed, member) then return 0 end
  redis.call('ZREM', feed, member)
  if redis.call('HGET', reblogs, orig) == member then
    redis.call('HDEL', reblogs, orig)
    local others = redis.call('SMEMBERS', extras)
    if #others > 0 then
      table.sort(others)
      redis.call('SREM', extras, others[1])
      redis.call('ZADD', feed, 0, others[1])
      redis.call('HSET', reblogs, orig, others[1])
    end
  end
  return 1
end
redis.call('DEL', reblogs .. ':' .. member)
redis.call('HDEL', reblogs, member)
return redis.call('ZREM', feed, member)
"""


def _member(status_id):
    return f"{int(status_id):020d}"


class RedisFeedStore(FeedStore):
    name = "redis"

    def __init__(self, url=None, prefix=None):
        # Any: redis-py types every reply as "the value or an Awaitable" (its asyncio client's)
        self.redis: Any = redis.Redis.from_url(url or settings.REDIS_URL, **settings.REDIS_CONNECTION_OPTIONS)
        self.prefix = prefix if prefix is not None else getattr(settings, "CACHE_KEY_PREFIX", "fedi")
        self._add = self.redis.register_script(_ADD)
        self._remove = self.redis.register_script(_REMOVE)

    def key(self, kind, feed_id):
        return f"{self.prefix}:feed:{kind}:{int(feed_id)}"

    def _keys(self, kind, feed_id):
        key = self.key(kind, feed_id)
        return [key, key + ":reblogs"]

    def add_to_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        feed_ids = list(dict.fromkeys(int(feed_id) for feed_id in feed_ids))
        if not feed_ids:
            return []
        args = [_member(status_id), "" if reblog_of_id is None else _member(reblog_of_id), MAX_ITEMS,
                REBLOG_FALLOFF]
        pipe = self.redis.pipeline(transaction=False)
        for feed_id in feed_ids:
            self._add(keys=self._keys(kind, feed_id), args=args, client=pipe)
        results = pipe.execute()
        return [feed_id for feed_id, result in zip(feed_ids, results) if result]

    def add_many(self, kind, feed_id, entries):
        entries = sorted((int(status_id), _int(reblog_of_id)) for status_id, reblog_of_id in entries)
        if not entries:
            return []
        keys = self._keys(kind, feed_id)
        pipe = self.redis.pipeline(transaction=False)
        for status_id, reblog_of_id in entries:
            self._add(keys=keys, args=[_member(status_id), "" if reblog_of_id is None else _member(reblog_of_id),
                                       MAX_ITEMS, REBLOG_FALLOFF], client=pipe)
        results = pipe.execute()
        return [status_id for (status_id, _), result in zip(entries, results) if result]

    def remove_many(self, kind, feed_id, entries):
        keys = self._keys(kind, feed_id)
        pipe = self.redis.pipeline(transaction=False)
        for status_id, reblog_of_id in entries:
            self._remove(keys=keys, args=[_member(status_id), "" if reblog_of_id is None else _member(reblog_of_id)],
                         client=pipe)
        pipe.execute()

    def remove_from_feeds(self, kind, feed_ids, status_id, reblog_of_id=None):
        args = [_member(status_id), "" if reblog_of_id is None else _member(reblog_of_id)]
        pipe = self.redis.pipeline(transaction=False)
        for feed_id in feed_ids:
            self._remove(keys=self._keys(kind, feed_id), args=args, client=pipe)
        pipe.execute()

    def page(self, kind, feed_id, *, max_id=None, since_id=None, min_id=None, limit=20, offset=0):
        key = self.key(kind, feed_id)
        upper = f"({_member(max_id)}" if max_id is not None else "+"
        if min_id is not None:
            members = self.redis.zrangebylex(key, f"({_member(min_id)}", upper, start=offset, num=limit)
            members.reverse()
        else:
            lower = f"({_member(since_id)}" if since_id is not None else "-"
            members = self.redis.zrevrangebylex(key, upper, lower, start=offset, num=limit)
        return [int(member) for member in members]

    def count(self, kind, feed_id):
        return self.redis.zcard(self.key(kind, feed_id))

    def clear(self, kind, feed_id):
        key = self.key(kind, feed_id)
        tracked = self.redis.hkeys(key + ":reblogs")
        self.redis.delete(key, key + ":reblogs", *[key + ":reblogs:" + member.decode() for member in tracked])


# --- Choosing -------------------------------------------------------------------------

_stores: dict[str, "FeedStore"] = {}


def feed_store():
    """The configured store (one per process)."""
    name = getattr(settings, "FEED_STORE", None) or ("redis" if settings.REDIS_URL else "database")
    store = _stores.get(name)
    if store is None:
        store = _stores[name] = RedisFeedStore() if name == "redis" else DatabaseFeedStore()
    return store
