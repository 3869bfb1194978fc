"""Votes cast at the same moment all count, once each (PostgreSQL: real concurrent connections)."""
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from polls.models import Poll, PollVote
from statuses.services.posting import post_status
from tests.factories import make_token, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def race(actions):
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def http_vote(token, poll_id, choices):
    def action():
        response = Client().post(f"/api/v1/polls/{poll_id}/votes", {"choices[]": choices},
                                 HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code

    return action


def test_many_voters_at_once_on_a_multiple_choice_poll():
    author = make_user("pollster").account
    status = post_status(author, text="pick any", poll={"options": ["a", "b", "c"], "expires_in": "3600",
                                                       "multiple": "true"})
    poll = status.poll
    voters = [make_user(f"voter{index}") for index in range(8)]
    tokens = [make_token(user) for user in voters]
    codes = race([http_vote(token, poll.id, ["0", "1"]) for token in tokens])
    assert codes == [200] * 8
    poll = Poll.objects.get(pk=poll.id)
    assert poll.tallies == [8, 8, 0]
    assert (poll.votes_count, poll.voters_count) == (16, 8)
    assert PollVote.objects.filter(poll=poll).count() == 16


def test_one_voter_racing_with_themself_votes_once():
    author = make_user("pollster2").account
    status = post_status(author, text="pick one", poll={"options": ["a", "b"], "expires_in": "3600"})
    voter = make_user("eager")
    token = make_token(voter)
    codes = race([http_vote(token, status.poll.id, [str(index % 2)]) for index in range(6)])
    assert sorted(codes) == [200] + [422] * 5
    poll = Poll.objects.get(pk=status.poll.id)
    assert sum(poll.tallies) == poll.votes_count == 1
    assert PollVote.objects.filter(poll=poll).count() == 1
