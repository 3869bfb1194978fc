"""Collections (Mastodon 4.6/4.7): the 7 operations and the two account lists, validated
against the OpenAPI file (the `api` client), with consent, blocks, states and limits."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Account
from relationships import services as relationships


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def featured(person):
    def make(name, discoverable=True):
        someone = person(name)
        Account.objects.filter(pk=someone.id).update(discoverable=discoverable)
        return someone
    return make


def _create(api, owner, expect=200, **fields):
    response = api.post("/api/v1/collections", {"name": "Nice accounts", **fields}, token=owner.token, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_create_read_update_delete(api, alice, featured, committed):
    bob, carol = featured("bob"), featured("carol")
    with committed():
        created = _create(api, alice, description="Very nice", language="en", tag_name="#people",
                          sensitive=False, discoverable=True, account_ids=[str(bob.id), str(carol.id)])
    collection = created["collection"]
    assert collection["account_id"] == str(alice.id)
    assert collection["name"] == "Nice accounts" and collection["description"] == "Very nice"
    assert collection["tag"]["name"] == "people" and collection["tag"]["url"].endswith("/tags/people")
    assert collection["item_count"] == 2
    assert [(i["account_id"], i["state"]) for i in collection["items"]] == [(str(bob.id), "accepted"),
                                                                             (str(carol.id), "accepted")]
    assert collection["local"] is True and collection["uri"].startswith("http")

    # the featured accounts were told (the notification carries the collection)
    notes = api.get("/api/v1/notifications", token=bob.token).json()
    assert [(n["type"], n["collection"]["id"]) for n in notes] == [("added_to_collection", collection["id"])]

    shown = api.get(f"/api/v1/collections/{collection['id']}").json()  # anonymous
    assert [a["id"] for a in shown["accounts"]] == [str(alice.id), str(bob.id), str(carol.id)]
    assert shown["collection"]["id"] == collection["id"]

    with committed():
        updated = api.patch(f"/api/v1/collections/{collection['id']}", {"name": "Nicer", "tag_name": ""},
                            token=alice.token, format="json")
    assert updated.status_code == 200, updated.content
    assert updated.json()["collection"]["name"] == "Nicer" and updated.json()["collection"]["tag"] is None
    assert updated.json()["collection"]["description"] == "Very nice"  # untouched
    assert "collection_update" in [n["type"] for n in api.get("/api/v1/notifications", token=carol.token).json()]

    assert api.patch(f"/api/v1/collections/{collection['id']}", {"name": "mine"}, token=bob.token,
                     format="json").status_code == 403
    assert api.delete(f"/api/v1/collections/{collection['id']}", token=bob.token).status_code == 403
    assert api.delete(f"/api/v1/collections/{collection['id']}", token=alice.token).json() == {}
    assert api.get(f"/api/v1/collections/{collection['id']}").status_code == 404
    assert api.get("/api/v1/collections/nope").status_code == 404
    assert api.post("/api/v1/collections", {"name": "x"}).status_code == 401


def test_validation(api, alice, featured):
    too_long = api.post("/api/v1/collections", {"name": "x" * 41}, token=alice.token, format="json")
    assert too_long.status_code == 422
    assert too_long.json()["error"]["details"]["name"][0]["error"] == "ERR_TOO_LONG"
    assert api.post("/api/v1/collections", {"name": ""}, token=alice.token, format="json").status_code == 422
    hidden = featured("hidden", discoverable=False)
    assert api.post("/api/v1/collections", {"name": "x", "account_ids": [str(hidden.id)]}, token=alice.token,
                    format="json", validate=False).status_code == 422
    assert api.post("/api/v1/collections", {"name": "x", "account_ids": ["123"]}, token=alice.token,
                    format="json", validate=False).status_code == 422
    bad = api.post("/api/v1/collections", {"name": "x", "description": "d" * 101}, token=alice.token,
                   format="json", validate=False)
    assert bad.status_code == 422 and "description" in bad.json()["error"]["details"]


def test_items_add_remove_revoke(api, alice, featured, committed):
    bob, carol, shy = featured("bob"), featured("carol"), featured("shy", discoverable=False)
    collection = _create(api, alice)["collection"]
    path = f"/api/v1/collections/{collection['id']}/items"
    with committed():
        added = api.post(path, {"account_id": str(bob.id)}, token=alice.token, format="json")
    assert added.status_code == 200, added.content
    item = added.json()["collection_item"]
    assert item["account_id"] == str(bob.id) and item["state"] == "accepted"
    assert [n["type"] for n in api.get("/api/v1/notifications", token=bob.token).json()] == ["added_to_collection"]
    assert api.post(path, {"account_id": str(bob.id)}, token=alice.token, format="json").status_code == 422
    assert api.post(path, {"account_id": str(shy.id)}, token=alice.token, format="json").status_code == 422
    missing = api.post(path, {}, token=alice.token, format="json")
    assert missing.status_code == 422 and missing.json() == {"error": "`account_id` parameter is missing"}
    assert api.post(path, {"account_id": str(carol.id)}, token=bob.token, format="json").status_code == 403
    carol_item = api.post(path, {"account_id": str(carol.id)}, token=alice.token, format="json").json()

    # carol revokes her inclusion; bob may not revoke carol's
    revoke = f"{path}/{carol_item['collection_item']['id']}/revoke"
    assert api.post(revoke, token=bob.token).status_code == 403
    assert api.post(revoke, token=carol.token).json() == {}
    shown = api.get(f"/api/v1/collections/{collection['id']}", token=alice.token).json()["collection"]
    assert [i["account_id"] for i in shown["items"]] == [str(bob.id)]

    assert api.delete(f"{path}/{item['id']}", token=bob.token).status_code == 403
    assert api.delete(f"{path}/{item['id']}", token=alice.token).json() == {}
    assert api.delete(f"{path}/{item['id']}", token=alice.token).status_code == 404
    assert api.get(f"/api/v1/collections/{collection['id']}").json()["collection"]["item_count"] == 0


def test_blocks_and_limits(api, alice, featured, settings):
    bob, carol = featured("bob"), featured("carol")
    relationships.block(bob.account, alice.account)  # bob blocks alice: she may not feature him
    assert api.post("/api/v1/collections", {"name": "x", "account_ids": [str(bob.id)]}, token=alice.token,
                    format="json", validate=False).status_code == 422
    collection = _create(api, alice, account_ids=[str(carol.id)])["collection"]
    # blocked by the owner: the collection is not found for them
    erin = featured("erin")
    relationships.block(alice.account, erin.account)
    assert api.get(f"/api/v1/collections/{collection['id']}", token=erin.token).status_code == 404
    assert api.get(f"/api/v1/accounts/{alice.id}/collections", token=erin.token).json() == {"collections": []}
    # a viewer blocking a featured account does not see that item
    dave = featured("dave")
    relationships.block(dave.account, carol.account)
    seen = api.get(f"/api/v1/collections/{collection['id']}", token=dave.token).json()
    assert seen["collection"]["items"] == [] and [a["id"] for a in seen["accounts"]] == [str(alice.id)]

    assert api.get("/api/v1/accounts/verify_credentials", token=alice.token).json()["role"]["collection_limit"] == 10
    settings.COLLECTION_LIMIT = 2
    assert api.get("/api/v1/accounts/verify_credentials", token=alice.token).json()["role"]["collection_limit"] == 2
    _create(api, alice)
    assert api.post("/api/v1/collections", {"name": "third"}, token=alice.token, format="json",
                    validate=False).status_code == 422
    many = [featured(f"f{n}") for n in range(26)]
    assert api.post("/api/v1/collections", {"name": "big", "account_ids": [str(p.id) for p in many]},
                    token=featured("eve").token, format="json", validate=False).status_code == 422


def test_account_lists_and_feature_approval(api, alice, featured):
    bob = featured("bob")
    listed = _create(api, alice, account_ids=[str(bob.id)])["collection"]
    unlisted = _create(api, alice, name="Secret", discoverable=False, account_ids=[str(bob.id)])["collection"]
    own = api.get(f"/api/v1/accounts/{alice.id}/collections", token=alice.token).json()
    assert [c["id"] for c in own["collections"]] == [unlisted["id"], listed["id"]]
    public = api.get(f"/api/v1/accounts/{alice.id}/collections").json()
    assert [c["id"] for c in public["collections"]] == [listed["id"]]
    page = api.get(f"/api/v1/accounts/{alice.id}/collections", {"limit": 1}, token=alice.token)
    assert len(page.json()["collections"]) == 1 and 'rel="next"' in page["Link"]

    featuring_bob = api.get(f"/api/v1/accounts/{bob.id}/in_collections", token=bob.token).json()
    assert {c["id"] for c in featuring_bob["collections"]} == {listed["id"], unlisted["id"]}
    carol = featured("carol")
    seen_by_carol = api.get(f"/api/v1/accounts/{bob.id}/in_collections", token=carol.token).json()
    assert [c["id"] for c in seen_by_carol["collections"]] == [listed["id"]]
    assert api.get(f"/api/v1/accounts/{bob.id}/in_collections").status_code == 401
    assert api.get("/api/v1/accounts/999/collections").status_code == 404

    approval = api.get(f"/api/v1/accounts/{bob.id}", token=alice.token).json()["feature_approval"]
    assert approval == {"automatic": ["public"], "manual": [], "current_user": "automatic"}
    shy = featured("shy", discoverable=False)
    assert api.get(f"/api/v1/accounts/{shy.id}").json()["feature_approval"]["current_user"] == "denied"


def test_lists_in_constant_queries(api, alice, featured):
    people = [featured(f"p{n}") for n in range(4)]
    _create(api, alice, account_ids=[str(people[0].id)])
    api.get(f"/api/v1/accounts/{alice.id}/collections", token=alice.token)
    with CaptureQueriesContext(connection) as one:
        api.get(f"/api/v1/accounts/{alice.id}/collections", token=alice.token)
    for n in range(3):
        _create(api, alice, name=f"c{n}", account_ids=[str(p.id) for p in people])
    with CaptureQueriesContext(connection) as four:
        assert len(api.get(f"/api/v1/accounts/{alice.id}/collections", token=alice.token).json()["collections"]) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
