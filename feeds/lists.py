"""Lists: creating, changing and filling them, with Mastodon's rules (List, ListAccount,
AddAccountsToListService, RemoveAccountsFromListService).

    lst = create_list(owner, "Friends", replies_policy="followed", exclusive=False)
    add_accounts(lst, [bob.id])           # only accounts the owner follows (or asked to)
    remove_accounts(lst, [bob.id])

For the feeds and streaming:

    member_ids(list_or_id)                # accounts whose posts reach the list
    lists_with_member(author_id)          # lists (of any owner) an author's posts reach
    lists_containing(owner, account)      # the owner's lists holding an account

After the transaction commits, the list feed follows (feeds.tasks, in Celery): added
members' posts are merged in, removed members' taken out, a deleted list's feed dropped.
Members lost because a follow went (unfollow, block, remove from followers) go by the
database cascade: the fan-out's unfollow handling cleans the lists too.
"""
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from accounts.models import Account
from feeds import tasks
from feeds.models import List, ListAccount
from fedi.errors import NotFound, Unprocessable, ValidationFailed
from fedi.ids import pk_of
from fedi.params import MAX_ID, is_id
from relationships.models import Follow, FollowRequest

UNSET = object()
REPLIES_POLICIES = tuple(List.RepliesPolicy.values)


def owned_lists(owner):
    return List.objects.filter(account_id=pk_of(owner)).order_by("id")


def find_list(owner, list_id):
    """The owner's list with this id: anyone else's, or none, is 404."""
    text = str(list_id)
    if not is_id(text):
        raise NotFound()
    found = List.objects.filter(pk=int(text), account_id=pk_of(owner)).first()
    if found is None:
        raise NotFound()
    return found


def _validate(title, replies_policy):
    if replies_policy is not UNSET and replies_policy not in REPLIES_POLICIES:
        # Mastodon's message for an enum value it does not know
        raise Unprocessable(f"'{replies_policy}' is not a valid replies_policy")
    if title is not UNSET:
        errors = ValidationFailed()
        if title is None or not title.strip():
            errors.add("title", "ERR_BLANK")
        elif len(title) > List.TITLE_LENGTH_LIMIT:
            errors.add("title", "ERR_TOO_LONG", f"is too long (maximum is {List.TITLE_LENGTH_LIMIT} characters)")
        errors.raise_if_any()


@transaction.atomic
def create_list(owner, title, *, replies_policy=None, exclusive=None):
    _validate(title, replies_policy if replies_policy is not None else UNSET)
    owner_id = pk_of(owner)
    # Serialize list creation per owner so the limit holds under concurrent requests.
    Account.objects.select_for_update().filter(pk=owner_id).values_list("id", flat=True).first()
    if List.objects.filter(account_id=owner_id).count() >= List.PER_ACCOUNT_LIMIT:
        raise ValidationFailed("Validation failed: You have reached the maximum number of lists")
    return List.objects.create(account_id=owner_id, title=title,
                               replies_policy=replies_policy or List.RepliesPolicy.LIST,
                               exclusive=bool(exclusive))


@transaction.atomic
def update_list(lst, *, title=UNSET, replies_policy=UNSET, exclusive=UNSET):
    """Change what was sent; the rest stays."""
    _validate(title, replies_policy)
    changed = []
    for name, value in (("title", title), ("replies_policy", replies_policy), ("exclusive", exclusive)):
        if value is not UNSET and getattr(lst, name) != value:
            setattr(lst, name, value)
            changed.append(name)
    if changed:
        lst.save(update_fields=changed + ["updated_at"])
    return lst


@transaction.atomic
def delete_list(lst):
    list_id = lst.id
    lst.delete()
    transaction.on_commit(lambda: tasks.drop_list.delay(list_id))


def _memberships(owner_id, accounts):
    """{account_id: (follow_id, follow_request_id)} for the accounts the owner follows or
    asked to follow (two queries), locked so an unfollow cannot slip in before the insert."""
    ids = [account.id for account in accounts]
    found: dict[int, tuple[int | None, int | None]] = {}
    follows = Follow.objects.select_for_update().filter(account_id=owner_id, target_account_id__in=ids)
    for row_id, target in follows.values_list("id", "target_account_id"):
        found[target] = (row_id, None)
    requests = FollowRequest.objects.select_for_update().filter(account_id=owner_id, target_account_id__in=ids)
    for row_id, target in requests.values_list("id", "target_account_id"):
        found.setdefault(target, (None, row_id))
    return found


def _accounts(account_ids):
    """Account.find(ids): every id must exist (404 otherwise)."""
    ids = []
    for value in account_ids:
        text = str(value).strip()
        if not is_id(text):
            raise NotFound()
        ids.append(int(text))
    ids = list(dict.fromkeys(ids))
    accounts = list(Account.objects.filter(pk__in=ids))
    if len(accounts) != len(ids):
        raise NotFound()
    return accounts


def add_accounts(lst, account_ids):
    """Add accounts to a list, all or none: each must be followed by the owner (or asked to
    be; the owner may add itself), and not already in the list (422 otherwise)."""
    accounts = _accounts(account_ids)
    if not accounts:
        return []
    owner_id = lst.account_id
    with transaction.atomic():
        memberships = _memberships(owner_id, accounts)
        errors = ValidationFailed()
        existing = set(ListAccount.objects.filter(list=lst, account_id__in=[a.id for a in accounts])
                       .values_list("account_id", flat=True))
        if existing:
            errors.add("account_id", "ERR_TAKEN", "is already on the list")
        if any(account.id != owner_id and account.id not in memberships for account in accounts):
            errors.add("account_id", "ERR_INVALID", "must be a followed account")
        if errors:
            raise ValidationFailed("Validation failed: " + ", ".join(
                f"Account {item['description']}" for item in errors.details["account_id"]), errors.details)
        rows = []
        for account in accounts:
            follow_id, request_id = memberships.get(account.id, (None, None))
            rows.append(ListAccount(list=lst, account_id=account.id, follow_id=follow_id,
                                    follow_request_id=request_id))
        try:
            with transaction.atomic():
                ListAccount.objects.bulk_create(rows)
        except IntegrityError:  # a concurrent request added one of them first
            raise ValidationFailed("Validation failed: Account is already on the list",
                                   {"account_id": [{"error": "ERR_TAKEN", "description": "is already on the list"}]})
        added = [account.id for account in accounts]
        transaction.on_commit(lambda: tasks.merge_into_list.delay(lst.id, added))
    return rows


@transaction.atomic
def remove_accounts(lst, account_ids):
    """Take accounts out of a list (those not in it are ignored, unknown ids too)."""
    ids = []
    for value in account_ids:
        text = str(value).strip()
        if is_id(text):
            ids.append(int(text))
    if not ids:
        return 0
    rows = ListAccount.objects.filter(list=lst, account_id__in=ids)
    removed = list(rows.values_list("account_id", flat=True))
    if removed:
        rows.delete()
        transaction.on_commit(lambda: tasks.unmerge_from_list.delay(lst.id, removed))
    return len(removed)


def lists_containing(owner, account):
    """The owner's lists that hold the account (GET /api/v1/accounts/:id/lists)."""
    return owned_lists(owner).filter(list_accounts__account_id=pk_of(account))


def active_members_q(prefix=""):
    """ListAccount rows whose posts reach the list: held through a Follow, or the owner."""
    return Q(**{f"{prefix}follow__isnull": False}) | Q(**{f"{prefix}account_id": F(f"{prefix}list__account_id")})


def member_ids(lst, *, active_only=True):
    """The ids of the list's members; with active_only (the default) only those whose
    posts reach the list (not a pending follow request)."""
    rows = ListAccount.objects.filter(list_id=pk_of(lst))
    if active_only:
        rows = rows.filter(active_members_q())
    return set(rows.values_list("account_id", flat=True))


def lists_with_member(author):
    """Every list the author's posts reach (active membership), with its owner loaded: the
    list feeds a new post of `author` goes to."""
    rows = ListAccount.objects.filter(account_id=pk_of(author)).filter(active_members_q())
    return List.objects.filter(id__in=rows.values("list_id")).select_related("account")


def move_memberships_to_follow(follow: Follow) -> None:
    """A follow request was accepted (or a follow made while one was pending): the list
    memberships held through the request now hold through the Follow, before the request
    row (and its cascade) goes."""
    ListAccount.objects.filter(
        list__account_id=follow.account_id, account_id=follow.target_account_id, follow__isnull=True,
    ).exclude(follow_request__isnull=True).update(follow=follow, follow_request=None)
