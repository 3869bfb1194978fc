"""The status search stays on its GIN index as the table grows (PostgreSQL): the plan at
100,000 statuses, with the planner's own choices (nothing forced), reads the matching
entries through the index, and a search over 100,000 statuses takes a small factor of the
time over 1,000 (measured: the figures are printed)."""
import statistics
import time

import pytest
from django.db import connection

from fedi.ids import next_id
from search.models import StatusSearchEntry
from search.services import search_statuses
from statuses.models import Status
from tests import factories

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _grow(template: Status, start: int, stop: int) -> None:
    """Statuses start..stop-1 (copies of template with their own text) and their index
    entries, in two INSERT … SELECT statements (the ORM would take minutes for 100,000)."""
    columns = [field.column for field in Status._meta.concrete_fields]
    values = []
    for column in columns:
        if column == "id":
            values.append("%s + g")
        elif column in ("text", "content"):
            # ordinary words; "scarce" in exactly 20 statuses whatever the size
            values.append("'filler number ' || g || ' topic' || (g %% 997) || "
                          "CASE WHEN g <= 20 THEN ' scarce' ELSE '' END")
        else:
            values.append(column)
    base = next_id() + 1_000_000
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO statuses_status ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM statuses_status, generate_series(%s, %s) AS g WHERE id = %s",
            [base, start, stop - 1, template.id])
        cursor.execute(
            "INSERT INTO search_statussearchentry (status_id, text, language, vector) "
            "SELECT id, text, NULL, setweight(to_tsvector('simple', text), 'A') FROM statuses_status "
            "WHERE id >= %s AND id < %s", [base + start, base + stop])
        cursor.execute("ANALYZE statuses_status")
        cursor.execute("ANALYZE search_statussearchentry")


def _median_ms(query, viewer, runs=15):
    list(search_statuses(query, viewer)[:20])  # warm
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        list(search_statuses(query, viewer)[:20])
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def test_search_over_100k_statuses_uses_the_index_and_stays_fast(db, capsys):
    alice = factories.make_user("alice").account
    template = Status.objects.create(account=alice, text="template", content="<p>template</p>")
    needle = Status.objects.create(account=alice, text="a needle here", content="<p>a needle here</p>")
    assert StatusSearchEntry.objects.filter(status=needle).exists()  # indexed on posting
    _grow(template, 1, 1_000)
    small = {query: _median_ms(query, alice) for query in ("needle", "scarce", "topic5")}
    _grow(template, 1_000, 100_000)
    assert StatusSearchEntry.objects.count() >= 100_000
    large = {query: _median_ms(query, alice) for query in ("needle", "scarce", "topic5")}
    plan = search_statuses("needle", alice).explain()
    with capsys.disabled():
        print("\nstatus search, median ms over 15 runs: "
              + ", ".join(f"{q!r} {small[q]:.1f} (1k) -> {large[q]:.1f} (100k)" for q in small))
    assert "search_status_vector" in plan, plan  # the GIN index, chosen by the planner
    assert "Seq Scan on search_statussearchentry" not in plan, plan
    assert list(search_statuses("needle", alice)) == [needle.id]
    for query in ("needle", "scarce"):
        # the same few matches at both sizes: a small factor (or a few ms of noise)
        assert large[query] <= max(5 * small[query], small[query] + 25), (query, small, large)
