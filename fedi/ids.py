"""Time-sortable 64-bit IDs, laid out as Mastodon's: (milliseconds since the epoch << 16) | 16 low bits.

Within a millisecond a process counts up from a random start in the lower half of the 16
bits, so its IDs always increase, and two processes minting IDs in the same millisecond are
unlikely to collide (a collision is a primary-key error, never a silent overwrite). A
process that uses up a millisecond's bits waits for the next millisecond.
"""
import random
import threading
import time
from datetime import datetime, timezone
from typing import Any

_lock = threading.Lock()
_last_ms = 0
_sequence = 0


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def next_id() -> int:
    """A new ID for a row created now."""
    global _last_ms, _sequence
    with _lock:
        now = max(_now_ms(), _last_ms)  # never go back, even if the clock does
        if now == _last_ms:
            _sequence += 1
            if _sequence > 0xFFFF:
                while _now_ms() <= _last_ms:
                    time.sleep(0.0001)
                now = _now_ms()
                _sequence = random.getrandbits(15)
        else:
            _sequence = random.getrandbits(15)
        _last_ms = now
        return (now << 16) | _sequence


def id_at(moment: datetime, *, upper: bool = False) -> int:
    """The smallest (or with upper=True the largest) ID of a given moment: for backdated rows
    and for turning a date into a pagination bound."""
    ms = int(moment.timestamp() * 1000)
    return (ms << 16) | (0xFFFF if upper else 0)


def timestamp_of(snowflake: int) -> datetime:
    return datetime.fromtimestamp((snowflake >> 16) / 1000, tz=timezone.utc)


def pk_of(value: Any) -> Any:
    """The primary key of a model instance, or the value itself when it already is one (an
    int, or None): services take either an account/status or its id."""
    return value if value is None or isinstance(value, int) else value.id
