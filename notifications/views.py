"""Notifications (v1 and grouped v2), the filtering policy, notification requests, Web Push
subscriptions and Pleroma's mark-as-read."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import BadRequest, NotFound
from fedi.pagination import limit_param, page_of, paginate
from fedi.params import id_in_url, parse_id
from notifications import push, queries, services
from notifications.models import PushSubscription
from notifications.serializers import (NotificationPolicySerializer, V1NotificationPolicySerializer,
                                       WebPushSubscriptionSerializer, render_grouped, render_notifications,
                                       render_requests)
from relationships.serializers import page_relationships
from timelines.markers import save_markers

READ = Access.user("read:notifications")
WRITE = Access.user("write:notifications")
PUSH = Access.user("push")
DEFAULT_LIMIT, MAX_LIMIT = 40, 80
COUNT_LIMIT, MAX_COUNT_LIMIT = 100, 1000
MAX_REQUEST_IDS = 100
PLEROMA_VISIBILITIES = ("public", "unlisted", "private", "direct", "local", "list")


class NotificationsMixin:
    def browsable(self, *, with_filtered_param=True):
        params = self.params
        return queries.browsable(
            self.viewer, types=[str(kind) for kind in params.list("types") + params.list("include_types")],
            exclude_types=[str(kind) for kind in params.list("exclude_types")],
            account_id=params.id("account_id"),
            include_filtered=params.bool("include_filtered", False) if with_filtered_param else False)


# --- v1 ----------------------------------------------------------------------------------------

class NotificationsView(NotificationsMixin, ApiView):
    access = {"GET": READ}

    def get(self, request):
        rows = queries.with_profiles(self.browsable())
        # Pleroma's exclude_visibilities[]: leave out notifications about statuses of these visibilities.
        excluded = [str(value) for value in self.params.list("exclude_visibilities")]
        if any(value not in PLEROMA_VISIBILITIES for value in excluded):
            raise BadRequest("exclude_visibilities: unknown visibility")
        if excluded:
            rows = rows.exclude(status__visibility__in=excluded)
        page = paginate(self, rows, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
        return page.response(render_notifications(page.items, self.viewer,
                                                  last_read_id=queries.last_read_id(self.viewer),
                                                  relationships=page_relationships(self)))


def find_notification(viewer, notification_id):
    notification = (queries.with_profiles(queries.browsable(viewer, include_filtered=True))
                    .filter(pk=id_in_url(notification_id)).first())
    if notification is None:
        raise NotFound()
    return notification


class NotificationView(ApiView):
    access = {"GET": READ}

    def get(self, request, notification_id):
        notification = find_notification(self.viewer, notification_id)
        rendered = render_notifications([notification], self.viewer, last_read_id=queries.last_read_id(self.viewer),
                                        relationships=page_relationships(self))
        if not rendered:
            raise NotFound()
        return Response(rendered[0])


class ClearView(ApiView):
    access = {"POST": WRITE}

    def post(self, request):
        services.clear(self.viewer)
        return Response({})


class DismissView(ApiView):
    access = {"POST": WRITE}

    def post(self, request, notification_id):
        if not services.dismiss(self.viewer, id_in_url(notification_id)):
            raise NotFound()
        return Response({})


class DestroyMultipleView(ApiView):
    """DELETE /api/v1/notifications/destroy_multiple (ids[]): Pleroma's bulk dismissal."""

    access = {"DELETE": WRITE}

    def delete(self, request):
        ids = [id_in_url(value) for value in self.params.list("ids")[:MAX_REQUEST_IDS]]
        if not ids:
            raise BadRequest("param is missing or the value is empty: ids")
        services.dismiss_many(self.viewer, ids)
        return Response({})


class DismissByParamView(ApiView):
    """POST /api/v1/notifications/dismiss (id): the form before 1.3."""

    access = {"POST": WRITE}

    def post(self, request):
        notification_id = self.params.str("id", required=True, strip=True)
        if not services.dismiss(self.viewer, id_in_url(notification_id)):
            raise NotFound()
        return Response({})


class UnreadCountView(NotificationsMixin, ApiView):
    access = {"GET": READ}

    def get(self, request):
        limit = limit_param(self.params, COUNT_LIMIT, MAX_COUNT_LIMIT)
        rows = self.browsable(with_filtered_param=False)
        after = queries.last_read_id(self.viewer)
        if after is not None:
            rows = rows.filter(id__gt=after)
        return Response({"count": rows.values("id")[:limit].count()})


class PleromaReadView(ApiView):
    """POST /api/v1/pleroma/notifications/read: id (answers that notification) or max_id
    (answers the notifications up to it) moves the notifications marker forward."""

    access = {"POST": WRITE}

    def post(self, request):
        notification_id = self.params.id("id")
        max_id = self.params.id("max_id")
        if notification_id is None and max_id is None:
            raise BadRequest("You must specify id or max_id")
        if notification_id is not None:
            notification = find_notification(self.viewer, notification_id)
            mark_read(self.viewer, notification.id)
            rendered = render_notifications([notification], self.viewer, last_read_id=notification.id)
            if not rendered:
                raise NotFound()
            return Response(rendered[0])
        rows = queries.with_profiles(queries.browsable(self.viewer).filter(id__lte=max_id)).order_by("-id")
        items = list(rows[:DEFAULT_LIMIT])
        newest = items[0].id if items else max_id
        last = mark_read(self.viewer, newest)
        return Response(render_notifications(items, self.viewer, last_read_id=last))


def mark_read(viewer, notification_id):
    """Move the notifications marker up to notification_id (never back); the marker's value."""
    current = queries.last_read_id(viewer)
    if current is not None and current >= notification_id:
        return current
    save_markers(viewer.user, {"notifications": str(notification_id)})
    return notification_id


# --- v2: grouped -------------------------------------------------------------------------------

class GroupedMixin(NotificationsMixin):
    def grouped_types(self):
        given = self.params.given("grouped_types") or self.params.given("grouped_types[]")
        values = [str(kind) for kind in self.params.list("grouped_types")]
        return queries.grouped_types_param(values) if given else queries.grouped_types_param(None)


class GroupedNotificationsView(GroupedMixin, ApiView):
    access = {"GET": READ}

    def get(self, request):
        params = self.params
        expand = params.str("expand_accounts") or "full"
        if expand not in ("full", "partial_avatars"):
            expand = "full"
        limit = limit_param(params, DEFAULT_LIMIT, MAX_LIMIT)
        groups = queries.grouped_page(self.browsable(), self.grouped_types(), limit=limit,
                                      max_id=params.id("max_id"), since_id=params.id("since_id"),
                                      min_id=params.id("min_id"))
        page = page_of(request._request, groups, limit)
        body = render_grouped(groups, queries.group_accounts(groups), self.viewer,
                              partial_avatars=expand == "partial_avatars")
        return page.response(body)


class GroupView(ApiView):
    access = {"GET": READ}

    def get(self, request, group_key):
        group = queries.single_group(queries.browsable(self.viewer, include_filtered=True), group_key)
        if group is None:
            raise NotFound()
        body = render_grouped([group], queries.group_accounts([group]), self.viewer)
        if not body["notification_groups"]:
            raise NotFound()
        body["partial_accounts"] = []
        return Response(body)


class GroupAccountsView(ApiView):
    access = {"GET": READ}

    def get(self, request, group_key):
        rows = services.group_rows(self.viewer, group_key)
        rows = rows.filter(id__in=queries.browsable(self.viewer, include_filtered=True).values("id"))
        page = paginate(self, queries.with_profiles(rows), default_limit=40, max_limit=80)
        return page.response(AccountSerializer.render_many([row.from_account for row in page.items],
                                                           viewer=self.viewer))


class GroupDismissView(ApiView):
    access = {"POST": WRITE}

    def post(self, request, group_key):
        services.dismiss_group(self.viewer, group_key)
        return Response({})


class GroupedUnreadCountView(GroupedMixin, ApiView):
    access = {"GET": READ}

    def get(self, request):
        limit = limit_param(self.params, COUNT_LIMIT, MAX_COUNT_LIMIT)
        count = queries.unread_groups_count(self.browsable(with_filtered_param=False), self.grouped_types(),
                                            queries.last_read_id(self.viewer), limit)
        return Response({"count": count})


# --- Policy ------------------------------------------------------------------------------------

class PolicyView(ApiView):
    """GET/PATCH /api/v2/notifications/policy."""

    access = {"GET": READ, "PATCH": WRITE, "PUT": WRITE}

    def get(self, request):
        policy = services.policy_for(self.viewer)
        return Response(NotificationPolicySerializer.render(policy, summary=queries.policy_summary(self.viewer)))

    def patch(self, request):
        values = {}
        for field in services.NotificationPolicy.FIELDS:
            value = self.params.str(field)
            if value not in (None, ""):
                values[field] = value
        policy = services.update_policy(self.viewer, values) if values else services.policy_for(self.viewer)
        return Response(NotificationPolicySerializer.render(policy, summary=queries.policy_summary(self.viewer)))

    put = patch


class V1PolicyView(ApiView):
    """GET/PATCH /api/v1/notifications/policy: the boolean form (filter_* true: filter)."""

    access = {"GET": READ, "PATCH": WRITE, "PUT": WRITE}
    FIELDS = {"filter_not_following": "for_not_following", "filter_not_followers": "for_not_followers",
              "filter_new_accounts": "for_new_accounts", "filter_private_mentions": "for_private_mentions"}

    def get(self, request):
        policy = services.policy_for(self.viewer)
        return Response(V1NotificationPolicySerializer.render(policy, summary=queries.policy_summary(self.viewer)))

    def patch(self, request):
        values = {}
        for name, field in self.FIELDS.items():
            value = self.params.bool(name)
            if value is not None:
                values[field] = "filter" if value else "accept"
        policy = services.update_policy(self.viewer, values) if values else services.policy_for(self.viewer)
        return Response(V1NotificationPolicySerializer.render(policy, summary=queries.policy_summary(self.viewer)))

    put = patch


# --- Requests ----------------------------------------------------------------------------------

def find_request(viewer, request_id):
    request = queries.requests_of(viewer).filter(pk=id_in_url(request_id)).first()
    if request is None:
        raise NotFound()
    return request


class RequestsView(ApiView):
    access = {"GET": READ}

    def get(self, request):
        page = paginate(self, queries.requests_of(self.viewer), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
        return page.response(render_requests(page.items, self.viewer))


class RequestView(ApiView):
    access = {"GET": READ}

    def get(self, request, request_id):
        return Response(render_requests([find_request(self.viewer, request_id)], self.viewer)[0])


class RequestAcceptView(ApiView):
    access = {"POST": WRITE}

    def post(self, request, request_id):
        services.accept_requests(self.viewer, [find_request(self.viewer, request_id)])
        return Response({})


class RequestDismissView(ApiView):
    access = {"POST": WRITE}

    def post(self, request, request_id):
        services.dismiss_requests(self.viewer, [find_request(self.viewer, request_id)])
        return Response({})


def _requested(view):
    ids = []
    for value in view.params.list("id")[:MAX_REQUEST_IDS]:
        ids.append(parse_id(value, "id"))
    if not ids:
        raise BadRequest("param is missing or the value is empty: id")
    return list(queries.requests_of(view.viewer).filter(pk__in=ids))


class RequestsAcceptView(ApiView):
    access = {"POST": WRITE}

    def post(self, request):
        services.accept_requests(self.viewer, _requested(self))
        return Response({})


class RequestsDismissView(ApiView):
    access = {"POST": WRITE}

    def post(self, request):
        services.dismiss_requests(self.viewer, _requested(self))
        return Response({})


class RequestsMergedView(ApiView):
    """Accepting merges the filtered notifications at once (in the same transaction), so
    they are always merged by the time a client asks."""

    access = {"GET": READ}

    def get(self, request):
        return Response({"merged": True})


# --- Web Push ----------------------------------------------------------------------------------

class PushSubscriptionView(ApiView):
    access = {"GET": PUSH, "POST": PUSH, "PUT": PUSH, "DELETE": PUSH}

    def current(self):
        subscription = PushSubscription.objects.filter(access_token_id=self.token.id).order_by("-id").first()
        if subscription is None:
            raise NotFound()
        return subscription

    def get(self, request):
        return Response(WebPushSubscriptionSerializer.render(self.current()))

    def post(self, request):
        subscription = self.params.sub("subscription")
        keys = subscription.sub("keys")
        data = self.params.sub("data")
        if not self.params.given("subscription"):
            raise BadRequest("param is missing or the value is empty: subscription")
        created = push.subscribe(
            self.token, endpoint=subscription.str("endpoint", "", strip=True),
            p256dh=keys.str("p256dh", "", strip=True), auth=keys.str("auth", "", strip=True),
            standard=subscription.bool("standard", False), alerts=data.raw("alerts"),
            policy=data.str("policy") or self.params.str("policy"))
        return Response(WebPushSubscriptionSerializer.render(created))

    def put(self, request):
        subscription = self.current()
        data = self.params.sub("data")
        push.update_subscription(subscription, alerts=data.raw("alerts"),
                                 policy=data.str("policy") or self.params.str("policy"))
        return Response(WebPushSubscriptionSerializer.render(subscription))

    def delete(self, request):
        push.unsubscribe(self.token)
        return Response({})
