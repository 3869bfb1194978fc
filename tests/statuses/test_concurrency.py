"""Counters stay right when the same action races in several connections (PostgreSQL)."""
import threading

import pytest
from django.db import connection, connections

from statuses.models import Favourite, Status
from statuses.services import interactions
from statuses.services.posting import post_status
from tests.factories import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def race(action, times=4):
    barrier = threading.Barrier(times)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_racing_favourites_and_reblogs_count_once():
    author, fan = make_user("racer_author").account, make_user("racer_fan").account
    status = post_status(author, text="race me")
    race(lambda: interactions.favourite(fan, status))
    race(lambda: interactions.reblog(fan, status))
    status.refresh_from_db()
    assert (status.favourites_count, Favourite.objects.count()) == (1, 1)
    assert (status.reblogs_count, Status.objects.filter(reblog_of=status).count()) == (1, 1)
    race(lambda: interactions.unfavourite(fan, status))
    race(lambda: interactions.unreblog(fan, status))
    status.refresh_from_db()
    assert (status.favourites_count, status.reblogs_count) == (0, 0)


def test_many_accounts_favouriting_at_once():
    author = make_user("popular").account
    status = post_status(author, text="everyone likes this")
    fans = [make_user(f"fan{index}").account for index in range(6)]
    queue = list(fans)
    lock = threading.Lock()

    def one():
        with lock:
            fan = queue.pop()
        interactions.favourite(fan, status)

    race(one, times=6)
    status.refresh_from_db()
    assert status.favourites_count == 6
