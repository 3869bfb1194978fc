"""Pleroma's own reports (GET /api/v1/pleroma/reports[/:id]), the emoji pack listing's
pages and its archive, and the captcha where Pleroma 2.x routes it."""
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from instance.models import CustomEmoji
from reports.models import Report
from tests import factories
from tests.pleroma_api.schemas import EMOJI_PACK, REPORT, REPORTS, check, check_statuses


@pytest.fixture
def people(db):
    users = {name: factories.make_user(name) for name in ("alice", "bob", "carol")}
    for user in users.values():
        user.token = factories.make_token(user)
    return users


def test_own_reports(api, people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    status = api.post("/api/v1/statuses", {"status": "rude"}, token=bob.token).json()
    secret = api.post("/api/v1/statuses", {"status": "rude, privately", "visibility": "private"},
                      token=bob.token).json()
    api.post(f"/api/v1/accounts/{bob.account.id}/follow", token=alice.token)
    filed = api.post("/api/v1/reports", {"account_id": bob.account.id, "comment": "bad",
                                         "status_ids[]": [status["id"], secret["id"]]}, token=alice.token).json()
    api.post("/api/v1/reports", {"account_id": alice.account.id, "comment": "not alice's"}, token=carol.token)
    listed = api.get("/api/v1/pleroma/reports", token=alice.token).json()
    check(REPORTS, listed)
    assert listed["total"] == 1
    [report] = listed["reports"]
    assert report["id"] == filed["id"] and report["state"] == "open" and report["content"] == "bad"
    assert report["account"]["id"] == str(bob.account.id) and report["actor"]["id"] == str(alice.account.id)
    check_statuses(report["statuses"])
    assert {s["id"] for s in report["statuses"]} == {status["id"], secret["id"]}
    # the statuses the reporter may no longer see are left out
    api.post(f"/api/v1/accounts/{bob.account.id}/unfollow", token=alice.token)
    shown = api.get(f"/api/v1/pleroma/reports/{filed['id']}", token=alice.token).json()
    check(REPORT, shown)
    assert [s["id"] for s in shown["statuses"]] == [status["id"]]

    Report.objects.filter(pk=int(filed["id"])).update(action_taken_at=timezone.now())
    assert api.get("/api/v1/pleroma/reports", {"state": "open"}, token=alice.token).json() == {"reports": [],
                                                                                             "total": 0}
    assert api.get("/api/v1/pleroma/reports", {"state": "resolved"}, token=alice.token).json()["total"] == 1
    assert api.get("/api/v1/pleroma/reports", {"page": 2}, token=alice.token).json() == {"reports": [], "total": 1}
    assert api.get("/api/v1/pleroma/reports", {"state": "odd"}, token=alice.token).status_code == 400
    # someone else's report, or none: not found
    for other in (carol, bob):
        assert api.get(f"/api/v1/pleroma/reports/{filed['id']}", token=other.token).status_code == 404
    assert api.get("/api/v1/pleroma/reports/x", token=alice.token).status_code == 404
    assert api.get("/api/v1/pleroma/reports", token="").status_code == 401


def test_reports_page_in_constant_queries(api, people, django_assert_max_num_queries):
    alice, bob = people["alice"], people["bob"]
    for n in range(5):
        status = api.post("/api/v1/statuses", {"status": f"s{n}"}, token=bob.token).json()
        api.post("/api/v1/reports", {"account_id": bob.account.id, "status_ids[]": [status["id"]]}, token=alice.token)
    api.get("/api/v1/pleroma/reports", token=alice.token)
    with django_assert_max_num_queries(40):
        body = api.get("/api/v1/pleroma/reports", token=alice.token).json()
    assert body["total"] == 5 and all(len(report["statuses"]) == 1 for report in body["reports"])


def test_emoji_pack_pages_and_archive(api, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for name in ("a_cat", "b_dog", "c_fox"):
        emoji = CustomEmoji(shortcode=name)
        emoji.image.save(f"{name}.png", ContentFile(b"\x89PNG fake " + name.encode()), save=True)
    pack = api.get("/api/v1/pleroma/emoji/pack", {"name": "local", "page_size": 2}).json()
    check(EMOJI_PACK, pack)
    assert sorted(pack["files"]) == ["a_cat", "b_dog"] and pack["files_count"] == 3
    assert sorted(api.get("/api/v1/pleroma/emoji/pack", {"name": "local", "page": 2, "page_size": 2})
                  .json()["files"]) == ["c_fox"]
    assert api.get("/api/v1/pleroma/emoji/packs", {"page": 2}).json() == {"count": 1, "packs": {}}
    assert list(api.get("/api/v1/pleroma/emoji/packs").json()["packs"]) == ["local"]

    response = api.get("/api/v1/pleroma/emoji/packs/archive", {"name": "local"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["a_cat.png", "b_dog.png", "c_fox.png", "pack.json"]
    assert archive.read("b_dog.png") == b"\x89PNG fake b_dog"
    assert api.get("/api/v1/pleroma/emoji/packs/archive", {"name": "other"}).status_code == 404
    assert api.get("/api/v1/pleroma/emoji/packs/archive").status_code == 400
    assert api.get("/api/v1/pleroma/captcha").json() == {"type": "none"}
