"""The collection notifications (Mastodon 4.6): `added_to_collection` for a local account
someone featured, `collection_update` for the featured accounts when the owner changes a
collection. The notification carries the Collection as it was then (its `collection`)."""
from account_collections.models import Collection
from account_collections.serializers import render_collection
from accounts.models import Account
from notifications.services import notify_after_commit


def notify_added(collection: Collection, accounts) -> None:
    accounts = [account for account in accounts if account.is_local and account.id != collection.account_id]
    if not accounts:
        return
    for account in accounts:
        # as the featured account sees it
        notify_after_commit(account, "added_to_collection", collection.account,
                            collection=render_collection(collection, account), object_id=collection.id)


def notify_updated(collection: Collection, account_ids) -> None:
    for account in Account.objects.filter(id__in=list(account_ids)):
        if account.is_local:
            notify_after_commit(account, "collection_update", collection.account,
                                collection=render_collection(collection, account), object_id=collection.id)
