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
import importlib
import json
import logging

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
    from relationships.queries import hidden_account_ids
    from statuses.visibility import hidden_by_relationships

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


def render_status(viewer, status_id, filter_context=None):
    from statuses.serializers import load, render_statuses
    from statuses.visibility import can_see

    found = load([int(status_id)])
    if not found:
        return None
    status = found[0]
    account = viewer.account if viewer is not None else None
    if not can_see(account, status):
        return None
    if account is not None and hidden_from(account, status):
        return None
    rendered = render_statuses(found, account, filter_context=filter_context, preloaded=True)
    return rendered[0] if rendered else None


# --- The other apps' entities (until they register renderers of their own) ---------------

def _attr(path):
    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _owned(obj, viewer, *fields):
    owner = next((getattr(obj, name) for name in fields if hasattr(obj, name)), None)
    return viewer is not None and owner == viewer.account_id


def render_notification(viewer, notification_id, filter_context=None):
    """The Notification entity, through notifications.serializers (render_notifications
    (notifications, viewer) or NotificationSerializer), for its recipient only."""
    model = _attr("notifications.models.Notification")
    if model is None:
        return None
    notification = model.objects.filter(id=int(notification_id)).first()
    if notification is None or not _owned(notification, viewer, "account_id", "recipient_id"):
        return None
    render_many = _attr("notifications.serializers.render_notifications")
    if render_many is not None:
        rendered = render_many([notification], viewer.account)
        return rendered[0] if rendered else None
    serializer = _attr("notifications.serializers.NotificationSerializer")
    if serializer is None:
        return None
    return serializer.render(notification, viewer=viewer.account)


def render_conversation(viewer, conversation_id, filter_context=None):
    """The Conversation entity as the viewer sees it (timelines.conversations.
    render_conversation(conversation_id, viewer), None when it is not theirs)."""
    function = _attr("timelines.conversations.render_conversation")
    if function is None:
        return None
    return function(int(conversation_id), viewer.account)


def render_announcement(viewer, announcement_id, filter_context=None):
    """The Announcement entity, through AnnouncementSerializer of the app that owns it."""
    for app in ("instance", "announcements"):
        model = _attr(f"{app}.models.Announcement")
        serializer = _attr(f"{app}.serializers.AnnouncementSerializer")
        if model is None or serializer is None:
            continue
        announcement = model.objects.filter(id=int(announcement_id)).first()
        if announcement is None:
            return None
        return serializer.render(announcement, viewer=viewer.account if viewer else None)
    return None


DEFAULTS = {
    "status": render_status,
    "notification": render_notification,
    "conversation": render_conversation,
    "announcement": render_announcement,
}
