from datetime import datetime, timezone

from fedi import ids, scopes
from fedi.formats import iso, iso_date


def test_snowflakes_are_time_sortable_and_unique():
    values = [ids.next_id() for _ in range(20000)]
    assert len(set(values)) == len(values)
    assert values == sorted(values)
    now_ms = datetime.now(timezone.utc).timestamp() * 1000
    assert abs((values[-1] >> 16) - now_ms) < 5000
    assert values[-1] < 2 ** 63


def test_snowflake_timestamps_round_trip():
    moment = datetime(2022, 4, 30, 14, 19, 5, 123000, tzinfo=timezone.utc)
    assert ids.timestamp_of(ids.id_at(moment)) == moment
    assert ids.id_at(moment) <= ids.id_at(moment, upper=True)


def test_datetime_formats():
    moment = datetime(2022, 4, 30, 14, 19, 5, 123456, tzinfo=timezone.utc)
    assert iso(moment) == "2022-04-30T14:19:05.123Z"
    assert iso(datetime(2022, 4, 30, 14, 19, 5, tzinfo=timezone.utc)) == "2022-04-30T14:19:05.000Z"
    assert iso_date(moment) == "2022-04-30"
    assert iso(None) is None


def test_scope_hierarchy():
    assert scopes.grants(["read"], ["read:accounts"])
    assert scopes.grants(["follow"], ["write:follows"])
    assert not scopes.grants(["follow"], ["write:statuses"])
    assert scopes.grants(["admin:read"], ["admin:read:reports"])
    assert not scopes.grants(["read"], ["admin:read:accounts"])
    assert not scopes.grants(["read"], ["profile"])
    assert scopes.parse("read+write,follow") == ["read", "write", "follow"]
    assert scopes.is_subset(["read:accounts", "write"], ["read", "write"])
    assert not scopes.is_subset(["push"], ["read", "write"])
    assert scopes.unknown(["read", "crypto"]) == ["crypto"]


def test_ids_keep_increasing_when_a_millisecond_runs_out_of_bits(monkeypatch):
    calls = {"n": 0}
    frozen = 1_700_000_000_000

    def slow_clock():  # the same millisecond for 40,000 calls, then time moves on
        calls["n"] += 1
        return frozen if calls["n"] < 40_000 else frozen + 1 + calls["n"] // 1000

    monkeypatch.setattr(ids, "_now_ms", slow_clock)
    monkeypatch.setattr(ids, "_last_ms", 0)
    values = [ids.next_id() for _ in range(50_000)]
    assert values == sorted(values) and len(set(values)) == len(values)
