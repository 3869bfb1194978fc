"""The Collection, CollectionItem and CollectionWithAccounts entities. Pages go through
render_collections: the items of every collection in one query."""
from account_collections.models import Collection, CollectionItem
from account_collections.queries import visible_items
from accounts.serializers import AccountSerializer
from fedi.formats import iso
from fedi.links import absolute
from fedi.serializers import EntitySerializer
from tags.serializers import tag_url


def collection_uri(collection: Collection) -> str:
    return collection.uri or absolute(f"/ap/users/{collection.account_id}/collections/{collection.id}")


class CollectionItemSerializer(EntitySerializer):
    def to_representation(self, item: CollectionItem):
        return {"id": str(item.id), "account_id": str(item.account_id) if item.account_id else None,
                "state": item.state, "created_at": iso(item.created_at)}


class CollectionSerializer(EntitySerializer):
    """Context: items ({collection id: [CollectionItem]}, what the viewer is shown)."""

    def to_representation(self, collection: Collection):
        items = (self.context.get("items") or {}).get(collection.id)
        if items is None:
            items = visible_items([collection.id], self.viewer)[collection.id]
        tag = collection.tag
        return {
            "id": str(collection.id),
            "account_id": str(collection.account_id),
            "uri": collection_uri(collection),
            # No HTML page for collections here (no web interface): null, as the spec allows.
            "url": None,
            "name": collection.name,
            "description": collection.description,
            "language": collection.language,
            "local": collection.local,
            "sensitive": collection.sensitive,
            "discoverable": collection.discoverable,
            "tag": {"name": tag.name, "url": tag_url(tag)} if tag is not None else None,
            "item_count": len(items),
            "items": [CollectionItemSerializer(item).data for item in items],
            "created_at": iso(collection.created_at),
            "updated_at": iso(collection.updated_at),
        }


def render_collections(collections, viewer) -> list[dict]:
    collections = list(collections)
    items = visible_items([collection.id for collection in collections], viewer)
    return [CollectionSerializer(collection, context={"viewer": viewer, "items": items}).data
            for collection in collections]


def render_collection(collection, viewer) -> dict:
    return render_collections([collection], viewer)[0]


def render_with_accounts(collection, viewer) -> dict:
    """CollectionWithAccounts: the collection, and the owner's and every shown item's Account."""
    items = visible_items([collection.id], viewer)
    data = CollectionSerializer(collection, context={"viewer": viewer, "items": items}).data
    accounts = [collection.account] + [item.account for item in items[collection.id]
                                       if item.account_id != collection.account_id]
    return {"accounts": AccountSerializer.render_many(accounts, viewer=viewer), "collection": data}
