"""The v1 filters API over the same data: a v1 filter is one keyword of a v2 filter."""

from filters.models import Filter, FilterKeyword
from tests.filters.helpers import v1_filters


def create_v1(api, person, **data):
    response = api.post("/api/v1/filters", {"context[]": ["home"], **data}, token=person.token)
    assert response.status_code == 200, response.content
    return response.json()


def test_create_is_a_filter_with_one_keyword(api, alice):
    created = create_v1(api, alice, phrase="eurovision", **{"context[]": ["home", "notifications"]},
                        irreversible="true", whole_word="true", expires_in="3600")
    assert created["phrase"] == "eurovision" and created["context"] == ["home", "notifications"]
    assert created["whole_word"] is True and created["irreversible"] is True and created["expires_at"]
    assert v1_filters(api, alice.token) == [created]
    assert api.get(f"/api/v1/filters/{created['id']}", token=alice.token).json() == created
    (group,) = api.get("/api/v2/filters", token=alice.token).json()
    assert group["title"] == "eurovision" and group["filter_action"] == "hide"
    assert group["context"] == created["context"] and group["expires_at"] == created["expires_at"]
    assert group["keywords"] == [{"id": created["id"], "keyword": "eurovision", "whole_word": True}]


def test_create_defaults(api, alice):
    created = create_v1(api, alice, phrase="spoiler")
    # irreversible and whole_word default to false, as documented
    assert (created["irreversible"], created["whole_word"], created["expires_at"]) == (False, False, None)
    assert Filter.objects.get(account=alice.account).filter_action == "warn"
    response = api.post("/api/v1/filters", {"phrase": "x", "context": ["public"]}, token=alice.token, format="json")
    assert response.status_code == 200 and response.json()["context"] == ["public"]


def test_create_validation(api, alice):
    response = api.post("/api/v1/filters", {"context[]": ["home"]}, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Phrase can't be blank"
    response = api.post("/api/v1/filters", {"phrase": "x"}, token=alice.token)
    assert response.status_code == 422
    assert response.json()["error"] == ("Validation failed: Context can't be blank, "
                                        "Context None or invalid context supplied")
    response = api.post("/api/v1/filters", {"phrase": "x", "context[]": ["everywhere"]}, token=alice.token)
    assert response.status_code == 422
    assert not Filter.objects.exists()


def test_v2_keywords_are_v1_filters(api, alice):
    response = api.post("/api/v2/filters", {
        "title": "Birds", "context": ["public", "thread"], "filter_action": "blur",
        "keywords_attributes": [{"keyword": "crow", "whole_word": True}, {"keyword": "owl", "whole_word": False}]},
        token=alice.token, format="json")
    group = response.json()
    listed = v1_filters(api, alice.token)
    assert listed == [
        {"id": group["keywords"][0]["id"], "phrase": "crow", "context": ["public", "thread"], "whole_word": True,
         "expires_at": None, "irreversible": False},
        {"id": group["keywords"][1]["id"], "phrase": "owl", "context": ["public", "thread"], "whole_word": False,
         "expires_at": None, "irreversible": False},
    ]
    api.put(f"/api/v2/filters/{group['id']}", {"filter_action": "hide"}, token=alice.token)
    assert all(item["irreversible"] for item in v1_filters(api, alice.token))


def test_update_single_keyword_filter(api, alice):
    created = create_v1(api, alice, phrase="cat")
    path = f"/api/v1/filters/{created['id']}"
    response = api.put(path, {"phrase": "kitten", "context[]": ["public"], "irreversible": "1", "whole_word": "1",
                              "expires_in": "600"}, token=alice.token)
    assert response.status_code == 200
    updated = response.json()
    assert (updated["phrase"], updated["context"], updated["irreversible"], updated["whole_word"]) == (
        "kitten", ["public"], True, True)
    assert updated["expires_at"] is not None
    (group,) = api.get("/api/v2/filters", token=alice.token).json()
    assert (group["title"], group["filter_action"]) == ("kitten", "hide")
    # only what is sent changes
    response = api.put(path, {"whole_word": "false"}, token=alice.token)
    assert response.json() == {**updated, "whole_word": False}
    assert api.put(path, {"phrase": ""}, token=alice.token).status_code == 422
    assert api.put(path, {"context[]": ["nowhere"]}, token=alice.token).status_code == 422


def test_update_of_a_shared_filter_refuses_group_changes(api, alice):
    response = api.post("/api/v2/filters", {"title": "Pets", "context": ["home"],
                                            "keywords_attributes": [{"keyword": "cat"}, {"keyword": "dog"}]},
                        token=alice.token, format="json")
    group = response.json()
    cat = group["keywords"][0]["id"]
    path = f"/api/v1/filters/{cat}"
    for change in ({"context[]": ["public"]}, {"irreversible": "true"}, {"expires_in": "60"}):
        response = api.put(path, change, token=alice.token)
        assert response.status_code == 422, change
        assert response.json()["error"] == (
            "These parameters cannot be changed from this application because they apply to more than one "
            "filter keyword. Use a more recent application or the web interface.")
    # Sending the group's current values is no change; the phrase and whole_word are always safe
    response = api.put(path, {"phrase": "kitty", "whole_word": "false", "context[]": ["home"],
                              "irreversible": "false"}, token=alice.token)
    assert response.status_code == 200 and response.json()["phrase"] == "kitty"
    after = api.get(f"/api/v2/filters/{group['id']}", token=alice.token).json()
    assert after["title"] == "Pets"  # the group keeps its title
    assert [k["keyword"] for k in after["keywords"]] == ["kitty", "dog"]


def test_delete_removes_the_keyword(api, alice):
    created = create_v1(api, alice, phrase="cat")
    response = api.delete(f"/api/v1/filters/{created['id']}", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    assert v1_filters(api, alice.token) == []
    assert api.get(f"/api/v1/filters/{created['id']}", token=alice.token).status_code == 404
    assert not FilterKeyword.objects.exists()
    # the group stays, without keywords, as on Mastodon
    assert [group["keywords"] for group in api.get("/api/v2/filters", token=alice.token).json()] == [[]]
