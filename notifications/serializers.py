"""Notification, NotificationGroup (GroupedNotificationsResults), NotificationPolicy (and the
v1 one), NotificationRequest and WebPushSubscription entities.

Pages render through render_notifications() / render_requests(), which load every status
of the page with statuses.serializers.render_statuses (a fixed number of queries); a
notification whose status the viewer's filters hide is left out, as its status would be.
"""
from accounts.serializers import MISSING_AVATAR, AccountSerializer, account_url
from fedi.formats import iso
from fedi.links import media
from fedi.serializers import EntitySerializer
from instance.services import vapid_public_key
from notifications.models import STATUS_TYPES
from notifications.queries import filtered_counts
from notifications.push import ALERT_TYPES
from statuses.models import Status
from statuses.serializers import render_statuses
from statuses.visibility import visible_statuses


def rendered_statuses(status_ids, viewer, relationships=None):
    """{status id: Status entity} for the statuses of a page the viewer may see, the
    viewer's filters applied (statuses a `hide` filter matches are missing too).
    `relationships`: Pleroma's with_relationships (render_statuses)."""
    ids = list(dict.fromkeys(status_id for status_id in status_ids if status_id is not None))
    if not ids:
        return {}
    # The one visibility rule (statuses.visibility): a notification, a notification
    # request or a stream event never shows more than GET /api/v1/statuses/:id would.
    visible = set(visible_statuses(viewer, Status.objects.filter(id__in=ids)).values_list("id", flat=True))
    ids = [status_id for status_id in ids if status_id in visible]
    if not ids:
        return {}
    return {int(data["id"]): data for data in render_statuses(ids, viewer, filter_context="notifications",
                                                              relationships=relationships)}


def _payload(notification, name):
    return (notification.payload or {}).get(name)


class NotificationSerializer(EntitySerializer):
    """Context: viewer, statuses ({id: Status entity}), last_read_id (Pleroma's is_seen)."""

    def to_representation(self, notification):
        data = self.notification_json(notification)
        if notification.type == "pleroma:emoji_reaction":  # which emoji (Pleroma's NotificationView)
            data["emoji"] = _payload(notification, "emoji")
            data["emoji_url"] = _payload(notification, "emoji_url")
        elif notification.type == "move":  # the new account (Pleroma's NotificationView)
            data["target"] = _payload(notification, "target")
        elif notification.type == "pleroma:chat_mention":  # the message (Pleroma's NotificationView)
            data["chat_message"] = _payload(notification, "chat_message")
        return data

    def notification_json(self, notification):
        statuses = self.context.get("statuses") or {}
        last_read_id = self.context.get("last_read_id")
        return {
            "id": str(notification.id),
            "type": notification.type,
            "group_key": notification.public_group_key,
            "created_at": iso(notification.created_at),
            "account": AccountSerializer.render(notification.from_account, viewer=self.viewer,
                                                relationships=self.context.get("relationships")),
            "status": statuses.get(notification.status_id) if notification.status_id else None,
            "report": _payload(notification, "report"),
            "event": _payload(notification, "event"),
            "moderation_warning": _payload(notification, "moderation_warning"),
            "collection": _payload(notification, "collection"),
            "fallback": None,
            "pleroma": {"is_seen": last_read_id is not None and notification.id <= last_read_id, "is_muted": False},
        }


def visible(notifications, statuses):
    """The notifications whose status (if they are about one) could be rendered."""
    return [notification for notification in notifications
            if notification.status_id is None or notification.status_id in statuses]


def render_notifications(notifications, viewer, *, last_read_id=None, relationships=None):
    """Notification entities; `relationships` (a relationships.serializers.PageRelationships,
    Pleroma's with_relationships) puts the viewer's Relationship in every account shown: the
    notifications' and their statuses', loaded together."""
    notifications = list(notifications)
    if relationships is not None:
        relationships.want(account_id for notification in notifications
                           for account_id in (notification.from_account_id, notification.from_account.moved_to_id))
    statuses = rendered_statuses([notification.status_id for notification in notifications], viewer, relationships)
    notifications = visible(notifications, statuses)
    context = {"viewer": viewer, "statuses": statuses, "last_read_id": last_read_id, "relationships": relationships}
    serializer = NotificationSerializer(context=context)
    return [serializer.to_representation(notification) for notification in notifications]


class PartialAccountWithAvatarSerializer(EntitySerializer):
    def to_representation(self, account):
        return {
            "id": str(account.id),
            "acct": account.acct,
            "url": account_url(account),
            "avatar": media(account.avatar, MISSING_AVATAR),
            "avatar_static": media(account.avatar_static or account.avatar, MISSING_AVATAR),
            "avatar_description": account.avatar_description,
            "locked": account.locked,
            "bot": account.bot,
        }


class NotificationGroupSerializer(EntitySerializer):
    """A notifications.grouping.Group."""

    def to_representation(self, group):
        notification = group.notification
        paginated = group.page_min_id is not None
        return {
            "group_key": group.group_key,
            "notifications_count": group.notifications_count,
            "type": notification.type,
            "most_recent_notification_id": group.most_recent_notification_id,
            "page_min_id": str(group.page_min_id) if paginated else None,
            "page_max_id": str(group.page_max_id) if paginated else None,
            "latest_page_notification_at": iso(group.latest_page_notification_at) if paginated else None,
            "sample_account_ids": [str(account_id) for account_id in group.sample_account_ids],
            "status_id": (str(notification.status_id) if notification.status_id and notification.type in STATUS_TYPES
                          else None),
            "report": _payload(notification, "report"),
            "event": _payload(notification, "event"),
            "moderation_warning": _payload(notification, "moderation_warning"),
            "fallback": None,
        }


def render_grouped(groups, accounts_by_id, viewer, *, partial_avatars=False):
    """GroupedNotificationsResults for groups (notifications.grouping.Group), their sample
    accounts loaded in accounts_by_id. Groups whose status the viewer's filters hide go."""
    statuses = rendered_statuses([group.notification.status_id for group in groups], viewer)
    groups = [group for group in groups
              if group.notification.status_id is None or group.notification.status_id in statuses]
    full_ids, partial_ids = [], []
    for group in groups:
        samples = [account_id for account_id in group.sample_account_ids if account_id in accounts_by_id]
        group.sample_account_ids = samples
        if partial_avatars:
            full_ids.extend(samples[:1])
            partial_ids.extend(samples[1:])
        else:
            full_ids.extend(samples)
    full_ids = list(dict.fromkeys(full_ids))
    partial_ids = [account_id for account_id in dict.fromkeys(partial_ids) if account_id not in set(full_ids)]
    status_ids = list(dict.fromkeys(group.notification.status_id for group in groups
                                    if group.notification.status_id is not None))
    return {
        "accounts": [AccountSerializer.render(accounts_by_id[account_id], viewer=viewer) for account_id in full_ids],
        "partial_accounts": [PartialAccountWithAvatarSerializer.render(accounts_by_id[account_id])
                             for account_id in partial_ids],
        "statuses": [statuses[status_id] for status_id in status_ids],
        "notification_groups": NotificationGroupSerializer.render_many(groups),
    }


class NotificationPolicySerializer(EntitySerializer):
    """Context: summary ({pending_requests_count, pending_notifications_count})."""

    def to_representation(self, policy):
        data = {field: getattr(policy, field) for field in policy.FIELDS}
        data["summary"] = self.context["summary"]
        return data


class V1NotificationPolicySerializer(EntitySerializer):
    """The first, boolean form (filter_*) of the policy: true unless notifications are accepted."""

    def to_representation(self, policy):
        return {
            "filter_not_following": policy.for_not_following != "accept",
            "filter_not_followers": policy.for_not_followers != "accept",
            "filter_new_accounts": policy.for_new_accounts != "accept",
            "filter_private_mentions": policy.for_private_mentions != "accept",
            "summary": self.context["summary"],
        }


class NotificationRequestSerializer(EntitySerializer):
    """Context: viewer, statuses ({id: Status entity}), counts ({sender id: filtered count})."""

    def to_representation(self, request):
        statuses = self.context.get("statuses") or {}
        return {
            "id": str(request.id),
            "created_at": iso(request.created_at),
            "updated_at": iso(request.updated_at),
            "account": AccountSerializer.render(request.from_account, viewer=self.viewer),
            "notifications_count": str(self.context.get("counts", {}).get(request.from_account_id, 0)),
            "last_status": statuses.get(request.last_status_id) if request.last_status_id else None,
        }


class WebPushSubscriptionSerializer(EntitySerializer):
    def to_representation(self, subscription):
        alerts = subscription.alerts or {}
        return {
            "id": str(subscription.id),
            "endpoint": subscription.endpoint,
            "standard": subscription.standard,
            "alerts": {kind: bool(alerts.get(kind)) for kind in ALERT_TYPES},
            "policy": subscription.policy or "all",
            "server_key": vapid_public_key(),
        }


def render_requests(requests, viewer):
    requests = list(requests)
    senders = [request.from_account_id for request in requests]
    counts = filtered_counts(viewer, senders)
    statuses = rendered_statuses([request.last_status_id for request in requests], viewer)
    context = {"viewer": viewer, "statuses": statuses, "counts": counts}
    return [NotificationRequestSerializer(request, context=context).data for request in requests]
