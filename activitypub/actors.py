"""The ActivityPub actor document of a local account (Mastodon's ActivityPub::ActorSerializer),
and the collections it links to. Federation (inbox, delivery) comes later: the inbox URLs are
named because every actor must have them."""
import mimetypes

from accounts.serializers import AccountSerializer, account_uri, account_url
from activitypub.keys import actor_key
from fedi.links import absolute, media

CONTENT_TYPE = "application/activity+json"
# What an ActivityPub client asks for (Accept), as Mastodon recognises it.
ACCEPTED_TYPES = ("application/activity+json", "application/ld+json")

CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "featured": {"@id": "toot:featured", "@type": "@id"},
        "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
        "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
        "movedTo": {"@id": "as:movedTo", "@type": "@id"},
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "memorial": "toot:memorial",
        "suspended": "toot:suspended",
    },
]


def wants_activity_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return any(kind in accept for kind in ACCEPTED_TYPES)


def actor_type(account) -> str:
    if account.group:
        return "Group"
    return "Service" if account.bot else "Person"


def _image(file_field):
    if not file_field:
        return None
    return {"type": "Image", "mediaType": mimetypes.guess_type(file_field.name)[0] or "image/png",
            "url": media(file_field)}


def person(account) -> dict:
    """The actor of a local account. A suspended one keeps only what identifies it (its id,
    names and key), as Mastodon's actor of an unavailable account."""
    uri = account_uri(account)
    key = actor_key(account)
    document = {
        "@context": CONTEXT,
        "id": uri,
        "type": actor_type(account),
        "following": f"{uri}/following",
        "followers": f"{uri}/followers",
        "inbox": f"{uri}/inbox",
        "outbox": f"{uri}/outbox",
        "featured": f"{uri}/collections/featured",
        "featuredTags": f"{uri}/collections/tags",
        "preferredUsername": account.username,
        "name": "",
        "summary": "",
        "url": account_url(account),
        "manuallyApprovesFollowers": account.locked,
        "discoverable": bool(account.discoverable),
        "indexable": account.indexable,
        "published": account.created_at.strftime("%Y-%m-%dT00:00:00Z"),
        "memorial": account.memorial,
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": key.public_key},
        "tag": [],
        "attachment": [],
        "endpoints": {"sharedInbox": absolute("/inbox")},
    }
    if account.is_suspended:
        document["suspended"] = True
        return document
    rendered = AccountSerializer.render(account)
    document["name"] = rendered["display_name"]
    document["summary"] = rendered["note"]
    document["attachment"] = [{"type": "PropertyValue", "name": field["name"], "value": field["value"]}
                              for field in rendered["fields"]]
    if account.moved_to_id:
        document["movedTo"] = account_uri(account.moved_to)
    for name, file_field in (("icon", account.avatar), ("image", account.header)):
        image = _image(file_field)
        if image is not None:
            document[name] = image
    return document


def collection(uri: str, total: int) -> dict:
    """An OrderedCollection that tells its size (its pages come with federation)."""
    return {"@context": "https://www.w3.org/ns/activitystreams", "id": uri, "type": "OrderedCollection",
            "totalItems": total}
