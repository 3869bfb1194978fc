"""GET /api/v1/directory: discoverable accounts only, ordered active|new, local, offset/limit."""
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Account, User
from tests.timelines.feeds_helpers import act, alice, api, bob, carol, get, person, remote  # noqa: F401

DIRECTORY = "/api/v1/directory"


def usernames(response):
    return [item["username"] for item in response.json()]


def discoverable(*people, **fields):
    now = timezone.now()
    for n, who in enumerate(people):
        Account.objects.filter(pk=who.id).update(discoverable=True, last_status_at=now - timedelta(hours=n), **fields)


def test_only_discoverable_listable_accounts(api, alice, bob, carol, person, remote):
    discoverable(alice, bob)
    hidden = person("hidden")  # not discoverable
    suspended, silenced, unapproved, unconfirmed = (person(name) for name in ("sus", "sil", "unapp", "unconf"))
    discoverable(suspended, suspended_at=timezone.now())
    discoverable(silenced, silenced_at=timezone.now())
    discoverable(unapproved, unconfirmed)
    User.objects.filter(pk=unapproved.user.pk).update(approved=False)
    User.objects.filter(pk=unconfirmed.user.pk).update(confirmed_at=None)
    far = remote(discoverable=True, last_status_at=timezone.now() - timedelta(days=3))
    listed = usernames(get(api, None, DIRECTORY))
    assert listed == ["alice", "bob", far.username]
    assert "hidden" not in listed
    assert usernames(get(api, None, DIRECTORY, {"local": "true"})) == ["alice", "bob"]
    assert usernames(get(api, carol, DIRECTORY, {"order": "new"})) == [far.username, "bob", "alice"]


def test_order_offset_limit_and_bad_input(api, alice, bob, carol):
    discoverable(carol, bob, alice)  # carol posted most recently
    assert usernames(get(api, None, DIRECTORY, {"order": "active"})) == ["carol", "bob", "alice"]
    assert usernames(get(api, None, DIRECTORY, {"offset": 1, "limit": 1})) == ["bob"]
    assert usernames(get(api, None, DIRECTORY, {"order": "new"})) == ["carol", "bob", "alice"]
    get(api, None, DIRECTORY, {"order": "popular"}, status=422)
    get(api, None, DIRECTORY, {"offset": "x"}, status=400)


def test_blocks_and_mutes_hide_accounts(api, alice, bob, carol):
    discoverable(alice, bob, carol)
    act(api, alice, bob, "block")
    act(api, alice, carol, "mute")
    assert usernames(get(api, alice, DIRECTORY)) == ["alice"]
    assert "alice" not in usernames(get(api, bob, DIRECTORY))  # blocked by alice


def test_constant_queries(api, person):
    people = [person(f"user{n}") for n in range(3)]
    discoverable(*people)
    with CaptureQueriesContext(connection) as few:
        get(api, None, DIRECTORY)
    people += [person(f"more{n}") for n in range(6)]
    discoverable(*people)
    with CaptureQueriesContext(connection) as many:
        assert len(get(api, None, DIRECTORY).json()) == 9
    assert len(many.captured_queries) == len(few.captured_queries)
