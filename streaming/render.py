"""Turning a published event into the payload one viewer receives.

Published messages carry only ids (streaming.publish); each connection renders them for
its own viewer here, so a stream never shows what the REST API would hide from that
viewer: a status they may not see (visibility, blocks) or that their blocks, mutes and
domain blocks take out of their timelines is skipped, a `hide` filter drops it, a `warn`
filter adds `filtered`, and `favourited`/`reblogged`/... are the viewer's own.

A message is {"event": ..., "kind": ..., "id": ..., "payload": ...}. Kinds:

    raw           payload (a string, or None: filters_changed) goes out as it is
    status        id of a Status, rendered as the REST API renders it for the viewer
    notification  id of a Notification (the notifications app)
    conversation  id of the viewer's conversation (the timelines app)
    announcement  id of an Announcement

Renderers are pluggable: `register(kind, function)` where function(viewer, object_id,
filter_context) returns the entity as a dict, or None to send nothing. Built-in ones cover
statuses; the others find their app's serializer when it exists (see DEFAULTS) until the
app registers its own.

Everything here is synchronous (it reads the database).
"""
import json
import logging
import threading
from collections import OrderedDict

from accounts.serializers import profile_mention_urls_many
from filters.services import active_filters_many
from notifications.models import Notification
from notifications.serializers import render_notifications
from relationships.queries import hidden_account_ids, hidden_among
from statuses.serializers import ViewerStates, load, render_statuses
from statuses.visibility import can_see, hidden_by_relationships, involved_account_ids, viewers_who_can_see
from feeds.conversations import render_conversation as conversation_entity

logger = logging.getLogger("streaming")

RENDERERS = {}


def register(kind, function=None):
    """Register the renderer of a kind of object (usable as a decorator)."""
    if function is None:
        def decorator(fn):
            RENDERERS[kind] = fn
            return fn
        return decorator
    RENDERERS[kind] = function
    return function


def unregister(kind):
    RENDERERS.pop(kind, None)


def encode(data):
    """JSON as Mastodon sends it: compact, UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def render_event(viewer, message, filter_context=None):
    """(event, payload string or None) for this viewer, or None to send nothing."""
    event = message.get("event")
    kind = message.get("kind", "raw")
    if kind == "raw":
        payload = message.get("payload")
        return event, (None if payload is None else str(payload))
    renderer = RENDERERS.get(kind) or DEFAULTS.get(kind)
    if renderer is None:
        return None
    try:
        if renderer is render_status:
            data = render_status(viewer, message.get("id"), filter_context, snapshot=message.get("snapshot"))
        else:
            data = renderer(viewer, message.get("id"), filter_context)
    except Exception:  # one bad row must not kill the connection
        logger.exception("streaming: rendering %s %s failed", kind, message.get("id"))
        return None
    if data is None:
        return None
    return event, data if isinstance(data, str) else encode(data)


# --- Statuses ----------------------------------------------------------------------------

def hidden_from(viewer_account, status):
    """Whether the viewer's relationships take this status out of their streams: a block
    either way, a mute or a domain block of its author, the reblogged author, the author
    replied to, or anyone it mentions (as Mastodon's streaming server checks)."""
    if status.account_id == viewer_account.id and status.reblog_of_id is None:
        return False
    hidden = hidden_account_ids(viewer_account.id)
    if not hidden:
        return False
    if hidden_by_relationships(viewer_account, status, hidden):
        return True
    target = status.reblog_of if status.reblog_of_id else status
    mentioned = {mention.account_id for mention in target.mentions.all()}
    return bool(mentioned & hidden)


# A published event reaches every connection subscribed to it, each rendering it for its
# own viewer; what does not depend on the viewer (the status read with all it shows, its
# author's profile mentions) is read once per event and process, keyed by the snapshot
# token the publisher puts on all the messages one send builds (streaming.publish).
_SNAPSHOTS = OrderedDict()
_SNAPSHOTS_KEPT = 64
_snapshots_lock = threading.Lock()


def _snapshot(status_id, snapshot):
    """(statuses, profile mentions or None) of a status as one event shows it."""
    if snapshot is None:
        return load([status_id]), None
    key = (snapshot, status_id)
    with _snapshots_lock:
        found = _SNAPSHOTS.get(key)
        if found is not None:
            _SNAPSHOTS.move_to_end(key)
            return found
    statuses = load([status_id])
    authors = {status.account_id: status.account for status in statuses + [
        status.reblog_of for status in statuses if status.reblog_of_id]}
    found = (statuses, profile_mention_urls_many(authors.values()))
    with _snapshots_lock:
        _SNAPSHOTS[key] = found
        while len(_SNAPSHOTS) > _SNAPSHOTS_KEPT:
            _SNAPSHOTS.popitem(last=False)
    return found


def render_status(viewer, status_id, filter_context=None, snapshot=None):
    found, profile_mentions = _snapshot(int(status_id), snapshot)
    if not found:
        return None
    status = found[0]
    account = viewer.account if viewer is not None else None
    if not can_see(account, status):
        return None
    if account is not None and hidden_from(account, status):
        return None
    rendered = render_statuses(found, account, filter_context=filter_context, preloaded=True,
                               profile_mentions=profile_mentions)
    return rendered[0] if rendered else None


def render_status_many(viewers, status_id, filter_context=None, snapshot=None):
    """{account id: the status's payload for that viewer, or None} for many signed-in
    viewers (anything with an `account`: streams.Viewer, User) of one event: what
    render_status gives each, with the database read once for all of them (who may see
    it, who hides its accounts, favourites & co., filters)."""
    accounts = {viewer.account.id: viewer.account for viewer in viewers}
    result = dict.fromkeys(accounts)
    found, profile_mentions = _snapshot(int(status_id), snapshot)
    if not found or not accounts:
        return result
    status = found[0]
    visible = viewers_who_can_see(status, accounts)
    target = status.reblog_of if status.reblog_of_id else status
    involved = involved_account_ids(status) | {mention.account_id for mention in target.mentions.all()}
    hidden = hidden_among(visible, involved)
    own = status.account_id if status.reblog_of_id is None else None  # hidden_from: one's own post never is
    shown = {account_id for account_id in visible if account_id == own or not hidden.get(account_id)}
    if not shown:
        return result
    everything = found + [item.reblog_of for item in found if item.reblog_of_id]
    states = ViewerStates(shown, everything)
    filter_sets = active_filters_many(shown, filter_context) if filter_context else {}
    # Viewers whose state of these statuses is the same get the same payload (a new post:
    # nearly all of them), rendered once. Anything else that differs per viewer makes the
    # viewer's rendering its own: being an author (application, pinned, sensitive, a poll's
    # `voted`), filters, and quotes (their state and approval depend on the relationship).
    authors = {item.account_id for item in everything}
    quoting = any(item._state.fields_cache.get("quote") is not None
                  or getattr(item._state.fields_cache.get("quote_policy"), "policy", "public") != "public"
                  for item in everything)
    rendered_by_signature = {}
    for account_id in sorted(shown):
        account = accounts[account_id]
        state = states.for_viewer(account)
        filter_set = filter_sets.get(account_id)
        signature = None
        if account_id not in authors and not quoting and not filter_set:
            signature = (frozenset(state.favourited), frozenset(state.reblogged), frozenset(state.bookmarked),
                         frozenset(state.muted), tuple(sorted((poll, tuple(choices))
                                                              for poll, choices in state.own_votes.items())),
                         frozenset(state.visible_parents), tuple(map(tuple, state.reaction_rows)),
                         any(str(account_id) in group["account_ids"]
                             for groups in state.reactions.values() for group in groups.values()))
            if signature in rendered_by_signature:
                result[account_id] = rendered_by_signature[signature]
                continue
        rendered = render_statuses(found, account, filter_context=filter_context, preloaded=True,
                                   profile_mentions=profile_mentions, state=state, filter_set=filter_set)
        result[account_id] = encode(rendered[0]) if rendered else None
        if signature is not None:
            rendered_by_signature[signature] = result[account_id]
    return result


# --- The apps below streaming -----------------------------------------------------------
# (The apps above it, e.g. announcements, register their renderers in their apps.py ready().)

def render_notification(viewer, notification_id, filter_context=None):
    """The Notification entity (notifications.serializers), for its recipient only."""
    notification = Notification.objects.filter(id=int(notification_id)).first()
    if notification is None or viewer is None or notification.recipient_id != viewer.account_id:
        return None
    rendered = render_notifications([notification], viewer.account)
    return rendered[0] if rendered else None


def render_conversation(viewer, conversation_id, filter_context=None):
    """The Conversation entity as the viewer sees it (None when it is not theirs)."""
    if viewer is None:
        return None
    return conversation_entity(int(conversation_id), viewer.account)


DEFAULTS = {
    "status": render_status,
    "notification": render_notification,
    "conversation": render_conversation,
}
