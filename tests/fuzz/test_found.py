"""What the fuzzer found (tests/fuzz/test_operations.py), kept as plain tests: each was a 500."""
import pytest

from fedi.params import is_id
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db

# str.isdigit() takes these, int() refuses "²" and reads "١٢" as 12.
NOT_IDS = ["²", "1²", "١٢", "\u0661", "𝟙"]


@pytest.mark.parametrize("text", NOT_IDS + ["", "-1", "1.0", " 1", str(1 << 63)])
def test_only_ascii_digits_are_ids(text):
    assert not is_id(text)


def test_ids_are_ascii_digits_up_to_64_bits():
    assert is_id("0") and is_id("117716073191705046") and is_id(str((1 << 63) - 1))


@pytest.fixture
def auth(api):
    alice = make_user("alice")
    api.authenticate(make_token(alice, scopes="read write follow push"))
    api.alice = alice
    return api


@pytest.mark.parametrize("text", NOT_IDS)
def test_unicode_digits_are_not_found_or_refused(auth, text):
    lst = auth.post("/api/v1/lists", {"title": "L"}).json()
    for method, path, data in [
        ("get", "/api/v1/accounts", {"id[]": ["1", text]}),
        ("get", f"/api/v1/accounts/{text}", None),
        ("get", f"/api/v1/statuses/{text}", None),
        ("get", f"/api/v1/statuses/{text}/context", None),
        ("get", f"/api/v1/polls/{text}", None),
        ("get", f"/api/v1/media/{text}", None),
        ("get", f"/api/v1/notifications/{text}", None),
        ("get", f"/api/v2/notifications/ungrouped-{text}", None),
        ("get", f"/api/v2/filters/{text}", None),
        ("get", f"/api/v1/scheduled_statuses/{text}", None),
        ("get", "/api/v1/timelines/home", {"max_id": text}),
        ("get", f"/api/v1/timelines/list/{text}", None),
        ("post", f"/api/v1/lists/{lst['id']}/accounts", {"account_ids[]": [text]}),
        ("delete", f"/api/v1/lists/{lst['id']}/accounts", {"account_ids[]": [text]}),
        ("post", "/api/v1/statuses", {"status": "x", "media_ids[]": [text]}),
        ("post", "/api/v1/statuses", {"status": "x", "in_reply_to_id": text}),
        ("post", "/api/v1/markers", {"home[last_read_id]": text}),
        ("post", "/api/v1/reports", {"account_id": text}),
        ("delete", f"/api/v1/featured_tags/{text}", None),
        ("post", f"/api/v1/announcements/{text}/dismiss", None),
    ]:
        response = getattr(auth, method)(path, data)
        assert response.status_code < 500, (method, path, data, response.status_code, response.content)
        if text in path:  # an object that cannot exist
            assert response.status_code in (400, 404), (method, path, response.status_code)


def test_a_huge_offset_is_clamped(auth):
    for path in ("/api/v1/accounts/search", "/api/v2/search"):
        response = auth.get(path, {"q": "alice", "offset": str(10 ** 22)})
        assert response.status_code == 200, response.content


def test_nul_characters_are_refused(auth):
    # PostgreSQL text cannot hold them: each of these was a 500 there.
    bob = make_user("bob")
    for method, path, data, name in [
        ("get", "/api/v1/accounts/lookup", {"acct": "al\x00ice"}, "acct"),
        ("patch", "/api/v1/accounts/update_credentials", {"display_name": "a\x00b"}, "display_name"),
        ("post", f"/api/v1/accounts/{bob.account.id}/note", {"comment": "\x00"}, "comment"),
        ("post", "/api/v1/filters", {"phrase": "x\x00", "context[]": ["home"]}, "phrase"),
        ("post", "/api/v1/statuses", {"status": "hello\x00"}, "status"),
    ]:
        response = getattr(auth, method)(path, data)
        assert response.status_code == 422, (path, response.content)
        assert [detail["error"] for detail in response.json()["details"][name]] == ["ERR_INVALID"]
    response = auth.post("/api/v1/statuses", {"status": "x", "poll": {"options": ["a\x00", "b"], "expires_in": 600}},
                         format="json")
    assert response.status_code == 422 and "poll" in response.json()["details"]
    assert auth.get("/api/v1/accounts/al%00ice").status_code == 404
    assert auth.get("/api/v1/tags/a%00b").status_code == 404
