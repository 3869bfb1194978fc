"""Matching statuses against filters (filters.matching): keywords (whole word or not, case,
Unicode, HTML stripped, every searchable part), statuses (and reblogs of them), contexts and
`hide`, expiry, the cache, and the number of queries."""
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statuses.services.filtering import filter_status
from filters import services
from filters.matching import (ActiveFilter, FilterSet, active_filters, filter_results, filters_map, html_to_text,
                              searchable_text)
from filters.models import Filter
from media_attachments.models import MediaAttachment
from polls.models import Poll
from statuses.models import Status
from tests.factories import make_token, make_user


@pytest.fixture
def alice(db):
    return make_user("alice").account


@pytest.fixture
def bob(db):
    return make_user("bob").account


def status_of(account, content="", **fields):
    return Status.objects.create(account=account, content=content, text=content, **fields)


def one_keyword(keyword, whole_word, action="warn", context=("home",)):
    return FilterSet([ActiveFilter(id=1, title="F", context=list(context), filter_action=action, expires_at=None,
                                   keywords=[(keyword, whole_word)])], context[0])


def matches(keyword, whole_word, html):
    status = Status(id=1, content=html, spoiler_text="")
    status._state.fields_cache["poll"] = None  # as select_related("poll") leaves it: no poll
    status._prefetched_objects_cache = {"media_attachments": MediaAttachment.objects.none()}
    _, results = filter_results(one_keyword(keyword, whole_word), status)
    return results[0]["keyword_matches"] if results else None


# --- Keywords ------------------------------------------------------------------------------

@pytest.mark.parametrize("keyword, whole_word, html, expected", [
    ("cat", False, "<p>I love my Cat.</p>", ["Cat"]),
    ("cat", False, "<p>concatenate</p>", ["cat"]),
    ("cat", True, "<p>concatenate</p>", None),
    ("cat", True, "<p>CAT!</p>", ["CAT"]),
    ("cat", True, "<p>cats</p>", None),
    ("cat", True, "<p>my_cat</p>", None),            # _ is a word character
    ("cat", True, "<p>(cat)</p>", ["cat"]),
    ("bad word", True, "<p>a BAD  word, a Bad word</p>", ["Bad word"]),
    # Unicode: word characters are letters of any script; case folds beyond ASCII
    ("café", True, "<p>Un CAFÉ noir</p>", ["CAFÉ"]),
    ("café", True, "<p>cafés</p>", None),
    ("straße", False, "<p>STRASSE</p>", ["STRASSE"]),
    ("über", True, "<p>darüber</p>", None),
    ("über", False, "<p>darüber</p>", ["über"]),
    ("猫", False, "<p>猫が好き</p>", ["猫"]),
    ("猫", True, "<p>猫が好き</p>", None),            # no word boundary inside Japanese text
    ("котик", True, "<p>Мой Котик спит</p>", ["Котик"]),
    # An end that is not a word character has no boundary to respect
    ("#tag", True, "<p>a #tag.</p>", ["#tag"]),
    ("#tag", True, "<p>#tags</p>", None),
    ("c++", True, "<p>I like C++ a lot</p>", ["C++"]),
    (":eurovision2019:", True, "<p>go:eurovision2019:go</p>", [":eurovision2019:"]),
    # Regular expression characters are literal
    ("a.b", False, "<p>axb</p>", None),
    ("(x)", False, "<p>f(x)</p>", ["(x)"]),
])
def test_keywords(db, keyword, whole_word, html, expected):
    assert matches(keyword, whole_word, html) == expected


def test_html_is_stripped_and_entities_decoded(db):
    assert matches("span", False, '<p><span class="h-card">hello</span></p>') is None
    assert matches("href", False, '<p><a href="https://x.example/">link</a></p>') is None
    assert matches("fish & chips", True, "<p>fish &amp; chips</p>") == ["fish & chips"]
    assert matches("<b>", False, "<p>&lt;b&gt; tag</p>") == ["<b>"]
    # Paragraphs and line breaks separate words
    assert matches("one two", True, "<p>one</p><p>two</p>") is None
    assert matches("two", True, "<p>one<br />two</p>") == ["two"]
    assert matches("alert", False, "<p>hi</p><script>alert(1)</script>") is None
    assert html_to_text("<p>a</p><p>b<br>c</p>") == "a\nb\nc"
    assert html_to_text("plain & simple") == "plain & simple"


def test_every_searchable_part(alice):
    status = status_of(alice, "<p>Content words</p>", spoiler_text="Spoiler words")
    Poll.objects.create(status=status, account=alice, options=["Option alpha", "Option beta"])
    MediaAttachment.objects.create(account=alice, status=status, description="A photo of a heron")
    status = Status.objects.select_related("poll").prefetch_related("media_attachments").get(pk=status.id)
    text = searchable_text(status)
    for part in ("Spoiler words", "Content words", "Option beta", "heron"):
        assert part in text
    for keyword, matched in (("spoiler", "Spoiler"), ("content", "Content"), ("beta", "beta"), ("HERON", "heron")):
        _, results = filter_results(one_keyword(keyword, True), status)
        assert [result["keyword_matches"] for result in results] == [[matched]]
    with CaptureQueriesContext(connection) as queries:
        searchable_text(status)
    assert len(queries) == 0  # poll and media were loaded with the status


def test_a_reblog_matches_by_the_reblogged_text(alice, bob):
    original = status_of(bob, "<p>Secret plans</p>")
    reblog = status_of(alice, "", reblog_of=original)
    _, results = filter_results(one_keyword("secret", True), reblog)
    assert results[0]["keyword_matches"] == ["Secret"]


# --- Through the API and the database --------------------------------------------------------

def make_filter(account, title="F", context=("home",), action="warn", keywords=(), expires_in=None):
    return services.create_filter(account, title=title, context=list(context), filter_action=action,
                                  expires_in=expires_in,
                                  keywords=[{"keyword": keyword, "whole_word": whole} for keyword, whole in keywords])


def test_filter_result_shape_and_context(alice, bob):
    warn = make_filter(alice, "Warn", ["home", "public"], "warn", [("cat", True)])
    hide = make_filter(alice, "Hide", ["notifications"], "hide", [("cat", False), ("dog", False)])
    make_filter(alice, "Other", ["home"], "hide", [("bird", True)])
    status = status_of(bob, "<p>A cat and a dog</p>")
    hide_home, results = filter_results(active_filters(alice, "home"), status)
    assert hide_home is False  # the hiding filter is not for home
    assert results == [
        {"filter": {"id": str(warn.id), "title": "Warn", "context": ["home", "public"], "expires_at": None,
                    "filter_action": "warn"}, "keyword_matches": ["cat"], "status_matches": None},
        {"filter": {"id": str(hide.id), "title": "Hide", "context": ["notifications"], "expires_at": None,
                    "filter_action": "hide"}, "keyword_matches": ["cat"], "status_matches": None},
    ]
    assert filter_results(active_filters(alice, "notifications"), status)[0] is True
    assert filter_results(active_filters(alice), status)[0] is False  # no context: never hide
    assert filter_results(active_filters(alice, "public"), status_of(bob, "<p>nothing</p>")) == (False, [])
    assert filter_results(active_filters(bob, "home"), status) == (False, [])


def test_status_filters_match_the_status_and_its_reblogs(alice, bob):
    original = status_of(bob, "<p>hello</p>")
    other = status_of(bob, "<p>hello cat</p>")
    by_status = make_filter(alice, "S", ["home"], "hide")
    filter_status(by_status, original.id, alice)
    mixed = make_filter(alice, "M", ["home"], "warn", [("cat", True)])
    filter_status(mixed, original.id, alice)
    filter_set = active_filters(alice, "home")
    hide, results = filter_results(filter_set, original)
    assert hide is True
    assert [(r["filter"]["title"], r["keyword_matches"], r["status_matches"]) for r in results] == [
        ("S", None, [str(original.id)]), ("M", None, [str(original.id)])]
    reblog = status_of(alice, "", reblog_of=original)
    hide, results = filter_results(filter_set, reblog)
    assert hide is True and results[0]["status_matches"] == [str(original.id)]
    # A keyword match in a filter that also lists statuses: status_matches is [], as Mastodon's
    _, results = filter_results(filter_set, other)
    assert [(r["filter"]["title"], r["keyword_matches"], r["status_matches"]) for r in results] == [
        ("M", ["cat"], [])]
    found, hidden = filters_map(filter_set, [original, reblog, other])
    assert set(found) == {original.id, reblog.id, other.id} and hidden == {original.id, reblog.id}


def test_expired_filters_are_ignored(alice, bob):
    status = status_of(bob, "<p>cat</p>")
    make_filter(alice, "Gone", keywords=[("cat", True)], expires_in=0)
    soon = make_filter(alice, "Soon", keywords=[("cat", True)], expires_in=1)
    assert [r["filter"]["title"] for r in filter_results(active_filters(alice, "home"), status)[1]] == ["Soon"]
    # Expiry is checked on each use, also for filters read from the cache
    time.sleep(max(0.0, (soon.expires_at - timezone.now()).total_seconds()) + 0.05)
    assert filter_results(active_filters(alice, "home"), status) == (False, [])
    # and a filter whose expiry is put in the past is gone too
    later = make_filter(alice, "Later", keywords=[("cat", True)])
    services.update_filter(later, expires_in=0)
    assert filter_results(active_filters(alice, "home"), status) == (False, [])
    assert Filter.objects.filter(account=alice).count() == 3  # expired filters are kept, not applied


def test_changes_through_the_api_are_seen_at_once(api, alice, bob):
    token = make_token(alice.user)
    status = status_of(bob, "<p>cat</p>")
    assert filter_results(active_filters(alice, "home"), status) == (False, [])  # cached: nothing
    created = api.post("/api/v2/filters", {"title": "T", "context[]": ["home"],
                                           "keywords_attributes[][keyword]": "cat"}, token=token).json()
    assert len(filter_results(active_filters(alice, "home"), status)[1]) == 1
    api.put(f"/api/v2/filters/keywords/{created['keywords'][0]['id']}", {"keyword": "dog"}, token=token)
    assert filter_results(active_filters(alice, "home"), status) == (False, [])
    api.post("/api/v1/filters", {"phrase": "CAT", "context[]": ["home"], "irreversible": "1"}, token=token)
    assert filter_results(active_filters(alice, "home"), status)[0] is True
    api.delete(f"/api/v2/filters/{created['id']}", token=token)
    assert len(filter_results(active_filters(alice, "home"), status)[1]) == 1


def test_queries(alice, bob, django_assert_num_queries):
    make_filter(alice, "A", keywords=[("cat", True), ("dog", False)])
    make_filter(alice, "B", keywords=[("bird", True)])
    filter_status(make_filter(alice, "C"), status_of(bob, "<p>x</p>").id, alice)
    with django_assert_num_queries(2):  # keywords and statuses, whatever their number
        filter_set = active_filters(alice, "home")
    assert len(filter_set) == 3
    with django_assert_num_queries(0):  # then from the cache
        active_filters(alice, "home")
    statuses = list(Status.objects.select_related("poll").prefetch_related("media_attachments")
                    .filter(account=bob))
    statuses.append(status_of(bob, "<p>a cat</p>"))
    statuses = list(Status.objects.select_related("poll").prefetch_related("media_attachments")
                    .filter(id__in=[s.id for s in statuses]))
    with CaptureQueriesContext(connection) as queries:
        filters_map(filter_set, statuses)
    assert len(queries) == 0
    # No filters: no queries to match at all
    with django_assert_num_queries(0):
        assert filter_results(FilterSet(), statuses[0]) == (False, [])
