"""Full-text status search: the index, Mastodon's operators, the privacy matrix, the
parameters, `manage.py search deploy`, the query plan and the query count."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from relationships import services as relationships
from search.models import StatusSearchEntry
from search.services import search_statuses
from statuses.models import Bookmark, Favourite, Mention, Status
from tests import factories


@pytest.fixture
def alice(db):
    return factories.make_user("alice").account


@pytest.fixture
def bob(db):
    account = factories.make_user("bob").account
    account.indexable = True
    account.save()
    return account


def _status(account, text, **fields):
    return Status.objects.create(account=account, text=text, content=f"<p>{text}</p>", **fields)


def _found(query, viewer, **kwargs):
    return list(search_statuses(query, viewer, **kwargs))


def test_index_follows_create_edit_delete(alice):
    status = _status(alice, "the quick brown fox")
    assert _found("fox", alice) == [status.id]
    status.text, status.content = "a lazy dog", "<p>a lazy dog</p>"
    status.save()
    assert _found("fox", alice) == []
    assert _found("dog", alice) == [status.id]
    status.delete()
    assert _found("dog", alice) == []
    assert not StatusSearchEntry.objects.exists()


def test_words_phrases_exclusions_and_ranking(alice):
    both = _status(alice, "black cat on a black mat")
    cat = _status(alice, "a cat")
    dog = _status(alice, "a black dog")
    assert set(_found("black", alice)) == {both.id, dog.id}
    assert _found('"black cat"', alice) == [both.id]
    assert _found("cat -black", alice) == [cat.id]
    assert set(_found("cat", alice)) == {both.id, cat.id}
    assert _found("CAT mat", alice) == [both.id]  # case-insensitive, every word required
    assert _found("unicorn", alice) == []
    assert _found("black", alice)[0] == both.id  # two occurrences rank first


def test_language_aware_stemming_on_postgresql(alice):
    status = _status(alice, "penguins were running", language="en")
    if connection.vendor == "postgresql":
        assert _found("penguin run", alice) == [status.id]  # English stems
    assert _found("penguins", alice) == [status.id]  # the words themselves, in any set-up


def test_operators(alice, bob):
    now = timezone.now()
    reply_to = _status(bob, "parent zebra")
    plain = _status(alice, "zebra plain", language="en", created_at=now - datetime.timedelta(days=10))
    reply = _status(alice, "zebra reply", in_reply_to=reply_to, in_reply_to_account=bob, language="de")
    sensitive = _status(alice, "zebra sensitive", sensitive=True, spoiler_text="cw")
    from media_attachments.models import MediaAttachment
    from polls.models import Poll

    with_media = _status(alice, "zebra media")
    MediaAttachment.objects.create(account=alice, status=with_media, type="image")
    with_poll = _status(alice, "zebra poll")
    Poll.objects.create(status=with_poll, account=alice, options=["a", "b"], tallies=[0, 0])
    bobs = _status(bob, "zebra by bob")
    assert set(_found("zebra from:alice", alice)) == {plain.id, reply.id, sensitive.id, with_media.id, with_poll.id}
    assert set(_found("zebra from:me", bob)) == {reply_to.id, bobs.id}
    assert _found("zebra from:nobody", alice) == []
    assert _found("zebra is:reply", alice) == [reply.id]
    assert reply.id not in _found("zebra -is:reply", alice)
    assert _found("zebra is:sensitive", alice) == [sensitive.id]
    assert _found("zebra has:media", alice) == [with_media.id]
    assert _found("zebra has:image", alice) == [with_media.id]
    assert _found("zebra has:poll", alice) == [with_poll.id]
    assert _found("zebra has:link", alice) == []
    assert _found("zebra has:embed", alice) == []
    assert _found("zebra language:de", alice) == [reply.id]
    day = (now - datetime.timedelta(days=10)).date().isoformat()
    assert _found(f"zebra during:{day}", alice) == [plain.id]
    assert _found(f"zebra before:{(now - datetime.timedelta(days=5)).date().isoformat()}", alice) == [plain.id]
    assert plain.id not in _found(f"zebra after:{day}", alice)
    # in:library: only what alice wrote or interacted with; in:public: only the public index
    assert bobs.id in _found("zebra", alice)
    assert bobs.id not in _found("zebra in:library", alice)
    assert set(_found("zebra in:public", alice)) == {reply_to.id, bobs.id}
    # operators alone (no words) filter too
    assert _found("from:alice has:poll", alice) == [with_poll.id]
    # an unknown "key:value" is a word
    assert _found("foo:bar", alice) == []


def test_operator_errors_are_422(api, alice):
    token = factories.make_token(alice.user)
    for query in ("x before:yesterday", "x has:everything", "x in:nowhere"):
        response = api.get("/api/v2/search", {"q": query, "type": "statuses"}, token=token)
        assert response.status_code == 422, query


VISIBILITIES = ("public", "unlisted", "private", "direct")


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("relation", ("stranger", "follower", "mentioned", "blocked", "muted", "blocking"))
@pytest.mark.parametrize("interaction", ("none", "favourite", "bookmark"))
def test_privacy_matrix(alice, bob, visibility, relation, interaction):
    """Never a status the searcher may not see: visibility × relationship × interaction
    (interactions created directly, as stale rows after a change of relationship would be)."""
    status = _status(bob, "secret llama", visibility=visibility)
    if relation in ("follower", "muted"):
        relationships.follow(alice, bob)
    if relation == "mentioned":
        Mention.objects.create(status=status, account=alice)
    if relation == "blocked":
        relationships.block(bob, alice)
    if relation == "blocking":
        relationships.block(alice, bob)
    if relation == "muted":
        relationships.mute(alice, bob)
    if interaction == "favourite":
        Favourite.objects.create(account=alice, status=status)
    if interaction == "bookmark":
        Bookmark.objects.create(account=alice, status=status)
    may_see = relation not in ("blocked", "blocking", "muted") and (
        visibility in ("public", "unlisted")
        or (visibility == "private" and relation == "follower")
        or relation == "mentioned")
    in_scope = visibility == "public" or interaction != "none" or relation == "mentioned"
    assert _found("llama", alice) == ([status.id] if may_see and in_scope else [])
    assert _found("llama", bob) == [status.id]  # the author always finds their own


def test_not_indexable_public_posts_are_not_searched(alice):
    carol = factories.make_user("carol").account  # indexable is off by default
    status = _status(carol, "hidden koala")
    assert _found("koala", alice) == []
    Favourite.objects.create(account=alice, status=status)
    assert _found("koala", alice) == [status.id]


def test_boosted_statuses_are_in_the_library(alice):
    carol = factories.make_user("carol").account
    status = _status(carol, "boosted emu")
    Status.objects.create(account=alice, reblog_of=status)
    assert _found("emu", alice) == [status.id]  # the original, never the reblog


def test_endpoints_and_parameters(api, alice, bob):
    token = factories.make_token(alice.user)
    statuses = [_status(bob, f"page ibis {i}") for i in range(5)]
    ids = [str(s.id) for s in statuses]
    body = api.get("/api/v2/search", {"q": "ibis", "type": "statuses", "limit": 2}, token=token).json()
    assert len(body["statuses"]) == 2
    page2 = api.get("/api/v2/search", {"q": "ibis", "type": "statuses", "limit": 2, "offset": 2},
                    token=token).json()["statuses"]
    assert not {s["id"] for s in body["statuses"]} & {s["id"] for s in page2}
    found = api.get("/api/v2/search", {"q": "ibis", "type": "statuses", "max_id": ids[3], "min_id": ids[0]},
                    token=token).json()["statuses"]
    assert {s["id"] for s in found} == {ids[1], ids[2]}
    found = api.get("/api/v2/search", {"q": "ibis", "type": "statuses", "account_id": str(alice.id)},
                    token=token).json()["statuses"]
    assert found == []
    v1 = api.get("/api/v1/search", {"q": "ibis"}, token=token).json()
    assert len(v1["statuses"]) == 5 and v1["hashtags"] == []
    assert api.get("/api/v1/search", {"q": "#ibis"}, token=token).status_code == 200
    for bad in ({"q": "x", "limit": "many"}, {"q": "x", "account_id": "abc"}, {"q": "x", "max_id": "-"},
                {"q": "x", "type": "people"}, {"q": "x" * 1001}, {}):
        response = api.get("/api/v2/search", bad, token=token)
        assert 400 <= response.status_code < 500, bad
        assert "error" in response.json()
    assert api.get("/api/v2/search", {"q": "ibis", "resolve": "true"}).status_code == 401
    # signed out: no statuses
    assert api.get("/api/v2/search", {"q": "ibis"}).json()["statuses"] == []


def test_accounts_by_name_and_handle_with_the_follow_boost(api, alice):
    popular = factories.make_user("sam_popular").account
    popular.followers_count = 100
    popular.save()
    friend = factories.make_user("sam_friend").account
    friend.display_name = "Samantha Friend"
    friend.save()
    relationships.follow(alice, friend)
    token = factories.make_token(alice.user)
    found = [a["acct"] for a in api.get("/api/v2/search", {"q": "sam", "type": "accounts"}, token=token).json()["accounts"]]
    assert found == ["sam_friend", "sam_popular"]  # followed first, then most followed
    found = [a["acct"] for a in api.get("/api/v2/search", {"q": "samantha", "type": "accounts"}, token=token).json()["accounts"]]
    assert found == ["sam_friend"]
    from django.conf import settings

    found = api.get("/api/v2/search", {"q": f"sam_popular@{settings.LOCAL_DOMAIN}", "type": "accounts"},
                    token=token).json()["accounts"]
    assert [a["acct"] for a in found] == ["sam_popular"]
    found = api.get("/api/v2/search", {"q": "sam", "type": "accounts", "following": "true"}, token=token).json()
    assert [a["acct"] for a in found["accounts"]] == ["sam_friend"]


def test_search_deploy_rebuilds_the_index(alice):
    statuses = [_status(alice, f"deploy heron {i}") for i in range(5)]
    StatusSearchEntry.objects.all().delete()
    assert _found("heron", alice) == []
    out = StringIO()
    call_command("search", "deploy", "--batch-size", "2", stdout=out)
    assert "Indexed 2/5" in out.getvalue() and "Done: 5 statuses indexed" in out.getvalue()
    assert set(_found("heron", alice)) == {s.id for s in statuses}


def test_constant_queries_per_page(api, alice, bob, django_assert_max_num_queries):
    token = factories.make_token(alice.user)
    for i in range(3):
        _status(bob, f"count crane {i}")
    api.get("/api/v2/search", {"q": "crane", "type": "statuses"}, token=token)
    with django_assert_max_num_queries(40) as few:
        api.get("/api/v2/search", {"q": "crane", "type": "statuses"}, token=token)
    for i in range(20):
        _status(bob, f"count crane more {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api.get("/api/v2/search", {"q": "crane", "type": "statuses"}, token=token).json()
    assert len(body["statuses"]) == 20


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_uses_the_gin_index(alice):
    from fedi.ids import next_id

    Status.objects.bulk_create([Status(id=next_id(), account=alice, text=f"filler number {i}",
                                       content=f"<p>filler number {i}</p>") for i in range(3000)])
    needle = _status(alice, "needle")
    call_command("search", "deploy", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_statussearchentry")
        cursor.execute("ANALYZE statuses_status")
    from search import fulltext
    from search.query import parse

    queryset = search_statuses("needle", alice)
    matching = StatusSearchEntry.objects.filter(vector=fulltext.pg_query(parse("needle -hay"), "english"))
    with connection.cursor() as cursor:
        # 3,000 rows still fit a few pages, where a sequential scan is as cheap: forbid it
        # to see that the match can use the GIN index (its expression is the one indexed).
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
            assert "Bitmap Index Scan on search_status_vector" in matching.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    # The whole search reads the entries through an index (the GIN one or, ordered by id, the key).
    assert "Seq Scan on search_statussearchentry" not in plan, plan
    assert list(queryset) == [needle.id]
