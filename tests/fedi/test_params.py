"""Parameters from query strings, forms, multipart and JSON, as Rails reads them."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fedi.params import nest_pairs, to_bool

pytestmark = pytest.mark.urls("tests.fedi.urls")


def test_nest_pairs_rails_syntax():
    assert nest_pairs([("ids[]", "1"), ("ids[]", "2")]) == {"ids": ["1", "2"]}
    assert nest_pairs([("poll[options][]", "a"), ("poll[options][]", "b"), ("poll[expires_in]", "300")]) == {
        "poll": {"options": ["a", "b"], "expires_in": "300"}}
    assert nest_pairs([("fields_attributes[0][name]", "a"), ("fields_attributes[0][value]", "b"),
                       ("fields_attributes[7][name]", "c")]) == {
        "fields_attributes": {"0": {"name": "a", "value": "b"}, "7": {"name": "c"}}}
    assert nest_pairs([("media[][id]", "1"), ("media[][description]", "x"), ("media[][id]", "2")]) == {
        "media": [{"id": "1", "description": "x"}, {"id": "2"}]}
    assert nest_pairs([("a[b", "1"), ("[x]", "2"), ("plain", "3")]) == {"a[b": "1", "[x]": "2", "plain": "3"}


@pytest.mark.parametrize("value,expected", [
    ("true", True), ("1", True), ("on", True), ("True", True), ("yes", True), ("t", True),
    ("false", False), ("0", False), ("off", False), ("f", False), ("FALSE", False), ("", None), (None, None),
    (True, True), (False, False), (0, False), (1, True),
])
def test_booleans_as_mastodon_casts_them(value, expected):
    assert to_bool(value) is expected


def test_query_string(api):
    body = api.get("/api/test/echo", {"ids[]": ["1", "2"], "flag": "1", "unknown": "ignored"}).json()
    assert body["ids"] == ["1", "2"]
    assert body["_bool_flag"] is True


def test_form_body_merges_over_query(api):
    body = api.post("/api/test/echo?a=query&b=query", {"a": "form", "fields_attributes[0][name]": "n"}).json()
    assert body["a"] == "form" and body["b"] == "query"
    assert body["fields_attributes"] == {"0": {"name": "n"}}


def test_json_body(api):
    body = api.post("/api/test/echo", {"poll": {"options": ["x", "y"]}, "flag": "on"}, format="json").json()
    assert body["poll"] == {"options": ["x", "y"]}
    assert body["_bool_flag"] is True


def test_json_body_without_content_type(api):
    response = api.client.post("/api/test/echo", data=json.dumps({"a": 1}), content_type="")
    assert response.status_code == 200
    assert response.json()["a"] == 1


def test_form_body_without_content_type(api):
    response = api.client.generic("POST", "/api/test/echo", data=b"a=1&ids[]=2", content_type="")
    assert response.json()["a"] == "1"
    assert response.json()["ids"] == ["2"]


def test_json_with_charset_and_vendor_type(api):
    for content_type in ("application/json; charset=utf-8", "application/activity+json"):
        response = api.client.post("/api/test/echo", data=json.dumps({"a": "b"}), content_type=content_type)
        assert response.json()["a"] == "b"


def test_multipart_with_files(api):
    upload = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    response = api.client.post("/api/test/echo", {"avatar": upload, "note": "hi", "ids[]": ["1", "2"]})
    body = response.json()
    assert body["_files"] == ["avatar"]
    assert body["note"] == "hi" and body["ids"] == ["1", "2"]


def test_malformed_json_is_a_400(api):
    response = api.client.post("/api/test/echo", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()


def test_typed_parameters(api):
    body = api.get("/api/test/typed", {"count": "3", "since": "123", "ids[]": ["1", "22"]}).json()
    assert body == {"count": 3, "since": 123, "ids": ["1", "22"]}
    for bad in ({"count": "x"}, {"count": "11"}, {"since": "abc"}, {"ids[]": ["1", "x"]}, {"since": "9" * 30}):
        response = api.get("/api/test/typed", bad)
        assert response.status_code == 400, bad
        assert response.json()["error"]


def test_arrays_of_hashes_keep_the_order_they_were_sent_in(api):
    body = "fields_attributes[][name]=a&fields_attributes[][value]=1&fields_attributes[][name]=b" \
           "&fields_attributes[][value]=2"
    response = api.client.post("/api/test/echo", data=body, content_type="application/x-www-form-urlencoded")
    assert response.json()["fields_attributes"] == [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]
    response = api.client.get("/api/test/echo?" + body)
    assert response.json()["fields_attributes"] == [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]
