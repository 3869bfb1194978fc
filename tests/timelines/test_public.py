"""The public and link timelines: what they show, to whom, with which parameters."""
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from accounts.models import Account
from cards.models import PreviewCard, StatusCard
from relationships.models import Mute
from statuses.models import Status
from statuses.services.posting import create_status
from tests.timelines.feeds_helpers import (  # noqa: F401
    act, alice, api, bob, carol, committing, get, ids, links, person, post, query_of, remote, status_action)

PUBLIC = "/api/v1/timelines/public"


def remote_post(account, text, committing, **fields):
    with committing(), transaction.atomic():
        return create_status(account, text=text, spoiler_text="", visibility=fields.pop("visibility", "public"),
                             sensitive=False, language=None, **fields)


def test_public_statuses_only_no_reblogs_no_replies_to_others(api, alice, bob):
    public = post(api, alice, "public")
    post(api, alice, "unlisted", visibility="unlisted")
    post(api, alice, "private", visibility="private")
    post(api, alice, "@bob direct", visibility="direct")
    reply = post(api, bob, "@alice reply", in_reply_to_id=public["id"])
    self_reply = post(api, alice, "thread goes on", in_reply_to_id=public["id"])
    status_action(api, bob, public, "reblog")
    expected = [self_reply["id"], public["id"]]
    assert ids(get(api, None, PUBLIC)) == expected  # signed out, as Mastodon allows by default
    assert ids(get(api, bob, PUBLIC)) == expected
    assert reply["id"] not in ids(get(api, bob, PUBLIC))


def test_local_remote_and_only_media(api, alice, remote, committing, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    local = post(api, alice, "local")
    far = remote_post(remote(), "remote", committing)
    buffer = BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buffer, "PNG")
    upload = api.post("/api/v1/media", {"file": SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")},
                      token=alice.token, format="multipart")
    assert upload.status_code == 200, upload.content
    with_media = post(api, alice, "picture", **{"media_ids[]": [upload.json()["id"]]})
    assert ids(get(api, None, PUBLIC)) == [with_media["id"], str(far.id), local["id"]]
    assert ids(get(api, None, PUBLIC, {"local": "true"})) == [with_media["id"], local["id"]]
    assert ids(get(api, None, PUBLIC, {"remote": "true"})) == [str(far.id)]
    assert ids(get(api, None, PUBLIC, {"local": "true", "remote": "true"})) == [
        with_media["id"], str(far.id), local["id"]]
    assert ids(get(api, None, PUBLIC, {"only_media": "true"})) == [with_media["id"]]
    assert ids(get(api, None, PUBLIC, {"only_media": "true", "remote": "1"})) == []


def test_viewer_blocks_mutes_and_domain_blocks(api, alice, bob, carol, remote, committing):
    from_alice = post(api, alice, "alice")
    from_carol = post(api, carol, "carol")
    far = remote_post(remote("x", "far.example"), "far", committing)
    everything = [str(far.id), from_carol["id"], from_alice["id"]]
    assert ids(get(api, bob, PUBLIC)) == everything
    act(api, bob, alice, "mute")
    act(api, bob, carol, "block")
    assert api.post("/api/v1/domain_blocks", {"domain": "far.example"}, token=bob.token).status_code == 200
    assert ids(get(api, bob, PUBLIC)) == []
    assert ids(get(api, None, PUBLIC)) == everything
    Mute.objects.filter(account=bob.account).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ids(get(api, bob, PUBLIC)) == [from_alice["id"]]  # an expired mute hides nothing
    act(api, alice, bob, "block")  # blocked by the author
    assert ids(get(api, bob, PUBLIC)) == []


def test_silenced_and_suspended_authors_are_left_out(api, alice, bob):
    post(api, alice, "alice")
    from_bob = post(api, bob, "bob")
    Account.objects.filter(pk=alice.id).update(silenced_at=timezone.now())
    assert ids(get(api, None, PUBLIC)) == [from_bob["id"]]
    Account.objects.filter(pk=bob.id).update(suspended_at=timezone.now())
    assert ids(get(api, None, PUBLIC)) == []


def test_filters_apply(api, alice, bob):
    kept = post(api, alice, "nice things")
    post(api, alice, "spoilers ahead")
    response = api.post("/api/v2/filters", {"title": "no spoilers", "context[]": ["public"], "filter_action": "hide",
                                            "keywords_attributes[][keyword]": "spoilers"}, token=bob.token)
    if response.status_code == 404:
        pytest.skip("the filters app is not there")
    assert response.status_code == 200, response.content
    assert ids(get(api, bob, PUBLIC)) == [kept["id"]]


def test_pagination(api, alice):
    posted = [post(api, alice, f"n{n}")["id"] for n in range(5)][::-1]
    first = get(api, None, PUBLIC, {"limit": 2, "local": "true"})
    assert ids(first) == posted[:2]
    nav = links(first)
    assert query_of(nav["next"]) == {"limit": "2", "local": "true", "max_id": posted[1]}
    assert query_of(nav["prev"])["min_id"] == posted[0]
    assert ids(get(api, None, PUBLIC, query_of(nav["next"]))) == posted[2:4]
    assert ids(get(api, None, PUBLIC, {"min_id": posted[4], "limit": 2})) == posted[2:4]
    assert ids(get(api, None, PUBLIC, {"since_id": posted[4], "limit": 2})) == posted[:2]
    assert ids(get(api, None, PUBLIC, {"limit": 0})) == posted[:1]  # clamped, as Mastodon does
    get(api, None, PUBLIC, {"since_id": "x"}, status=400)


def test_bad_token_is_refused(api):
    assert api.get(PUBLIC, token="nonsense").status_code == 401


@pytest.mark.parametrize("count", [3, 40])
def test_query_count_is_constant(api, alice, bob, count, django_assert_max_num_queries):
    for n in range(count):
        post(api, alice if n % 2 else bob, f"post {n} #tag{n % 3} @carol")
    with django_assert_max_num_queries(14):
        response = get(api, bob, PUBLIC, {"limit": 40})
    assert len(response.json()) == count


# --- Link timeline ----------------------------------------------------------------------

def test_link_timeline(api, alice, bob, carol):
    card = PreviewCard.objects.create(url="https://news.example/story", title="Story",
                                      provider_url="https://news.example/", author_url="https://news.example/me",
                                      embed_url="https://news.example/embed")
    Account.objects.filter(pk__in=[alice.id, bob.id]).update(discoverable=True)
    shared = post(api, alice, "read https://news.example/story")
    quiet = post(api, carol, "me too https://news.example/story")  # carol did not opt in
    unlisted = post(api, bob, "https://news.example/story", visibility="unlisted")
    for status in (shared, quiet, unlisted):
        StatusCard.objects.update_or_create(status_id=int(status["id"]), defaults={"card": card})
    other = post(api, bob, "unrelated")
    response = get(api, None, "/api/v1/timelines/link", {"url": "https://news.example/story"})
    assert ids(response) == [shared["id"]]
    assert response.json()[0]["card"]["url"] == "https://news.example/story"
    act(api, bob, alice, "block")
    assert ids(get(api, bob, "/api/v1/timelines/link", {"url": "https://news.example/story"})) == []
    get(api, None, "/api/v1/timelines/link", {"url": "https://news.example/other"}, status=404)
    get(api, None, "/api/v1/timelines/link", status=404)
    assert Status.objects.filter(pk=int(other["id"])).exists()


@pytest.mark.parametrize("visibility", ["private", "direct", "unlisted"])
def test_a_card_made_from_a_private_post_is_not_observable(api, alice, bob, visibility):
    """No oracle for links posted privately: the answer is that of a URL nobody posted."""
    Account.objects.filter(pk=alice.id).update(discoverable=True)
    card = PreviewCard.objects.create(url="https://secret.example/plan", title="Plan")
    status = post(api, alice, "@bob https://secret.example/plan", visibility=visibility)
    StatusCard.objects.create(status_id=int(status["id"]), card=card)
    for viewer in (None, bob, alice):
        known = get(api, viewer, "/api/v1/timelines/link", {"url": "https://secret.example/plan"}, status=404)
        unknown = get(api, viewer, "/api/v1/timelines/link", {"url": "https://secret.example/none"}, status=404)
        assert known.json() == unknown.json()
    public = post(api, alice, "https://secret.example/plan")  # once posted publicly, it has a timeline
    StatusCard.objects.create(status_id=int(public["id"]), card=card)
    assert ids(get(api, None, "/api/v1/timelines/link", {"url": "https://secret.example/plan"})) == [public["id"]]


def test_timelines_access_setting(api, alice, monkeypatch):
    from instance import serializers

    local = post(api, alice, "local #news")
    monkeypatch.setitem(serializers.TIMELINES_ACCESS, "live_feeds", {"local": "authenticated", "remote": "disabled"})
    assert api.get(PUBLIC, {"local": "true"}).status_code == 401
    assert ids(get(api, alice, PUBLIC, {"local": "true"})) == [local["id"]]
    assert ids(get(api, alice, PUBLIC)) == []  # remote statuses are part of it, and disabled
    assert ids(get(api, alice, PUBLIC, {"remote": "true"})) == []
    monkeypatch.setitem(serializers.TIMELINES_ACCESS, "hashtag_feeds", {"local": "disabled", "remote": "public"})
    assert ids(get(api, None, "/api/v1/timelines/tag/news")) == []
    assert ids(get(api, None, "/api/v1/timelines/tag/news", {"remote": "true"})) == []
