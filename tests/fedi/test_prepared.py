"""fedi.prepared (queries compiled once per connection) and fedi.lookups (`__any`): the same
rows, objects and annotations as the plain queryset, on PostgreSQL and on SQLite."""
import pytest
from django.db import connection, connections
from django.db.models import Count, Exists, OuterRef

from accounts.models import Account
from fedi.prepared import Prepared, ids
from relationships.models import Follow
from statuses.models import Favourite, Status
from statuses.services.posting import post_status

pytestmark = pytest.mark.django_db


def _post(person, text, **kwargs):
    return post_status(person.account, text=text, **kwargs)


def test_the_any_lookup_matches_in(alice, bob, carol):
    statuses = [_post(alice, f"status {n}") for n in range(3)] + [_post(bob, "by bob")]
    wanted = [statuses[0].id, statuses[2].id, statuses[3].id]
    assert (sorted(Status.objects.filter(id__any=wanted).values_list("id", flat=True))
            == sorted(Status.objects.filter(id__in=wanted).values_list("id", flat=True)) == sorted(wanted))
    assert list(Status.objects.filter(id__any=[])) == []
    # On foreign keys too, and combined with other filters.
    assert set(Status.objects.filter(account_id__any=[bob.id, carol.id]).values_list("id", flat=True)) == {
        statuses[3].id}
    assert set(Status.objects.filter(account__any=[alice.id], id__any=wanted).values_list("id", flat=True)) == {
        statuses[0].id, statuses[2].id}


def test_a_prepared_query_gives_what_the_queryset_gives(alice, bob):
    first, second = _post(alice, "first"), _post(bob, "second")
    Favourite.objects.create(account=bob.account, status=first)
    build = (lambda account_ids: Status.objects.filter(account_id__any=account_ids).select_related("account")
             .annotate(favourited=Exists(Favourite.objects.filter(status_id=OuterRef("pk")))).order_by("id"))
    prepared = Prepared(build, ids)
    for account_ids in ([alice.id], [alice.id, bob.id], [bob.id], []):
        expected = list(build(account_ids))
        got = prepared(account_ids)
        assert [status.id for status in got] == [status.id for status in expected]
        for a, b in zip(got, expected):
            assert a.account.username == b.account.username  # select_related filled, no query
            assert a.favourited == b.favourited
            assert a.text == b.text and a.created_at == b.created_at
    assert [status.id for status in prepared([alice.id, bob.id])] == [first.id, second.id]


def test_select_related_objects_cost_no_query(alice, django_assert_num_queries):
    _post(alice, "hello")
    prepared = Prepared(lambda account_id: Status.objects.filter(account_id=account_id).select_related(
        "account", "account__user"), int)
    prepared(alice.id)  # compiled here
    with django_assert_num_queries(1):
        (status,) = prepared(alice.id)
        assert status.account.user.email == "alice@example.com"


def test_values_list_rows_and_several_arguments(alice, bob, carol):
    Follow.objects.create(account=alice.account, target_account=bob.account)
    Follow.objects.create(account=alice.account, target_account=carol.account)
    prepared = Prepared(lambda account_id, targets: Follow.objects.filter(
        account_id=account_id, target_account_id__any=targets).order_by("target_account_id")
        .values_list("target_account_id", "show_reblogs"), int, ids)
    assert prepared(alice.id, [bob.id, carol.id]) == [(bob.id, True), (carol.id, True)]
    assert prepared(alice.id, [carol.id]) == [(carol.id, True)]
    assert prepared(bob.id, [carol.id]) == []


def test_a_value_used_twice_is_replaced_everywhere(alice, bob):
    Follow.objects.create(account=alice.account, target_account=bob.account)
    prepared = Prepared(lambda account_id: Account.objects.filter(id=account_id).filter(
        id__in=Follow.objects.filter(account_id=account_id).values("account_id")).values_list("username"), int)
    assert prepared(alice.id) == [("alice",)]
    assert prepared(bob.id) == []


def test_what_it_cannot_prepare_runs_as_a_plain_queryset(alice):
    _post(alice, "hello")
    # A string argument transformed on its way into the SQL (a LIKE pattern): never prepared.
    prepared = Prepared(lambda text: Status.objects.filter(text__contains=text).values_list("text"), str)
    assert prepared("ell") == [("hello",)]
    assert prepared("nothing") == []
    # Aggregates (another iterable class) likewise.
    counted = Prepared(lambda account_id: Status.objects.filter(account_id=account_id).values("account_id")
                       .annotate(n=Count("id")), int)
    assert counted(alice.id) == [{"account_id": alice.id, "n": 1}]
    if connection.vendor == "postgresql":
        assert connections["default"].__dict__["_fedi_prepared"][id(prepared)] is False
