"""Polls: validating and creating them with a status, voting (Mastodon's VoteService and
VoteValidator), and closing them when they expire (Mastodon's PollExpirationNotifyWorker).

    values = poll_params(raw)              # the poll[...] hash of a post, validated (422 otherwise)
    poll = create_poll(status, values)     # inside the posting transaction; expiry is scheduled
    poll = find_poll(poll_id, viewer)      # statuses.lookup: 404 unless the viewer may see its status
    vote(account, poll, choices)           # 422/403 as Mastodon; counters right under concurrency
    close_expired_polls()                  # periodic: notify voters and author of polls that ended
"""
import logging
from datetime import timedelta

import regex
from django.db import IntegrityError, transaction
from django.utils import timezone

from fedi.errors import Forbidden, ValidationFailed
from fedi.params import is_id, to_bool
from instance import limits
from polls import signals
from polls.models import Poll, PollVote
from polls.serializers import PollSerializer
from relationships.models import Block

logger = logging.getLogger(__name__)

# Mastodon's messages (config/locales/en.yml, polls.errors).
ALREADY_VOTED = "You have already voted on this poll"
EXPIRED = "The poll has already ended"
INVALID_CHOICE = "The chosen vote option does not exist"
SELF_VOTE = "You cannot vote in your own polls"

# An expiry further away than this is not queued with an ETA at creation (a broker would
# hold, and on Redis redeliver, the message for weeks): the periodic sweep queues it when
# it comes near (see close_expired_polls).
ETA_HORIZON = timedelta(minutes=30)
SWEEP_LOOKAHEAD = timedelta(minutes=2)


# --- Creating -----------------------------------------------------------------------------

def _grapheme_length(text):
    return len(regex.findall(r"\X", text))


def _seconds(value):
    """Ruby's to_i on a poll[expires_in]: the leading integer, 0 when there is none."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    match = regex.match(r"\s*([+-]?\d+)", str(value if value is not None else ""))
    return int(match.group(1)) if match else 0


def poll_params(raw):
    """The poll[...] parameters of a post, validated: {options, expires_in, multiple, hide_totals}.
    raw is the nested dict from fedi.params (poll[options][]=...). Errors as Mastodon words
    them ("Validation failed: Poll options must have more than one item")."""
    if not isinstance(raw, dict):
        raise ValidationFailed("Validation failed: Poll is invalid")
    options = raw.get("options")
    if isinstance(options, dict):  # poll[options][0]=a&poll[options][1]=b
        options = [options[key] for key in sorted(options, key=lambda key: int(key) if is_id(str(key)) else 0)]
    if isinstance(options, (str, int, float)):
        options = [options]
    if not isinstance(options, list):
        options = []
    # As Mastodon's Poll#prepare_options: stripped, blank ones dropped.
    options = [str(option).strip() for option in options if not isinstance(option, (dict, list))]
    options = [option for option in options if option]
    errors = ValidationFailed()
    if len(options) < 2:
        errors.add("poll_options", "ERR_TOO_SHORT", "must have more than one item")
    if len(options) > limits.POLL_MAX_OPTIONS:
        errors.add("poll_options", "ERR_TOO_LONG", f"can't contain more than {limits.POLL_MAX_OPTIONS} items")
    if any(_grapheme_length(option) > limits.POLL_MAX_CHARACTERS_PER_OPTION for option in options):
        errors.add("poll_options", "ERR_TOO_LONG",
                   f"cannot be longer than {limits.POLL_MAX_CHARACTERS_PER_OPTION} characters each")
    if len(set(options)) != len(options):
        errors.add("poll_options", "ERR_TAKEN", "contain duplicate items")
    expires_in = _seconds(raw.get("expires_in"))
    if expires_in > limits.POLL_MAX_EXPIRATION:
        errors.add("poll_expires_at", "ERR_INVALID", "is too far into the future")
    elif expires_in < limits.POLL_MIN_EXPIRATION:
        errors.add("poll_expires_at", "ERR_INVALID", "is too soon")
    errors.raise_if_any()
    return {"options": options, "expires_in": expires_in,
            "multiple": bool(to_bool(raw.get("multiple"))), "hide_totals": bool(to_bool(raw.get("hide_totals")))}


def create_poll(status, params):
    """The poll of a new status (inside the posting transaction); its expiry is queued after commit."""
    poll = Poll.objects.create(
        status=status, account_id=status.account_id, options=params["options"], tallies=[0] * len(params["options"]),
        multiple=params["multiple"], hide_totals=params["hide_totals"],
        voters_count=0, expires_at=timezone.now() + timedelta(seconds=params["expires_in"]))
    transaction.on_commit(lambda: schedule_expiry(poll))
    return poll


def schedule_expiry(poll, horizon=ETA_HORIZON):
    """Queue close_poll for when the poll ends, if that is soon enough to hold a message for."""
    if poll.expires_at is None or poll.expires_at - timezone.now() > horizon:
        return
    from polls.tasks import close_poll  # polls.tasks imports this module: at call time

    close_poll.apply_async(args=[poll.id], eta=poll.expires_at)


# --- Reading ------------------------------------------------------------------------------

def own_votes(viewer, polls):
    """{poll id: [choices, in the order cast]} of the viewer, in one query."""
    if viewer is None or not polls:
        return {}
    votes: dict[int, list[int]] = {}
    for poll_id, choice in (PollVote.objects.filter(account_id=viewer.id, poll_id__in=[poll.id for poll in polls])
                            .order_by("id").values_list("poll_id", "choice")):
        votes.setdefault(poll_id, []).append(choice)
    return votes


def render_poll(poll, viewer):
    return PollSerializer.render(poll, viewer=viewer, own_votes=own_votes(viewer, [poll]))


# --- Voting -------------------------------------------------------------------------------

def _choices(raw, poll):
    """The choices as integers, de-duplicated in order; INVALID_CHOICE for anything else."""
    if not isinstance(raw, list):
        raw = [raw]
    choices = []
    for value in raw:
        text = str(value).strip() if not isinstance(value, (bool, dict, list)) else ""
        if not regex.fullmatch(r"\d{1,9}", text) or int(text) >= len(poll.options):
            return None
        if int(text) not in choices:
            choices.append(int(text))
    return choices


def vote(account, poll, raw_choices):
    """Cast account's votes (choice indexes) in poll, all or nothing; returns the poll, reloaded.

    As Mastodon: 403 when either side blocks the other; 422 "Validation failed: ..." when
    the poll has ended, a choice does not exist, it is the voter's own poll, or the voter
    has already voted (a second choice on a single-choice poll counts as voting twice).
    The poll row is locked while votes are counted, so concurrent votes all count."""
    if Block.objects.filter(account_id=account.id, target_account_id=poll.account_id).exists() or \
            Block.objects.filter(account_id=poll.account_id, target_account_id=account.id).exists():
        raise Forbidden()
    try:
        with transaction.atomic():
            locked = Poll.objects.select_for_update().get(pk=poll.pk)
            _cast(account, locked, raw_choices)
    except IntegrityError:  # the same choice raced in from a concurrent request of this voter
        raise ValidationFailed(f"Validation failed: {ALREADY_VOTED}") from None
    poll.refresh_from_db()
    return poll


def _cast(account, poll, raw_choices):
    choices = _choices(raw_choices, poll)
    problems = []
    if poll.expired:
        problems.append(EXPIRED)
    if choices is None:
        problems.append(INVALID_CHOICE)
    if account.id == poll.account_id:
        problems.append(SELF_VOTE)
    previous = set(PollVote.objects.filter(poll=poll, account_id=account.id).values_list("choice", flat=True))
    if previous or (choices and not poll.multiple and len(choices) > 1):
        problems.append(ALREADY_VOTED)
    if problems:
        raise ValidationFailed("Validation failed: " + ", ".join(problems))
    if not choices:
        return
    now = timezone.now()
    PollVote.objects.bulk_create([PollVote(poll=poll, account_id=account.id, choice=choice, created_at=now)
                                  for choice in choices])
    tallies = list(poll.tallies or []) + [0] * max(0, len(poll.options) - len(poll.tallies or []))
    for choice in choices:
        tallies[choice] += 1
    poll.tallies = tallies
    poll.votes_count += len(choices)
    poll.voters_count = (poll.voters_count or 0) + 1
    poll.save(update_fields=["tallies", "votes_count", "voters_count"])


# --- Expiry -------------------------------------------------------------------------------

def close_poll(poll_id):
    """Notify the author and the local voters that a poll ended, once. True when this call did it."""
    now = timezone.now()
    claimed = Poll.objects.filter(pk=poll_id, closed_notified=False, expires_at__lte=now).update(closed_notified=True)
    if not claimed:
        return False
    poll = Poll.objects.select_related("account", "status").filter(pk=poll_id).first()
    if poll is None:
        return False
    signals.poll_closed.send(sender=Poll, poll=poll)  # the author and voters are notified
    return True




def close_expired_polls(now=None):
    """The periodic sweep: close every poll that has ended and was not closed yet, and queue
    close_poll with an ETA for those ending before the next sweep. The number closed."""
    now = now or timezone.now()
    due = list(Poll.objects.filter(closed_notified=False, expires_at__lte=now)
               .order_by("expires_at").values_list("id", flat=True)[:1000])
    closed = sum(1 for poll_id in due if close_poll(poll_id))
    soon = Poll.objects.filter(closed_notified=False, expires_at__gt=now, expires_at__lte=now + SWEEP_LOOKAHEAD)
    for poll in soon:
        schedule_expiry(poll, horizon=SWEEP_LOOKAHEAD)
    return closed
