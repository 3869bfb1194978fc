"""Fuzzing every operation of the OpenAPI file (with tests/spec/supplement.json merged in) with
a user token that holds every scope: no answer is a 5xx, and every JSON answer matches its
schema (tests/openapi.py, the same check the `api` client makes).

schemathesis generates the requests from the spec; they go through the whole Django stack
with the test client, against a seeded world (statuses, a poll, media, a follow, a list, a
filter, a notification...) so that path parameters hit real objects half of the time.

`make test` runs FUZZ_EXAMPLES (default 3) examples per operation; `make fuzz` runs many more.
A failure prints the request that caused it.
"""
import copy
import json
import os
from urllib.parse import urlencode

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings, strategies as st

from tests.factories import make_token, make_user
from tests.openapi import SpecMismatch, spec, validate_response

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# `make test` replays the same examples every run; `make fuzz` (FUZZ_RANDOM=1) draws new ones.
DERANDOMIZE = os.environ.get("FUZZ_RANDOM", "") != "1"
ALL_SCOPES = "read write follow push profile"

# Operations the fuzzer leaves out, each with its reason.
SKIPPED = {
    # Server-sent events never end: tests/streaming opens them for real.
    **{("GET", path): "an endless event stream (tests/streaming)" for path in spec()["paths"]
       if path.startswith("/api/v1/streaming/") and path != "/api/v1/streaming/health"},
}


# 5xx answers that are the documented answer, not a failure.
EXPECTED_5XX = {
    ("POST", "/api/v1/statuses/{id}/translate"): (503, "no translation service is configured (Mastodon answers 503 too)"),
}


def _schema():
    return schemathesis.openapi.from_dict(copy.deepcopy(spec()))


OPERATIONS = {operation.label: operation for operation in
              (result.ok() for result in _schema().get_all_operations())}


def _label_id(label):
    return label.replace(" ", "_")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Seeded once for the module, in a transaction rolled back at its end (each test's own
    transaction nests inside it, as with Django's setUpTestData)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield _seed()
            transaction.set_rollback(True)


def _seed():
    """A user with a token of every scope, a friend they follow, and something of each kind.
    Returns (token, {path template prefix: a real id for the parameter that follows it})."""
    from django.test import TestCase, override_settings

    from tests.conftest import ApiClient

    # the on-commit work (notifications, fan-out) runs as in production
    with override_settings(RATE_LIMITS_ENABLED=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            token, ids = _seed_world(ApiClient)
        api = ApiClient().authenticate(token)
        notifications = api.get("/api/v1/notifications").json()
        groups = api.get("/api/v2/notifications").json()["notification_groups"]
        ids["/api/v1/notifications/"] = notifications[0]["id"] if notifications else None
        ids["/api/v2/notifications/"] = groups[0]["group_key"] if groups else None
    return token, {prefix: value for prefix, value in ids.items() if value is not None}


def _seed_world(ApiClient):
    alice = make_user("fuzzer")
    bob = make_user("friend")
    token = make_token(alice, scopes=ALL_SCOPES)
    bob_token = make_token(bob, scopes=ALL_SCOPES)
    api = ApiClient().authenticate(token)
    bob_api = ApiClient().authenticate(bob_token)
    api.post(f"/api/v1/accounts/{bob.account.id}/follow")
    status = api.post("/api/v1/statuses", {"status": "Hello #fuzzing @friend", "visibility": "public"}).json()
    poll_status = api.post("/api/v1/statuses", {"status": "A poll", "poll": {"options": ["yes", "no"], "expires_in": 3600}},
                           format="json").json()
    bob_status = bob_api.post("/api/v1/statuses", {"status": "Hi @fuzzer"}).json()
    bob_api.post(f"/api/v1/statuses/{status['id']}/favourite")
    media = api.post("/api/v1/media", {"file": SimpleUploadedFile("a.gif", _GIF, content_type="image/gif")},
                     format="multipart").json()
    list_ = api.post("/api/v1/lists", {"title": "Friends"}).json()
    api.post(f"/api/v1/lists/{list_['id']}/accounts", {"account_ids[]": [str(bob.account.id)]})
    filter_ = api.post("/api/v2/filters", {"title": "Words", "context": ["home"],
                                            "keywords_attributes": [{"keyword": "spoiler"}]}, format="json").json()
    filter_status = api.post(f"/api/v2/filters/{filter_['id']}/statuses", {"status_id": bob_status["id"]}).json()
    scheduled = api.post("/api/v1/statuses", {"status": "Later", "scheduled_at": "2099-01-01T00:00:00Z"}).json()
    featured = api.post("/api/v1/featured_tags", {"name": "fuzzing"}).json()
    ids = {
        "/api/v1/accounts/": str(bob.account.id),
        "/api/v1/statuses/": status["id"],
        "/api/v1/polls/": poll_status["poll"]["id"],
        "/api/v1/media/": media.get("id"),
        "/api/v1/lists/": list_["id"],
        "/api/v1/timelines/list/": list_["id"],
        "/api/v1/timelines/tag/": "fuzzing",
        "/api/v1/tags/": "fuzzing",
        "/api/v2/filters/": filter_["id"],
        "/api/v2/filters/keywords/": filter_["keywords"][0]["id"] if filter_.get("keywords") else None,
        "/api/v2/filters/statuses/": filter_status.get("id"),
        "/api/v1/filters/": filter_["keywords"][0]["id"] if filter_.get("keywords") else None,
        "/api/v1/scheduled_statuses/": scheduled.get("id"),
        "/api/v1/featured_tags/": featured.get("id"),
        "/api/v1/follow_requests/": str(bob.account.id),
        "/api/v1/suggestions/": str(bob.account.id),
    }
    return token, ids


# a 1×1 GIF
_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _real_path(template, path_parameters, ids):
    """path_parameters with each one replaced by the seeded id its position calls for, if any."""
    real = dict(path_parameters)
    for name in path_parameters:
        prefix = template.split("{" + name + "}")[0]
        if prefix in ids:
            real[name] = ids[prefix]
    return real


def _flat(value):
    """A generated value as a form field: scalars as text, lists as repeated fields."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def send(case, token, path_parameters):
    """The case's request through the Django stack: (response, description of the request)."""
    client = Client(raise_request_exception=False)
    path = case.path
    for name, value in path_parameters.items():
        from urllib.parse import quote

        path = path.replace("{" + name + "}", quote(str(value), safe=""))
    query = {key: ([_flat(item) for item in value] if isinstance(value, list) else _flat(value))
             for key, value in (case.query or {}).items()}
    if query:
        path += "?" + urlencode(query, doseq=True)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for name, value in (case.headers or {}).items():
        if name.lower() in ("authorization", "content-type", "content-length"):
            continue
        value = str(value)
        if value.isprintable() and value.isascii():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
    method = case.method.lower()
    call = getattr(client, method)
    body = case.body
    has_body = body is not None and type(body).__name__ != "NotSet"
    if not has_body:
        response = call(path, **extra) if method != "get" else client.get(path, **extra)
        sent = ""
    elif case.media_type == "multipart/form-data" and isinstance(body, dict):
        data = {}
        for key, value in body.items():
            if isinstance(value, bytes):
                data[key] = SimpleUploadedFile(key, value)
            elif isinstance(value, list):
                data[key] = [_flat(item) if not isinstance(item, bytes) else SimpleUploadedFile(key, item) for item in value]
            else:
                data[key] = _flat(value)
        if method == "post":
            response = client.post(path, data, **extra)
        else:
            from django.test.client import MULTIPART_CONTENT, encode_multipart

            response = call(path, encode_multipart("BoUnDaRy", data), content_type=MULTIPART_CONTENT.replace(
                "BoUnDaRyStRiNg", "BoUnDaRy"), **extra)
        sent = repr(body)[:500]
    elif case.media_type == "application/x-www-form-urlencoded" and isinstance(body, dict):
        form = {key: ([_flat(item) for item in value] if isinstance(value, list) else _flat(value))
                for key, value in body.items()}
        sent = urlencode(form, doseq=True)
        response = call(path, sent, content_type=case.media_type, **extra)
    else:
        sent = json.dumps(body) if not isinstance(body, (bytes, str)) else body
        response = call(path, sent, content_type=case.media_type or "application/json", **extra)
    return response, f"{case.method} {path}\n  body ({case.media_type}): {str(sent)[:500]}"


def check(case, template, response, request):
    __tracebackhide__ = True
    status = response.status_code
    body = b"" if response.streaming else response.content
    expected = EXPECTED_5XX.get((case.method.upper(), template), (None,))[0]
    assert status < 500 or status == expected, f"{status} for\n  {request}\n  answer: {body[:500]!r}"
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            pytest.fail(f"invalid JSON for\n  {request}\n  answer: {body[:500]!r}")
        try:
            validate_response(case.method, response.request["PATH_INFO"], status, data)
        except SpecMismatch as error:
            pytest.fail(f"{error}\nfor\n  {request}\n  answer: {body[:1000]!r}")


@pytest.mark.parametrize("label", sorted(OPERATIONS), ids=_label_id)
def test_fuzz_operation(label, world, db, settings):
    method, template = label.split(" ", 1)
    if (method, template) in SKIPPED:
        pytest.skip(SKIPPED[(method, template)])
    settings.RATE_LIMITS_ENABLED = False  # a 429 would hide what lies behind it
    token, ids = world
    operation = OPERATIONS[label]

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), real=st.booleans())
    def fuzz(case, real):
        path_parameters = _real_path(template, case.path_parameters or {}, ids) if real else (case.path_parameters or {})
        response, request = send(case, token, path_parameters)
        if response.streaming:
            response.close()
        check(case, template, response, request)

    fuzz()


def test_the_world_is_seeded(world, db):
    """Every kind of object the fuzzer aims path parameters at exists."""
    _, ids = world
    assert set(ids) == {
        "/api/v1/accounts/", "/api/v1/statuses/", "/api/v1/polls/", "/api/v1/media/", "/api/v1/lists/",
        "/api/v1/timelines/list/", "/api/v1/timelines/tag/", "/api/v1/tags/", "/api/v2/filters/",
        "/api/v2/filters/keywords/", "/api/v2/filters/statuses/", "/api/v1/filters/",
        "/api/v1/scheduled_statuses/", "/api/v1/featured_tags/", "/api/v1/notifications/",
        "/api/v2/notifications/", "/api/v1/follow_requests/", "/api/v1/suggestions/"}
