"""streaming.render.render_status_many (one event rendered for every viewer of a process at
once) gives each viewer exactly what render_status gives them alone: nothing for whoever
may not see the status or hides its accounts, and their own flags and filters otherwise.
A matrix of viewers (relationships) × statuses (visibilities, reblogs, replies, polls)."""
import json
import uuid

import pytest

from filters.models import Filter, FilterKeyword
from polls.services import vote
from relationships import services as relationships
from statuses.services import interactions
from statuses.services.posting import post_status
from streaming.render import render_status, render_status_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(person):
    author = person("author")
    others = {name: person(name) for name in (
        "follower", "stranger", "mentioned", "blocked", "blocker", "muter", "faver", "hider", "warned",
        "voter", "replied")}
    for name in ("follower", "blocked", "blocker", "muter", "faver", "hider", "warned", "voter"):
        relationships.follow(others[name].account, author.account)
    relationships.block(author.account, others["blocked"].account)
    relationships.block(others["blocker"].account, author.account)
    relationships.mute(others["muter"].account, author.account)
    for name, action in (("hider", "hide"), ("warned", "warn")):
        rule = Filter.objects.create(account=others[name].account, title=f"{name}'s", context=["home", "public"],
                                     filter_action=action)
        FilterKeyword.objects.create(filter=rule, keyword="secret", whole_word=True)
    return author, others


def _statuses(author, others):
    a = author.account
    public = post_status(a, text="a secret for @mentioned", visibility="public")
    unlisted = post_status(a, text="unlisted news", visibility="unlisted")
    private = post_status(a, text="followers only", visibility="private")
    direct = post_status(a, text="just for @mentioned", visibility="direct")
    reply = post_status(others["replied"].account, text="a reply to the author", in_reply_to_id=public.id)
    poll = post_status(a, text="which one?", poll={"options": ["x", "y"], "expires_in": 3600})
    interactions.favourite(others["faver"].account, public)
    interactions.bookmark(others["faver"].account, private)
    vote(others["voter"].account, poll.poll, [1])
    boost = interactions.reblog(others["follower"].account, public)
    private_boost_reply = post_status(a, text="answering myself", visibility="private", in_reply_to_id=private.id)
    return [public, unlisted, private, direct, reply, poll, boost, private_boost_reply]


def test_many_viewers_get_what_each_would_get_alone(cast):
    author, others = cast
    users = [author.user] + [other.user for other in others.values()]
    for status in _statuses(author, others):
        for context in ("home", "public", None):
            snapshot = uuid.uuid4().hex
            alone = {}
            for user in users:
                data = render_status(user, status.id, context, snapshot=snapshot)
                alone[user.account.id] = None if data is None else data
            together = render_status_many(users, status.id, context, snapshot=snapshot)

            decoded = {account_id: (None if payload is None else json.loads(payload))
                       for account_id, payload in together.items()}
            assert decoded == alone, (status.text, status.visibility, context)


def test_the_matrix_means_something(cast):
    """Spot checks that the matrix above covers real differences between viewers."""

    author, others = cast
    statuses = _statuses(author, others)
    public, private, direct = statuses[0], statuses[2], statuses[3]
    users = [author.user] + [other.user for other in others.values()]
    by_name = {name: other.account.id for name, other in others.items()}

    def shown(status, context="home"):
        return {account_id: json.loads(payload) for account_id, payload in
                render_status_many(users, status.id, context, snapshot=uuid.uuid4().hex).items() if payload}

    seen = shown(public)
    assert by_name["blocked"] not in seen and by_name["blocker"] not in seen and by_name["muter"] not in seen
    assert by_name["hider"] not in seen and seen[by_name["warned"]]["filtered"]
    assert seen[by_name["faver"]]["favourited"] is True and seen[by_name["follower"]]["favourited"] is False
    assert set(shown(private)) == {author.account.id, by_name["follower"], by_name["faver"], by_name["hider"],
                                   by_name["warned"], by_name["voter"]}
    assert shown(private)[by_name["faver"]]["bookmarked"] is True
    assert set(shown(direct)) == {author.account.id, by_name["mentioned"]}
