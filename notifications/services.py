"""Creating and removing notifications (Mastodon's NotifyService), policies and requests.

Contract used by the other apps' services:

    notify(recipient, type, from_account, status=None, **extra)
        Creates the notification once (the same type, sender and status notify once;
        `update` notifies again on each edit), unless a rule drops it: your own actions,
        blocks either way, a mute that hides notifications, a muted conversation, a blocked
        domain, and the recipient's notification policy (accept / filter into a request /
        drop). Returns the new Notification or None. Once committed, it is streamed (the
        notification_created signal: streaming.receivers) and delivered to Web Push
        subscriptions.
        Call it after your transaction commits (transaction.on_commit) or in a task.
        For a reblog pass the reblogged (original) status. extra: report=, event=,
        moderation_warning= (the entity as JSON, shown in the notification) and object_id=
        (what makes two such notifications different, e.g. the report's id).

    retract(recipient, type, from_account, status=None)
        Undo: removes that notification (unfavourite, unreblog, unfollow, a withdrawn or
        answered follow request...).

    notify_staff(type, from_account, permission, **extra)
        notify() every local user whose role has `permission` (admin.sign_up: manage_users,
        admin.report: manage_reports).
"""
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, User, UserRole
from fedi.errors import ValidationFailed
from fedi.ids import pk_of
from fedi.params import is_id
from notifications import signals
from notifications.models import (ACCEPT, DROP, FILTER, FILTERABLE_TYPES, GROUPABLE_TYPES, POLICY_VALUES,
                                  REPEATED_TYPES, SELF_TYPES, TYPES, Notification,
                                  NotificationPermission, NotificationPolicy, NotificationRequest)
from notifications.push import enqueue_push
from relationships.models import AccountDomainBlock, Block, Follow, Mute
from statuses.models import ConversationMute, Mention, Status
from statuses.services.threads import ancestor_ids

logger = logging.getLogger(__name__)

NEW_ACCOUNT_THRESHOLD = timedelta(days=30)
NEW_FOLLOWER_THRESHOLD = timedelta(days=3)
MAXIMUM_GROUP_SPAN_HOURS = 12
PRIVATE_MENTION_DEPTH = 100


# --- Creating --------------------------------------------------------------------------------

def notify(recipient, type, from_account, status=None, **extra):
    if type not in TYPES:
        raise ValueError(f"unknown notification type {type!r}")
    if recipient is None or from_account is None:
        return None
    if isinstance(recipient, int):
        recipient = Account.objects.filter(pk=recipient).first()
    if isinstance(from_account, int):
        from_account = Account.objects.filter(pk=from_account).first()
    if recipient is None or from_account is None:
        return None
    if _dropped(recipient, type, from_account, status):
        return None
    decision = _policy_decision(recipient, type, from_account, status)
    if decision == DROP:
        return None
    notification = _create(recipient, type, from_account, status, filtered=decision == FILTER, extra=extra)
    if notification is None:
        return None
    if notification.filtered:
        _update_request(notification)
    else:
        transaction.on_commit(lambda: _deliver(notification))
    return notification


def _recipient_unavailable(recipient):
    """Only local users with a working account get notifications."""
    if not recipient.is_local or recipient.is_suspended:
        return True
    user = User.objects.filter(account_id=recipient.id).only("disabled").first()
    return user is None or user.disabled


def _dropped(recipient, type, from_account, status):
    """Mastodon's DropCondition, before the policy: who never notifies whom."""
    if _recipient_unavailable(recipient):
        return True
    if recipient.id == from_account.id:
        return type not in SELF_TYPES
    if _blocks_strangers(recipient) and not _is_following(recipient, from_account):
        return True  # Pleroma's notification setting: only accounts the recipient follows
    if from_account.is_suspended:
        return True
    pair = Q(account=recipient, target_account=from_account) | Q(account=from_account, target_account=recipient)
    if Block.objects.filter(pair).exists():
        return True
    if Mute.objects.active().filter(account=recipient, target_account=from_account, hide_notifications=True).exists():
        return True
    if (from_account.domain and not _is_following(recipient, from_account)
            and AccountDomainBlock.objects.filter(account=recipient, domain=from_account.domain.lower()).exists()):
        return True
    if status is not None and status.conversation_id is not None:
        if ConversationMute.objects.active().filter(account=recipient,
                                                    conversation_id=status.conversation_id).exists():
            return True
    return False


def _blocks_strangers(recipient):
    settings = User.objects.filter(account_id=recipient.id).values_list("settings", flat=True).first() or {}
    return bool((settings.get("pleroma_notification_settings") or {}).get("block_from_strangers"))


def _is_following(account, target):
    return Follow.objects.filter(account=account, target_account=target).exists()


def policy_for(account):
    """The account's NotificationPolicy (Mastodon's defaults until it changes one)."""
    policy = NotificationPolicy.objects.filter(account_id=pk_of(account)).first()
    return policy or NotificationPolicy(account_id=pk_of(account))


class _Conditions:
    """The questions the policy asks about a sender, each asked at most once."""

    def __init__(self, recipient, type, sender, status):
        self.recipient, self.type, self.sender, self.status = recipient, type, sender, status
        self._cache = {}

    def _memo(self, name, compute):
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    @property
    def not_following(self):
        return self._memo("not_following", lambda: not _is_following(self.recipient, self.sender))

    @property
    def not_follower(self):
        def compute():
            follow = Follow.objects.filter(account=self.sender, target_account=self.recipient).first()
            return follow is None or follow.created_at > timezone.now() - NEW_FOLLOWER_THRESHOLD
        return self._memo("not_follower", compute)

    @property
    def new_account(self):
        return self.sender.created_at > timezone.now() - NEW_ACCOUNT_THRESHOLD

    @property
    def limited(self):
        return self.sender.is_silenced

    @property
    def private_mention_not_in_response(self):
        status = self.status
        if self.type != "mention" or status is None or status.visibility != "direct":
            return False
        return self._memo("private_mention", lambda: not _responds_to_recipient(status, self.recipient, self.sender))

    def matches(self, field):
        if field == "for_limited_accounts":
            return self.limited and self.not_following
        if field == "for_not_following":
            return self.not_following
        if field == "for_not_followers":
            return self.not_follower
        if field == "for_new_accounts":
            return self.new_account and self.not_following
        if field == "for_private_mentions":
            return self.not_following and self.private_mention_not_in_response
        return False


# The order Mastodon asks in (limited accounts first).
_POLICY_ORDER = ("for_limited_accounts", "for_not_following", "for_not_followers", "for_new_accounts",
                 "for_private_mentions")


def _policy_decision(recipient, type, from_account, status):
    """accept, filter or drop, by the recipient's policy (Mastodon's Drop/FilterCondition)."""
    if type not in FILTERABLE_TYPES:
        return ACCEPT
    policy = policy_for(recipient)
    wanted = {field: getattr(policy, field) for field in _POLICY_ORDER}
    if all(value == ACCEPT for value in wanted.values()):
        return ACCEPT
    if NotificationPermission.objects.filter(recipient=recipient, from_account=from_account).exists():
        return ACCEPT
    conditions = _Conditions(recipient, type, from_account, status)
    for outcome in (DROP, FILTER):
        if any(value == outcome and conditions.matches(field) for field, value in wanted.items()):
            return outcome
    return ACCEPT


def _responds_to_recipient(status, recipient, sender):
    """Whether a private mention answers a private mention of the sender by the recipient,
    up the thread (a conversation the recipient started is never filtered)."""
    if status.in_reply_to_id is None:
        return False

    ancestors = ancestor_ids(status)[-PRIVATE_MENTION_DEPTH:]
    if not ancestors:
        return False
    return Status.objects.filter(id__in=ancestors, account_id=recipient.id, visibility="direct").filter(
        id__in=Mention.objects.filter(account_id=sender.id, silent=False).values("status_id")).exists()


def activity_key(type, from_account, status=None, object_id=None):
    """What makes a notification the same one: its type, sender, status and object."""
    return f"{type}:{pk_of(from_account)}:{pk_of(status) or ''}:{object_id or ''}"


def group_key_for(recipient, type, status, created_at):
    """Mastodon's group key: notifications of one groupable type (and status) within a span
    of at most 12 hour buckets share one; the previous key is reused while it is recent."""
    if type not in GROUPABLE_TYPES:
        return None
    prefix = f"{type}-{pk_of(status)}" if type in ("favourite", "reblog") else type
    bucket = int(created_at.timestamp()) // 3600
    previous = (Notification.objects.filter(recipient=recipient, group_key__startswith=f"{prefix}-")
                .order_by("-id").values_list("group_key", flat=True).first())
    if previous:
        try:
            previous_bucket = int(previous.rsplit("-", 1)[1])
        except (IndexError, ValueError):
            previous_bucket = None
        if previous_bucket is not None and bucket < previous_bucket + MAXIMUM_GROUP_SPAN_HOURS:
            bucket = previous_bucket
    return f"{prefix}-{bucket}"


def _payload(extra):
    payload = {name: extra[name] for name in ("report", "event", "moderation_warning", "emoji", "emoji_url",
                                                "chat_message", "target",
                                                "collection")
               if extra.get(name) is not None}
    return payload or None


def _create(recipient, type, from_account, status, *, filtered, extra):
    object_id = extra.get("object_id")
    if object_id is None:
        for name in ("report", "event", "moderation_warning"):
            if isinstance(extra.get(name), dict) and extra[name].get("id") is not None:
                object_id = extra[name]["id"]
    key = activity_key(type, from_account, status, object_id)
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = Notification.objects.select_for_update().filter(recipient=recipient, activity_key=key).first()
            if existing is not None:
                if type not in REPEATED_TYPES:
                    return None
                existing.delete()
            return Notification.objects.create(
                recipient=recipient, type=type, from_account=from_account, status=status, filtered=filtered,
                group_key=None if filtered else group_key_for(recipient, type, status, now), created_at=now,
                activity_key=key, payload=_payload(extra))
    except IntegrityError:  # the same notification, created concurrently
        return None


def _update_request(notification):
    """A filtered notification lands in the request from its sender (created on the first)."""
    now = timezone.now()
    defaults = {"updated_at": now}
    if notification.status_id is not None:
        defaults["last_status_id"] = notification.status_id
    try:
        with transaction.atomic():
            NotificationRequest.objects.update_or_create(
                recipient_id=notification.recipient_id, from_account_id=notification.from_account_id,
                defaults=defaults, create_defaults={**defaults, "created_at": now})
    except IntegrityError:  # created concurrently: the other one counts this notification too
        pass


def _deliver(notification):
    """After commit: the streaming API and Web Push."""
    try:
        signals.notification_created.send(sender=Notification, notification=notification)
    except Exception:  # a stream must never break the action that notified
        logger.exception("Could not publish notification %s", notification.id)

    enqueue_push(notification)


def notify_staff(type, from_account, permission, **extra):
    """notify() each local user whose role grants `permission` (or administrator)."""
    flags = UserRole.FLAGS[permission] | UserRole.FLAGS["administrator"]
    roles = [role.id for role in UserRole.objects.all() if role.permissions & flags]
    if not roles:
        return []
    recipients = (Account.objects.filter(user__role_id__in=roles, user__disabled=False, suspended_at__isnull=True)
                  .exclude(pk=pk_of(from_account)))
    return [n for n in (notify(recipient, type, from_account, **extra) for recipient in recipients) if n]


# --- Removing ---------------------------------------------------------------------------------

def retract(recipient, type, from_account, status=None):
    """Remove the notification an undone action caused (and an emptied request)."""
    rows = Notification.objects.filter(recipient_id=pk_of(recipient), type=type, from_account_id=pk_of(from_account))
    if status is not None:
        rows = rows.filter(status_id=pk_of(status))
    deleted, _ = rows.delete()
    if deleted:
        reconsider_request(recipient, from_account)
    return deleted


def retract_object(recipient, type, from_account, object_id):
    """retract() the notification about one object that is not a status (a chat message)."""
    deleted, _ = Notification.objects.filter(
        recipient_id=pk_of(recipient), activity_key=activity_key(type, from_account, None, object_id)).delete()
    if deleted:
        reconsider_request(recipient, from_account)
    return deleted


def reconsider_request(recipient, from_account):
    """A request with no filtered notification left goes away."""
    remaining = Notification.objects.filter(recipient_id=pk_of(recipient), from_account_id=pk_of(from_account),
                                            filtered=True)
    if not remaining.exists():
        NotificationRequest.objects.filter(recipient_id=pk_of(recipient), from_account_id=pk_of(from_account)).delete()


def retract_after_commit(recipient, type, from_account, status=None):
    """retract() once the current transaction commits (for services that delete the cause)."""
    recipient_id, from_id, status_id = pk_of(recipient), pk_of(from_account), pk_of(status)
    transaction.on_commit(lambda: retract(recipient_id, type, from_id, status_id))


def notify_after_commit(recipient, type, from_account, status=None, **extra):
    """notify() once the current transaction commits."""
    transaction.on_commit(lambda: notify(recipient, type, from_account, status, **extra))


def dismiss(account, notification_id):
    """Delete one of the account's notifications; False when there is no such notification."""
    notification = Notification.objects.filter(recipient=account, pk=notification_id).first()
    if notification is None:
        return False
    notification.delete()
    if notification.filtered:
        reconsider_request(account, notification.from_account_id)
    return True


def dismiss_many(account, notification_ids):
    """Delete those of the account's notifications (others' ids are ignored)."""
    deleted, _ = Notification.objects.filter(recipient=account, pk__in=list(notification_ids)).delete()
    return deleted


def clear(account):
    Notification.objects.filter(recipient=account).delete()
    NotificationRequest.objects.filter(recipient=account).delete()


def dismiss_group(account, group_key):
    rows = group_rows(account, group_key)
    senders = set(rows.filter(filtered=True).values_list("from_account_id", flat=True))
    rows.delete()
    for sender in senders:
        reconsider_request(account, sender)


def group_rows(account, group_key):
    """The account's notifications with a group key ("ungrouped-<id>" is one notification)."""
    rows = Notification.objects.filter(recipient=account)
    if group_key.startswith("ungrouped-"):
        number = group_key[len("ungrouped-"):]
        if not is_id(number):
            return rows.none()
        return rows.filter(pk=int(number))
    return rows.filter(group_key=group_key)


# --- Policy and requests -------------------------------------------------------------------------

def update_policy(account, values):
    """Set policy fields from {field: accept|filter|drop}; returns the saved policy."""
    errors = ValidationFailed()
    for field, value in values.items():
        if value not in POLICY_VALUES:
            errors.add(field, "ERR_INCLUSION")
    errors.raise_if_any()
    with transaction.atomic():
        policy, _ = NotificationPolicy.objects.select_for_update().get_or_create(account_id=pk_of(account))
        for field, value in values.items():
            setattr(policy, field, value)
        policy.save()
    return policy


@transaction.atomic
def accept_requests(account, requests):
    """Accept requests: their senders' notifications are never filtered again, and the ones
    filtered so far join the notifications (Mastodon's AcceptNotificationRequestService)."""
    for request in requests:
        NotificationPermission.objects.get_or_create(recipient_id=pk_of(account),
                                                     from_account_id=request.from_account_id)
        Notification.objects.filter(recipient_id=pk_of(account), from_account_id=request.from_account_id,
                                    filtered=True).update(filtered=False)
        request.delete()
    if requests:
        account_id = pk_of(account)
        transaction.on_commit(lambda: _publish_merged(account_id))


def _publish_merged(account_id):
    """The `notifications_merged` streaming event: clients reload their notifications."""
    try:
        signals.notifications_merged.send(sender=Notification, account_id=account_id)
    except Exception:
        logger.exception("Could not publish notifications_merged for %s", account_id)


@transaction.atomic
def dismiss_requests(account, requests):
    """Dismiss requests: they go, with the notifications filtered into them."""
    for request in requests:
        Notification.objects.filter(recipient_id=pk_of(account), from_account_id=request.from_account_id,
                                    filtered=True).delete()
        request.delete()
