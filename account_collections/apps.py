from django.apps import AppConfig


class AccountCollectionsConfig(AppConfig):
    """Collections (Mastodon 4.6/4.7): sets of accounts a user recommends. Top layer: it reads
    accounts, relationships and tags, and notifies (added_to_collection, collection_update).
    Named account_collections: `collections` is the standard library's."""

    name = "account_collections"
    default_auto_field = "django.db.models.BigAutoField"
