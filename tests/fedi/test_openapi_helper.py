"""The response check of tests/openapi.py lets nothing through unchecked."""
import pytest

from tests.openapi import SPEC_PATH, SpecMismatch, supplement, validate_response

METHODS = ("get", "post", "put", "patch", "delete")


def test_a_json_answer_without_a_schema_fails():
    # The spec documents this 200 without a schema, and the supplement adds none.
    with pytest.raises(SpecMismatch, match="no schema"):
        validate_response("GET", "/api/v1/streaming/health", 200, {"anything": "goes"})


def test_an_undocumented_success_status_fails():
    with pytest.raises(SpecMismatch, match="documents no 201"):
        validate_response("POST", "/api/v1/statuses", 201, {})


def test_an_unlisted_error_status_is_an_error_entity():
    assert validate_response("GET", "/api/v1/statuses/1", 403, {"error": "nope"}) == "#/components/schemas/Error"
    with pytest.raises(SpecMismatch):
        validate_response("GET", "/api/v1/statuses/1", 403, {"detail": "DRF's own shape"})


def test_a_server_error_fails():
    with pytest.raises(SpecMismatch):
        validate_response("GET", "/api/v1/statuses/1", 500, {"error": "boom"})


def test_empty_answers_are_empty_objects():
    assert validate_response("DELETE", "/api/v1/lists/1", 200, {})
    with pytest.raises(SpecMismatch):
        validate_response("DELETE", "/api/v1/lists/1", 200, {"id": "1"})


def test_admin_answers_are_checked_against_the_admin_entities():
    with pytest.raises(SpecMismatch):
        validate_response("GET", "/api/v1/admin/accounts/1", 200, {"id": "1"})
    with pytest.raises(SpecMismatch):
        validate_response("GET", "/api/v2/admin/accounts", 200, [{"id": 1}])
    with pytest.raises(SpecMismatch):
        validate_response("GET", "/api/v1/admin/reports/1", 200, {"id": "1"})


def test_every_supplement_entry_gives_its_reason():
    import json

    original = json.loads(SPEC_PATH.read_text())
    for name, schema in supplement()["components"]["schemas"].items():
        assert schema.get("x-reason"), name
    for path, operations in supplement()["paths"].items():
        for method, operation in operations.items():
            assert method in METHODS, (path, method)
            new_operation = method not in original["paths"].get(path, {})
            assert operation.get("x-reason") or not new_operation, (method, path)
            for status, response in operation.get("responses", {}).items():
                assert response.get("x-reason") or new_operation, (method, path, status)
