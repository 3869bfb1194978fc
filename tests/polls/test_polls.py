"""Polls over HTTP: posting one, reading it, voting, hidden totals, expiry, privacy."""
from datetime import timedelta

import pytest
from django.utils import timezone

from polls.models import Poll, PollVote

ALREADY_VOTED = "Validation failed: You have already voted on this poll"
EXPIRED = "Validation failed: The poll has already ended"
INVALID_CHOICE = "Validation failed: The chosen vote option does not exist"
SELF_VOTE = "Validation failed: You cannot vote in your own polls"


def expire(poll_id):
    Poll.objects.filter(pk=poll_id).update(expires_at=timezone.now() - timedelta(seconds=1))


# --- Posting ------------------------------------------------------------------------------

def test_post_a_poll_and_read_it(api, alice, bob, post_poll, token_of):
    before = timezone.now()
    status = post_poll(alice, ["tea", "coffee", "water"], expires_in=3600)
    poll = status["poll"]
    assert [option["title"] for option in poll["options"]] == ["tea", "coffee", "water"]
    assert [option["votes_count"] for option in poll["options"]] == [0, 0, 0]
    assert poll["multiple"] is False and poll["expired"] is False
    assert poll["votes_count"] == 0 and poll["voters_count"] is None
    assert poll["emojis"] == []
    assert poll["voted"] is True and poll["own_votes"] == []  # the author counts as having voted
    stored = Poll.objects.get(pk=poll["id"])
    assert timedelta(seconds=3595) < stored.expires_at - before < timedelta(seconds=3605)

    anonymous = api.get(f"/api/v1/polls/{poll['id']}").json()
    assert anonymous["id"] == poll["id"]
    assert anonymous["voted"] is None and anonymous["own_votes"] is None
    other = api.get(f"/api/v1/polls/{poll['id']}", token=token_of(bob)).json()
    assert other["voted"] is False and other["own_votes"] == []


def test_post_a_poll_as_json(api, alice, token_of):
    response = api.post("/api/v1/statuses", {"status": "?", "poll": {"options": ["a", "b"], "expires_in": 300,
                                                                      "multiple": True, "hide_totals": False}},
                        token=token_of(alice), format="json")
    assert response.status_code == 200, response.content
    poll = response.json()["poll"]
    assert poll["multiple"] is True and poll["voters_count"] == 0


@pytest.mark.parametrize("options, expires_in, message", [
    (["only"], 600, "Validation failed: Poll options must have more than one item"),
    (["a", "  "], 600, "Validation failed: Poll options must have more than one item"),
    (["a", "b", "c", "d", "e"], 600, "Validation failed: Poll options can't contain more than 4 items"),
    (["a", "a"], 600, "Validation failed: Poll options contain duplicate items"),
    (["a", "x" * 51], 600, "Validation failed: Poll options cannot be longer than 50 characters each"),
    (["a", "b"], 299, "Validation failed: Poll expires at is too soon"),
    (["a", "b"], 2_629_747, "Validation failed: Poll expires at is too far into the future"),
    (["a", "b"], "soon", "Validation failed: Poll expires at is too soon"),
])
def test_invalid_polls_are_refused(api, alice, token_of, options, expires_in, message):
    response = api.post("/api/v1/statuses", {"status": "?", "poll[options][]": options,
                                             "poll[expires_in]": expires_in}, token=token_of(alice))
    assert response.status_code == 422
    assert response.json()["error"] == message
    assert not Poll.objects.exists()


def test_fifty_graphemes_are_fine(api, alice, post_poll):
    # a family emoji is one grapheme of several code points
    status = post_poll(alice, ["a", "👨‍👩‍👧" * 50])
    assert status["poll"]["options"][1]["title"] == "👨‍👩‍👧" * 50


# --- Voting -------------------------------------------------------------------------------

def test_vote_once_on_a_single_choice_poll(api, alice, bob, carol, post_poll, vote, token_of):
    poll_id = post_poll(alice, ["yes", "no"])["poll"]["id"]
    response = vote(bob, poll_id, 1)
    assert response.status_code == 200, response.content
    poll = response.json()
    assert poll["voted"] is True and poll["own_votes"] == [1]
    assert [option["votes_count"] for option in poll["options"]] == [0, 1]
    assert poll["votes_count"] == 1 and poll["voters_count"] is None

    again = vote(bob, poll_id, 0)
    assert again.status_code == 422
    assert again.json()["error"] == ALREADY_VOTED
    same = vote(bob, poll_id, 1)
    assert same.status_code == 422 and same.json()["error"] == ALREADY_VOTED

    assert vote(carol, poll_id, 0, format="json").status_code == 200
    poll = api.get(f"/api/v1/polls/{poll_id}", token=token_of(carol)).json()
    assert [option["votes_count"] for option in poll["options"]] == [1, 1]
    assert poll["votes_count"] == 2 and poll["own_votes"] == [0]
    # the Status shows the viewer's vote too
    status_id = Poll.objects.get(pk=poll_id).status_id
    seen = api.get(f"/api/v1/statuses/{status_id}", token=token_of(bob)).json()["poll"]
    assert seen["voted"] is True and seen["own_votes"] == [1]


def test_several_choices_on_a_single_choice_poll_are_refused(alice, bob, post_poll, vote):
    poll_id = post_poll(alice, ["a", "b", "c"])["poll"]["id"]
    response = vote(bob, poll_id, 0, 2)
    assert response.status_code == 422
    assert response.json()["error"] == ALREADY_VOTED
    assert not PollVote.objects.exists()
    assert Poll.objects.get(pk=poll_id).votes_count == 0


def test_multiple_choice_poll(api, alice, bob, carol, post_poll, vote):
    poll_id = post_poll(alice, ["a", "b", "c", "d"], multiple=True)["poll"]["id"]
    poll = vote(bob, poll_id, 0, 2, 2).json()  # a choice given twice counts once
    assert poll["own_votes"] == [0, 2]
    assert poll["votes_count"] == 2 and poll["voters_count"] == 1
    poll = vote(carol, poll_id, 2, format="json").json()
    assert [option["votes_count"] for option in poll["options"]] == [1, 0, 2, 0]
    assert poll["votes_count"] == 3 and poll["voters_count"] == 2
    # no second round, not even for other choices
    response = vote(bob, poll_id, 1)
    assert response.status_code == 422 and response.json()["error"] == ALREADY_VOTED
    assert Poll.objects.get(pk=poll_id).tallies == [1, 0, 2, 0]


@pytest.mark.parametrize("choices", [[2], [-1], ["abc"], ["1.5"], [0, 7]])
def test_choices_that_do_not_exist(alice, bob, post_poll, vote, choices):
    poll_id = post_poll(alice, ["a", "b"], multiple=True)["poll"]["id"]
    response = vote(bob, poll_id, *choices)
    assert response.status_code == 422
    assert response.json()["error"] == INVALID_CHOICE
    assert not PollVote.objects.exists()


def test_missing_choices_is_a_bad_request(api, alice, bob, post_poll, token_of):
    poll_id = post_poll(alice)["poll"]["id"]
    response = api.post(f"/api/v1/polls/{poll_id}/votes", {}, token=token_of(bob))
    assert response.status_code == 400
    assert "choices" in response.json()["error"]


def test_the_author_cannot_vote(alice, post_poll, vote):
    poll_id = post_poll(alice)["poll"]["id"]
    response = vote(alice, poll_id, 0)
    assert response.status_code == 422
    assert response.json()["error"] == SELF_VOTE


def test_no_vote_on_an_expired_poll(api, alice, bob, post_poll, vote):
    poll_id = post_poll(alice)["poll"]["id"]
    expire(poll_id)
    response = vote(bob, poll_id, 0)
    assert response.status_code == 422
    assert response.json()["error"] == EXPIRED
    assert api.get(f"/api/v1/polls/{poll_id}").json()["expired"] is True


def test_several_problems_are_all_reported(alice, post_poll, vote):
    poll_id = post_poll(alice)["poll"]["id"]
    expire(poll_id)
    response = vote(alice, poll_id, 5)
    assert response.status_code == 422
    assert response.json()["error"] == f"{EXPIRED}, The chosen vote option does not exist, " \
                                       "You cannot vote in your own polls"


def test_voting_needs_a_user_token_with_write(api, alice, bob, post_poll, make_token):
    poll_id = post_poll(alice)["poll"]["id"]
    assert api.post(f"/api/v1/polls/{poll_id}/votes", {"choices[]": ["0"]}).status_code == 401
    read_only = make_token(bob, scopes="read")
    assert api.post(f"/api/v1/polls/{poll_id}/votes", {"choices[]": ["0"]}, token=read_only).status_code == 403
    fine = make_token(bob, scopes="write:statuses")
    assert api.post(f"/api/v1/polls/{poll_id}/votes", {"choices[]": ["0"]}, token=fine).status_code == 200


# --- Hidden totals --------------------------------------------------------------------------

def test_hide_totals_until_the_poll_ends(api, alice, bob, post_poll, vote, token_of):
    status = post_poll(alice, ["a", "b"], hide_totals=True)
    poll_id = status["poll"]["id"]
    assert [option["votes_count"] for option in status["poll"]["options"]] == [None, None]
    poll = vote(bob, poll_id, 1).json()
    assert [option["votes_count"] for option in poll["options"]] == [None, None]
    assert poll["votes_count"] == 1 and poll["own_votes"] == [1]
    for token in (None, token_of(alice), token_of(bob)):  # hidden from everyone, the author too
        poll = api.get(f"/api/v1/polls/{poll_id}", token=token).json()
        assert [option["votes_count"] for option in poll["options"]] == [None, None]
    expire(poll_id)
    poll = api.get(f"/api/v1/polls/{poll_id}").json()
    assert [option["votes_count"] for option in poll["options"]] == [0, 1]


# --- Who may see and vote -------------------------------------------------------------------

def test_poll_of_a_private_status(api, alice, bob, carol, post_poll, vote, token_of):
    poll_id = post_poll(alice, visibility="private")["poll"]["id"]
    assert api.get(f"/api/v1/polls/{poll_id}").status_code == 404
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(carol)).status_code == 404
    response = vote(carol, poll_id, 0)
    assert response.status_code == 404 and response.json()["error"] == "Record not found"
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(carol))
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(carol)).status_code == 200
    assert vote(carol, poll_id, 0).status_code == 200


def test_poll_of_a_direct_status(api, alice, bob, carol, post_poll, vote, token_of):
    poll_id = post_poll(alice, text="@bob which?", visibility="direct")["poll"]["id"]
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(bob)).status_code == 200
    assert vote(bob, poll_id, 1).status_code == 200
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(carol)).status_code == 404
    assert vote(carol, poll_id, 1).status_code == 404


def test_blocks(api, alice, bob, carol, post_poll, vote, token_of):
    poll_id = post_poll(alice)["poll"]["id"]
    # the author blocks bob: the poll is not there for him
    api.post(f"/api/v1/accounts/{bob.account.id}/block", token=token_of(alice))
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(bob)).status_code == 404
    assert vote(bob, poll_id, 0).status_code == 404
    # carol blocks the author: she may still look (by its URL), not vote
    api.post(f"/api/v1/accounts/{alice.account.id}/block", token=token_of(carol))
    assert api.get(f"/api/v1/polls/{poll_id}", token=token_of(carol)).status_code == 200
    response = vote(carol, poll_id, 0)
    assert response.status_code == 403
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("poll_id", ["nope", "123", "99999999999999999999999"])
def test_unknown_polls(api, bob, token_of, poll_id):
    assert api.get(f"/api/v1/polls/{poll_id}").status_code == 404
    assert api.post(f"/api/v1/polls/{poll_id}/votes", {"choices[]": ["0"]}, token=token_of(bob)).status_code == 404


def test_poll_of_a_deleted_status_is_gone(api, alice, post_poll, token_of):
    status = post_poll(alice)
    assert api.delete(f"/api/v1/statuses/{status['id']}", token=token_of(alice)).status_code == 200
    assert api.get(f"/api/v1/polls/{status['poll']['id']}").status_code == 404
