"""Publishing events to the streaming API.

Every function here is safe to call from any service, view or task: the event leaves
after the current database transaction commits (immediately when there is none), goes to
every web process as one message however many groups it is for (streaming.hub: Redis
pub/sub in production, the process's event loops on the embedded default), where the
connections that joined one of its groups take it, and nothing here ever raises into the
caller. Kills (a revoked token, a disabled account) go through the Channels layer's groups.

Messages carry ids only; each connection renders the entity for its own viewer
(streaming.render), so visibility, blocks, mutes and filters apply per subscriber.

Statuses (the statuses app):
    publish_status(status)            `update` to the public, media and hashtag streams it
                                      belongs on (public, not a reblog, author not silenced;
                                      replies to others skip the public streams, as Mastodon)
    publish_status_update(status)     `status.update` (an edit): those streams, plus the user
                                      streams of the author, local followers and local
                                      mentioned accounts, and the lists holding the author
    publish_delete(status, account_ids=None, list_ids=None)
                                      `delete`: public/hashtag streams, the user streams of the
                                      author, mentioned accounts and (but for a direct
                                      message) local followers (+ the given ones), direct
                                      streams of a direct status's participants, the lists
                                      that may show it (none for a DM). Deleting a
                                      Status row publishes this by itself (pre_delete receiver
                                      in streaming.apps); a bare id reaches only
                                      account_ids/list_ids.
Home and lists (the timelines app's fan-out, for each feed it inserts into):
    publish_to_home(account_id, status, event="update")
    publish_to_list(list_id, status, event="update")
    publish_to_homes(account_ids, status), publish_to_lists(list_ids, status)   the same, for
                                      many feeds in one send (to the live connections only)
Others:
    publish_notification(notification, recipient_id=None)   `notification`
    publish_notifications_merged(account_id)
    publish_filters_changed(account_id)                      `filters_changed`
    publish_conversation(account_id, conversation_id)        `conversation` on `direct`
    publish_announcement(announcement_id)                    `announcement` on every `user`
    publish_announcement_reaction(announcement_id, name, count)
    publish_announcement_delete(announcement_id)
    publish_chat_update(account_id, payload_builder)         `pleroma:chat_update` (chats app)
    publish_to_user(account_id, event, payload_builder=None) any event on `user`; the
                                      payload (str, dict, or a callable returning one) is
                                      the same for every connection of that user
    disconnect_token(token_id)        closes the token's connections (a revoked token)
    disconnect_account(account_id)    closes every connection of the account's user (it was
                                      disabled or suspended; Mastodon's timeline:system kill)
"""
import asyncio
import uuid
import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from fedi.ids import pk_of
from feeds.models import ListAccount
from relationships.models import Follow
from statuses.models import Mention, Status
from streaming import groups, hub
from streaming.render import encode

logger = logging.getLogger("streaming")

EVENT = "stream.event"  # the consumer's handler: stream_event
KILL = "stream.kill"


# --- Sending -----------------------------------------------------------------------------

def _layer():
    return get_channel_layer()


SEND_CONCURRENCY = 32  # group sends in flight at once (each a few Redis round trips)


async def _send_all(layer, messages):
    """One after another, a fan-out's thousand groups took a second to reach, and the last
    subscriber heard of the status that much later than the first (and the streaming side
    could not render them together); a few dozen at a time, in order of the list."""
    messages = list(messages)
    for start in range(0, len(messages), SEND_CONCURRENCY):
        chunk = messages[start:start + SEND_CONCURRENCY]
        if len(chunk) == 1:
            await layer.group_send(*chunk[0])
            continue
        results = await asyncio.gather(*(layer.group_send(group, message) for group, message in chunk),
                                       return_exceptions=True)
        failed = next((result for result in results if isinstance(result, BaseException)), None)
        if failed is not None:
            raise failed


_sending = set()  # tasks sending from async code, until they finish


def _with_listeners(layer, messages):
    """The messages whose group someone listens on, when the layer can tell cheaply (the
    Redis layer: one round trip for all, against two per group for a send to nobody)."""
    check = getattr(layer, "groups_with_members", None)
    if check is None or len(messages) < 2:
        return messages
    live = check(list(dict.fromkeys(group for group, _ in messages)))
    return messages if live is None else [(group, body) for group, body in messages if group in live]


def streaming_accounts(account_ids):
    """The ids among account_ids whose user stream is open on some connection (those with
    a member in their user group), in one Redis round trip; an empty set when the layer
    cannot tell. Never raises."""
    try:
        layer = _layer()
        account_ids = [int(account_id) for account_id in account_ids]
        names = {groups.user(account_id): account_id for account_id in account_ids}
        check = getattr(layer, "groups_with_members", None)
        if check is not None:
            live = check(list(names))
        else:
            live = set(getattr(layer, "groups", None) or ())  # channels' in-memory layer
        return {names[name] for name in live or () if name in names}
    except Exception:
        logger.exception("streaming: finding the streaming accounts failed")
        return set()


def send_now(messages):
    """Send [(group, message)] through the channel layer, now. Never raises."""
    messages = list(messages)
    if not messages:
        return
    try:
        layer = _layer()
        if layer is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        # Events go to each process's connections through its hub (one message per process
        # for all of them); the rest (kills) through the channel layer's groups.
        events = [(group, body) for group, body in messages if body.get("type") == EVENT]
        messages = [(group, body) for group, body in messages if body.get("type") != EVENT]
        if events:
            if loop is None:
                hub.publish_sync(layer, events)
            else:
                _keep(loop.create_task(hub.publish(layer, events)))
        if not messages:
            return
        if loop is None:
            messages = _with_listeners(layer, messages)
            if not messages:
                return
        if loop is not None:  # called from async code: do not block its loop
            _keep(loop.create_task(_send_all(layer, messages)))
        else:
            async_to_sync(_send_all)(layer, messages)
    except Exception:
        logger.exception("streaming: publishing failed")


def _keep(task):
    _sending.add(task)  # the loop keeps only a weak reference to its tasks
    task.add_done_callback(_sending.discard)
    task.add_done_callback(_log_failure)


def _log_failure(task):
    if not task.cancelled() and task.exception() is not None:
        logger.error("streaming: publishing failed", exc_info=task.exception())


def _snapshot(messages):
    """The messages of one send, marked as showing the same state of their objects: a
    connection's process reads a status once for all its connections that receive it
    (streaming.render), rather than once per connection."""
    messages = list(messages or [])
    token = uuid.uuid4().hex
    for _group, body in messages:
        if body.get("kind") == "status":
            body["snapshot"] = token
    return messages


def _safely(build):
    try:
        send_now(_snapshot(build()))
    except Exception:
        logger.exception("streaming: building an event failed")


def after_commit(build):
    """Run build() -> [(group, message)] after the transaction commits, and send."""
    try:
        transaction.on_commit(partial(_safely, build))
    except Exception:
        logger.exception("streaming: scheduling an event failed")


def message(group, event, kind="raw", object_id=None, payload=None):
    return group, {"type": EVENT, "group": group, "event": event, "kind": kind,
                   "id": None if object_id is None else int(object_id), "payload": payload}


# --- Where a status goes -----------------------------------------------------------------

def public_groups(status, *, deleting=False):
    """The public, media and hashtag groups of a status (Mastodon's broadcast rules)."""
    if status.visibility != "public" or status.reblog_of_id is not None:
        return []
    if not deleting and (status.account.silenced_at is not None or status.account.suspended_at is not None):
        return []
    result = []
    for tag in status.tags.all():
        result.append(groups.hashtag(tag.normalized or tag.name))
        if status.local:
            result.append(groups.hashtag(tag.normalized or tag.name, local=True))
    replying_to_other = ((status.in_reply_to_id is not None or status.in_reply_to_account_id is not None)
                         and status.in_reply_to_account_id != status.account_id)
    if not replying_to_other:
        scope = "local" if status.local else "remote"
        result += [groups.public(), groups.public(scope)]
        if status.media_attachments.exists():
            result += [groups.public(media=True), groups.public(scope, media=True)]
    return result


def local_follower_ids(account_id):
    return list(Follow.objects.filter(target_account_id=account_id, account__domain__isnull=True)
                .values_list("account_id", flat=True))


def local_mentioned_ids(status):
    return list(Mention.objects.filter(status_id=status.id, account__domain__isnull=True)
                .values_list("account_id", flat=True))


def list_ids_with_member(account_id, owner_ids=None):
    """The lists whose feeds take this account's statuses (the timelines app's lists),
    only those owned by owner_ids when given."""
    rows = ListAccount.objects.filter(account_id=account_id)
    if owner_ids is not None:
        rows = rows.filter(list__account_id__in=list(owner_ids))
    return list(rows.values_list("list_id", flat=True))


def audience_ids(status):
    """Local accounts who may see a status, whose user streams it may be on: the author,
    local mentioned accounts, and local followers unless it is a direct message (the
    rule of statuses.visibility; a suspended author's statuses already left every stream).
    An event about a status (even a bare `delete` with its id) goes to these only."""
    ids = set(local_mentioned_ids(status))
    if status.visibility != "direct":
        ids |= set(local_follower_ids(status.account_id))
    if status.account.domain is None:
        ids.add(status.account_id)
    return ids


def audience_list_ids(status, audience):
    """The lists holding the author that may show the status: any for a public or unlisted
    one, those of its audience for a followers-only one, none for a direct message (lists
    never take direct messages)."""
    if status.visibility == "direct":
        return []
    if status.visibility == "private":
        return list_ids_with_member(status.account_id, owner_ids=audience)
    return list_ids_with_member(status.account_id)


# --- Statuses ----------------------------------------------------------------------------

def _status(status):
    return (Status.objects.select_related("account").filter(id=pk_of(status)).first())


def publish_status(status):
    """`update` on the public and hashtag streams (home feeds: publish_to_home)."""
    status_id = pk_of(status)

    def build():
        current = _status(status_id)
        if current is None:
            return []
        return [message(group, "update", "status", status_id) for group in public_groups(current)]

    after_commit(build)


def publish_status_update(status):
    """`status.update` (an edit) wherever the status streams."""
    status_id = pk_of(status)

    def build():
        current = _status(status_id)
        if current is None:
            return []
        audience = audience_ids(current)
        targets = public_groups(current) + [groups.user(account_id) for account_id in sorted(audience)]
        targets += [groups.list_(list_id) for list_id in sorted(set(audience_list_ids(current, audience)))]
        return [message(group, "status.update", "status", status_id) for group in targets]

    after_commit(build)


def publish_delete(status, account_ids=None, list_ids=None):
    """`delete` (payload: the id) to every stream the status was on.

    With the Status itself (before its row is deleted): its public and hashtag streams, the
    user streams of its audience (audience_ids: its author, mentioned accounts, and local
    followers unless it is a direct message), the lists that may show it, and for a direct
    status its participants' direct streams. Only streams that could see the status hear
    of it: its id and time are not for others. Deleting a Status row does this by itself (a
    pre_delete receiver, streaming.apps), so services need not call it. With a bare id:
    only the given account_ids' user streams and list_ids (feeds the status was in)."""
    try:
        status_id = pk_of(status)
        users = {int(account_id) for account_id in account_ids or ()}
        lists = {int(list_id) for list_id in list_ids or ()}
        targets = []
        if not isinstance(status, int):
            targets += public_groups(status, deleting=True)
            audience = audience_ids(status)
            users |= audience
            lists |= set(audience_list_ids(status, audience))
            if status.visibility == "direct":
                targets += [groups.direct(account_id) for account_id in sorted(audience)]
        targets += [groups.user(account_id) for account_id in sorted(users)]
        targets += [groups.list_(list_id) for list_id in sorted(lists)]
        messages = [message(group, "delete", payload=str(status_id)) for group in dict.fromkeys(targets)]
    except Exception:
        logger.exception("streaming: building a delete event failed")
        return
    if messages:
        after_commit(lambda: messages)


def publish_to_home(account_id, status, event="update"):
    """A status entering (or edited in) one home feed: `update` on that user's stream."""
    status_id, account_id = pk_of(status), int(account_id)
    after_commit(lambda: [message(groups.user(account_id), event, "status", status_id)])


def publish_to_homes(account_ids, status, event="update"):
    """publish_to_home for many home feeds at once (the fan-out): one send for all, and
    only to the users with a live connection."""
    status_id, account_ids = pk_of(status), [int(account_id) for account_id in account_ids]
    if account_ids:
        after_commit(lambda: [message(groups.user(account_id), event, "status", status_id)
                              for account_id in account_ids])


def publish_to_lists(list_ids, status, event="update"):
    status_id, list_ids = pk_of(status), [int(list_id) for list_id in list_ids]
    if list_ids:
        after_commit(lambda: [message(groups.list_(list_id), event, "status", status_id) for list_id in list_ids])


def publish_to_list(list_id, status, event="update"):
    status_id, list_id = pk_of(status), int(list_id)
    after_commit(lambda: [message(groups.list_(list_id), event, "status", status_id)])


# --- Notifications, filters, conversations, announcements --------------------------------

def publish_notification(notification, recipient_id=None):
    if recipient_id is None:
        recipient_id = next(getattr(notification, name) for name in ("account_id", "recipient_id")
                            if hasattr(notification, name))
    notification_id, recipient_id = pk_of(notification), int(recipient_id)
    after_commit(lambda: [message(groups.notifications(recipient_id), "notification", "notification",
                                  notification_id)])


def publish_notifications_merged(account_id):
    account_id = int(account_id)
    after_commit(lambda: [message(groups.notifications(account_id), "notifications_merged", payload="1")])


def publish_filters_changed(account_id):
    account_id = int(account_id)
    after_commit(lambda: [message(groups.user(account_id), "filters_changed")])


def publish_conversation(account_id, conversation_id):
    """`conversation` on the account's direct stream (the Conversation entity as that
    account sees it: streaming.render's "conversation" renderer)."""
    account_id, conversation_id = int(account_id), int(conversation_id)
    after_commit(lambda: [message(groups.direct(account_id), "conversation", "conversation", conversation_id)])


def publish_announcement(announcement_id):
    announcement_id = int(pk_of(announcement_id))
    after_commit(lambda: [message(groups.ANNOUNCEMENTS, "announcement", "announcement", announcement_id)])


def publish_announcement_reaction(announcement_id, name, count):
    payload = encode({"name": name, "count": int(count), "announcement_id": str(pk_of(announcement_id))})
    after_commit(lambda: [message(groups.ANNOUNCEMENTS, "announcement.reaction", payload=payload)])


def publish_announcement_delete(announcement_id):
    payload = str(pk_of(announcement_id))
    after_commit(lambda: [message(groups.ANNOUNCEMENTS, "announcement.delete", payload=payload)])


def publish_to_user(account_id, event, payload_builder=None):
    """Any event on the user's `user` streams, the same payload for each of its connections."""
    account_id = int(account_id)

    def build():
        payload = payload_builder() if callable(payload_builder) else payload_builder
        if payload is not None and not isinstance(payload, str):
            payload = encode(payload)
        return [message(groups.user(account_id), event, payload=payload)]

    after_commit(build)


def publish_chat_update(account_id, payload_builder):
    """Pleroma's `pleroma:chat_update` (the Chat entity as its owner sees it) on the owner's
    `user:pleroma_chat` streams and the `user` streams whose token may read chats."""
    account_id = int(account_id)

    def build():
        payload = payload_builder() if callable(payload_builder) else payload_builder
        return [message(groups.pleroma_chat(account_id), "pleroma:chat_update", payload=encode(payload))]

    after_commit(build)


def disconnect_token(token_id):
    """Close every streaming connection of an access token (it was revoked)."""
    group = groups.token(token_id)
    after_commit(lambda: [(group, {"type": KILL})])


def disconnect_account(account_id):
    """Close every streaming connection of an account's user (disabled or suspended)."""
    group = groups.account_system(account_id)
    after_commit(lambda: [(group, {"type": KILL})])
