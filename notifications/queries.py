"""Reading notifications: what a user may browse, the unread marker, and grouping
(Mastodon's Notification.browserable, paginate_groups and NotificationGroup).

Grouping runs a fixed number of queries whatever the page: one picks the page's groups (the
newest notification of each group, GROUP BY on PostgreSQL and SQLite alike), then one query
each for the groups' counts, their oldest notification on the page and their sample
accounts (a window function).
"""
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, Max, Min, OuterRef, Q, Value, When, Window
from django.db.models.functions import Cast, Concat, RowNumber

from accounts.models import Account
from fedi.params import is_id
from notifications.models import GROUPABLE_TYPES, OPT_IN_TYPES, TYPES, Notification, NotificationRequest
from relationships.models import Block
from statuses.visibility import visible_statuses
from timelines.markers import last_read_id as marker_position

SAMPLE_ACCOUNTS_SIZE = 8
PROFILE = ("from_account", "from_account__user", "from_account__user__role", "from_account__moved_to")


def browsable(viewer, *, types=None, exclude_types=None, account_id=None, include_filtered=False):
    """The viewer's notifications as Mastodon lists them: filtered ones only on request (or
    when asking for one account's), none from suspended accounts or across a block, and
    none about a status the viewer may not see (any more: a follower removed, a status
    edited since, its author suspended), so the status's text never reaches them here."""
    rows = Notification.objects.filter(recipient=viewer, from_account__suspended_at__isnull=True)
    rows = rows.filter(Q(status__isnull=True) | Exists(visible_statuses(viewer).filter(pk=OuterRef("status_id"))))
    rows = rows.exclude(from_account_id__in=Block.objects.filter(account=viewer).values("target_account_id"))
    rows = rows.exclude(from_account_id__in=Block.objects.filter(target_account=viewer).values("account_id"))
    if account_id is not None:
        rows = rows.filter(from_account_id=account_id)
    elif not include_filtered:
        rows = rows.filter(filtered=False)
    # Pleroma lists chat mentions only when asked for by type (its default types leave
    # them out), so Mastodon clients never meet them in a list.
    requested = [kind for kind in TYPES if kind in types] if types else [kind for kind in TYPES
                                                                          if kind not in OPT_IN_TYPES]
    requested = [kind for kind in requested if kind not in (exclude_types or ())]
    if len(requested) != len(TYPES):
        rows = rows.filter(type__in=requested)
    return rows


def with_profiles(rows):
    return rows.select_related(*PROFILE)


def last_read_id(viewer):
    """The notifications marker's last_read_id (timelines.markers), or None."""
    value = marker_position(viewer, "notifications")
    return int(value) if value else None


# --- Grouping ----------------------------------------------------------------------------------

def grouped_types_param(values):
    """grouped_types[] as sent, kept to the types that group; all of them when absent."""
    if not values:
        return list(GROUPABLE_TYPES)
    return [kind for kind in GROUPABLE_TYPES if kind in values]


def group_expression(grouped_types):
    """The group key a notification shows under: its own when its type is grouped, else
    "ungrouped-<id>"."""
    ungrouped = Concat(Value("ungrouped-"), Cast("id", CharField()), output_field=CharField())
    if not grouped_types:
        return ungrouped
    return Case(When(type__in=grouped_types, group_key__isnull=False, then=F("group_key")),
                default=ungrouped, output_field=CharField())


@dataclass
class Group:
    group_key: str
    notification: Notification  # the newest of the group on the page
    cursor: int  # the notification id this group is paged by
    notifications_count: int = 1
    most_recent_notification_id: int = 0
    sample_account_ids: list = field(default_factory=list)
    page_min_id: int | None = None
    page_max_id: int | None = None
    latest_page_notification_at: object = None

    @property
    def id(self):  # the pagination cursor (fedi.pagination.page_of reads `id`)
        return self.cursor


def grouped_page(rows, grouped_types, *, limit, max_id=None, since_id=None, min_id=None):
    """One page of groups, newest first, from the browsable `rows`."""
    expression = group_expression(grouped_types)
    keyed = rows.annotate(gk=expression)
    picked = keyed
    if max_id is not None:
        picked = picked.filter(id__lt=max_id)
    if min_id is not None:
        picked = picked.filter(id__gt=min_id)
        tops = list(picked.values("gk").annotate(top=Min("id")).order_by("top").values_list("gk", "top")[:limit])
    else:
        if since_id is not None:
            picked = picked.filter(id__gt=since_id)
        tops = list(picked.values("gk").annotate(top=Max("id")).order_by("-top").values_list("gk", "top")[:limit])
    if not tops:
        return []
    cursors = [top for _, top in tops]
    low, high = min(cursors), max(cursors)
    complete = len(tops) >= limit
    # The groups' notifications counted on this page: not newer than the page (older pages
    # and newer ones show the rest); the lower end only bounds page_min_id.
    upper = high if (complete or min_id is None) else None
    lower = low if complete else None
    if min_id is not None:
        lower = min_id + 1
    within = keyed
    if upper is not None:
        within = within.filter(id__lte=upper)
    if max_id is not None:
        within = within.filter(id__lt=max_id)
    keys = [key for key, _ in tops]
    grouped_keys = [key for key in keys if not key.startswith("ungrouped-")]

    stats = {}
    if grouped_keys:
        for key, newest, count in (within.filter(gk__in=grouped_keys).values("gk")
                                   .annotate(newest=Max("id"), count=Count("id")).values_list("gk", "newest", "count")):
            stats[key] = (newest, count)
    oldest = {}
    if grouped_keys:
        on_page = within.filter(gk__in=grouped_keys)
        if lower is not None:
            on_page = on_page.filter(id__gte=lower)
        oldest = dict(on_page.values("gk").annotate(oldest=Min("id")).values_list("gk", "oldest"))
    samples: dict = {}
    if grouped_keys:
        ranked = (within.filter(gk__in=grouped_keys)
                  .annotate(rank=Window(RowNumber(), partition_by=[F("gk")], order_by=F("id").desc()))
                  .filter(rank__lte=SAMPLE_ACCOUNTS_SIZE).order_by("gk", "rank")
                  .values_list("gk", "from_account_id"))
        for key, account_id in ranked:
            samples.setdefault(key, []).append(account_id)

    # The notification shown for each group: its newest on the page.
    shown_ids = {key: (stats.get(key, (top, 1))[0] if not key.startswith("ungrouped-") else top) for key, top in tops}
    notifications = {n.id: n for n in with_profiles(Notification.objects.filter(id__in=shown_ids.values()))}
    groups = []
    for key, top in tops:
        notification = notifications.get(shown_ids[key])
        if notification is None:
            continue
        if key.startswith("ungrouped-"):
            group = Group(key, notification, top, 1, notification.id, [notification.from_account_id],
                          notification.id, notification.id, notification.created_at)
        else:
            newest, count = stats.get(key, (notification.id, 1))
            group = Group(key, notification, top, count, newest, samples.get(key) or [notification.from_account_id],
                          oldest.get(key, notification.id), newest, notification.created_at)
        groups.append(group)
    groups.sort(key=lambda group: group.cursor, reverse=True)
    return groups


def group_accounts(groups):
    """{id: Account} for every sample account of the groups, in one query."""
    ids = {account_id for group in groups for account_id in group.sample_account_ids}
    ids.update(group.notification.from_account_id for group in groups)
    found = {group.notification.from_account_id: group.notification.from_account for group in groups}
    missing = ids - set(found)
    if missing:
        accounts = Account.objects.with_profiles().filter(
            id__in=missing, suspended_at__isnull=True)
        found.update({account.id: account for account in accounts})
    return found


def single_group(rows, group_key):
    """The group with this key (not paginated: its newest notification, every sample)."""
    if group_key.startswith("ungrouped-"):
        number = group_key[len("ungrouped-"):]
        if not is_id(number):
            return None
        notification = with_profiles(rows.filter(pk=int(number))).first()
        if notification is None:
            return None
        return Group(group_key, notification, notification.id, 1, notification.id, [notification.from_account_id])
    members = rows.filter(group_key=group_key)
    notification = with_profiles(members).order_by("-id").first()
    if notification is None:
        return None
    count = members.count()
    samples = list(members.order_by("-id").values_list("from_account_id", flat=True)[:SAMPLE_ACCOUNTS_SIZE])
    return Group(group_key, notification, notification.id, count, notification.id, samples)


def unread_groups_count(rows, grouped_types, after_id, limit):
    """How many groups have a notification newer than after_id (capped at limit)."""
    if after_id is not None:
        rows = rows.filter(id__gt=after_id)
    return len(rows.annotate(gk=group_expression(grouped_types)).values_list("gk", flat=True)
               .order_by("gk").distinct()[:limit])


# --- Policy and requests -------------------------------------------------------------------

MAX_MEANINGFUL_COUNT = 100


def policy_summary(account):
    """The policy's summary: pending requests and the notifications they hold (capped)."""
    pending = NotificationRequest.objects.filter(recipient=account, from_account__suspended_at__isnull=True)
    requests_count = pending.values("id")[:MAX_MEANINGFUL_COUNT].count()
    notifications_count = (Notification.objects.filter(recipient=account, filtered=True,
                                                       from_account_id__in=pending.values("from_account_id"))
                           .values("id")[:MAX_MEANINGFUL_COUNT * 10].count())
    return {"pending_requests_count": requests_count, "pending_notifications_count": notifications_count}


def requests_of(viewer):
    """The viewer's notification requests (from accounts not suspended), senders loaded."""
    return (NotificationRequest.objects.filter(recipient=viewer, from_account__suspended_at__isnull=True)
            .select_related("from_account", "from_account__user", "from_account__user__role",
                            "from_account__moved_to"))


def filtered_counts(viewer, sender_ids):
    """{sender id: how many of the viewer's filtered notifications it sent}."""
    if not sender_ids:
        return {}
    return dict(Notification.objects.filter(recipient=viewer, filtered=True, from_account_id__in=sender_ids)
                .values("from_account_id").annotate(count=Count("id")).values_list("from_account_id", "count"))
