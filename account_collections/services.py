"""Collections (Mastodon 4.6/4.7's CollectionsController and CollectionItemsController):
creating, updating and deleting one's collections, featuring accounts in them, removing an
item, and a featured account revoking its inclusion.

Consent (Mastodon's feature policy, tied to `discoverable` for now): a local account that is
discoverable, not suspended, and neither blocks nor is blocked by the owner may be featured,
and is `accepted` at once; other accounts (remote ones, whose server declared no policy)
may not be added. A collection holds at most MAX_ITEMS accounts; an owner has at most
collection_limit() collections.
"""
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from account_collections.models import Collection, CollectionItem
from accounts.models import Account
from fedi.errors import Forbidden, NotFound, Unprocessable, ValidationFailed
from fedi.params import id_in_url
from relationships.models import Block
from tags import services as tags

MAX_ITEMS = 25
NAME_MAX, DESCRIPTION_MAX = 40, 100
DEFAULT_COLLECTION_LIMIT = 10


class CollectionValidationFailed(ValidationFailed):
    """Mastodon answers a collection's invalid attributes as {"error": {"error", "details"}}
    (its ValidationErrorFormatter nested under `error`)."""

    def payload(self):
        return {"error": super().payload()}


def collection_limit() -> int:
    return int(getattr(settings, "COLLECTION_LIMIT", DEFAULT_COLLECTION_LIMIT))


def _blocked_either_way(a: int, b: int) -> bool:
    return Block.objects.filter(Q(account_id=a, target_account_id=b) | Q(account_id=b, target_account_id=a)).exists()


def featurable(owner: Account, account: Account) -> bool:
    """Whether `owner` may feature `account` (Mastodon's AccountPolicy#feature?)."""
    if not account.is_local or account.is_suspended or not account.discoverable:
        return False
    return account.id == owner.id or not _blocked_either_way(owner.id, account.id)


def _attributes(params, *, creating: bool) -> dict:
    """The validated attributes given (all of them when creating)."""
    errors = CollectionValidationFailed()
    values: dict = {}
    if creating or params.given("name"):
        name = (params.str("name") or "").strip()
        if not name:
            errors.add("name", "ERR_BLANK")
        elif len(name) > NAME_MAX:
            errors.add("name", "ERR_TOO_LONG", f"is too long (maximum is {NAME_MAX} characters)")
        values["name"] = name
    if creating or params.given("description"):
        description = params.str("description") or ""
        if len(description) > DESCRIPTION_MAX:
            errors.add("description", "ERR_TOO_LONG", f"is too long (maximum is {DESCRIPTION_MAX} characters)")
        values["description"] = description
    if creating or params.given("language"):
        language = (params.str("language") or "").strip().lower() or None
        if language is not None and not (language.isascii() and language.replace("-", "").isalpha()
                                         and 2 <= len(language) <= 8):
            errors.add("language", "ERR_INCLUSION")
        values["language"] = language
    if creating or params.given("tag_name"):
        tag_name = (params.str("tag_name") or "").strip().lstrip("#")
        if tag_name and not tags.valid_name(tag_name):
            errors.add("tag_name", "ERR_INVALID")
        values["tag_name"] = tag_name
    for flag, default in (("sensitive", False), ("discoverable", True)):
        if creating or params.given(flag):
            value = params.bool(flag)
            values[flag] = default if value is None else value
    errors.raise_if_any()
    return values


def _apply(collection: Collection, values: dict) -> None:
    tag_name = values.pop("tag_name", None)
    if tag_name is not None:
        collection.tag = tags.find_or_create_tag(tag_name) if tag_name else None
    for name, value in values.items():
        setattr(collection, name, value)


def _featured_accounts(owner: Account, raw_ids) -> list[Account]:
    ids = []
    for raw in raw_ids:
        if not str(raw).isdigit():
            raise Unprocessable("Validation failed: Account does not exist")
        if int(raw) not in ids:
            ids.append(int(raw))
    found = {account.id: account for account in Account.objects.filter(id__in=ids)}
    accounts = []
    for account_id in ids:
        account = found.get(account_id)
        if account is None:
            raise Unprocessable("Validation failed: Account does not exist")
        if not featurable(owner, account):
            raise Unprocessable("Validation failed: Account does not allow being featured")
        accounts.append(account)
    if len(accounts) > MAX_ITEMS:
        raise Unprocessable(f"Validation failed: A collection holds at most {MAX_ITEMS} accounts")
    return accounts


def create(owner: Account, params) -> tuple[Collection, list[Account]]:
    """A new collection (with its first accounts); returns it and the accounts newly featured."""
    values = _attributes(params, creating=True)
    accounts = _featured_accounts(owner, [str(raw) for raw in params.list("account_ids")])
    with transaction.atomic():
        # Serialize an owner's creations so that the limit holds under concurrent requests.
        Account.objects.select_for_update().filter(pk=owner.pk).first()
        if Collection.objects.filter(account=owner).count() >= collection_limit():
            raise Unprocessable("Validation failed: You have reached the maximum number of collections")
        collection = Collection(account=owner)
        _apply(collection, values)
        collection.save()
        CollectionItem.objects.bulk_create([
            CollectionItem(collection=collection, account=account, position=position,
                           state=CollectionItem.State.ACCEPTED)
            for position, account in enumerate(accounts)])
    return collection, accounts


def find(collection_id, viewer: Account | None) -> Collection:
    """A collection the viewer may look at: its owner not suspended and not blocking them."""
    pk = id_in_url(collection_id)
    collection = Collection.objects.select_related("account", "tag").filter(pk=pk).first()
    if collection is None or collection.account.is_suspended:
        raise NotFound()
    if viewer is not None and Block.objects.filter(account_id=collection.account_id, target_account_id=viewer.id).exists():
        raise NotFound()
    return collection


def find_own(collection_id, viewer: Account) -> Collection:
    collection = find(collection_id, viewer)
    if collection.account_id != viewer.id:
        raise Forbidden()
    return collection


def update(collection: Collection, params) -> list[int]:
    """New attributes (not its accounts); returns the featured accounts to tell of it."""
    values = _attributes(params, creating=False)
    _apply(collection, values)
    collection.updated_at = timezone.now()
    collection.save()
    return list(collection.items.filter(state=CollectionItem.State.ACCEPTED).exclude(account_id=collection.account_id)
                .values_list("account_id", flat=True))


def delete(collection: Collection) -> None:
    collection.delete()


def add_item(collection: Collection, account_id) -> CollectionItem:
    if account_id in (None, ""):
        raise Unprocessable("`account_id` parameter is missing")
    (account,) = _featured_accounts(collection.account, [account_id])
    with transaction.atomic():
        Collection.objects.select_for_update().filter(pk=collection.pk).first()
        items = collection.items.all()
        if items.filter(account=account).exists():
            raise Unprocessable("Validation failed: Account is already in this collection")
        if items.count() >= MAX_ITEMS:
            raise Unprocessable(f"Validation failed: A collection holds at most {MAX_ITEMS} accounts")
        position = (items.aggregate(last=Max("position"))["last"] or 0) + 1
        try:
            item = CollectionItem.objects.create(collection=collection, account=account, position=position,
                                                 state=CollectionItem.State.ACCEPTED)
        except IntegrityError:
            raise Unprocessable("Validation failed: Account is already in this collection")
        Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


def _item(collection: Collection, item_id) -> CollectionItem:
    item = collection.items.filter(pk=id_in_url(item_id)).first()
    if item is None:
        raise NotFound()
    return item


def remove_item(collection: Collection, item_id) -> None:
    _item(collection, item_id).delete()
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())


def revoke_item(viewer: Account, collection_id, item_id) -> None:
    """The featured account withdraws its consent: it leaves the collection (state revoked)."""
    collection = find(collection_id, viewer)
    item = _item(collection, item_id)
    if item.account_id != viewer.id:
        raise Forbidden()
    CollectionItem.objects.filter(pk=item.pk).update(state=CollectionItem.State.REVOKED)
