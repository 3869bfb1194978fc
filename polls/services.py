"""Polls: validating and creating them with a status (voting and expiry are added here too)."""
from datetime import timedelta

from django.utils import timezone

from fedi.errors import ValidationFailed
from fedi.params import to_bool
from instance import limits
from polls.models import Poll


def poll_params(raw):
    """The poll[...] parameters of a post, validated: {options, expires_in, multiple, hide_totals}.
    raw is the nested dict from fedi.params (poll[options][]=...)."""
    if not isinstance(raw, dict):
        raise ValidationFailed("Validation failed: Poll is invalid")
    options = raw.get("options")
    if isinstance(options, dict):  # poll[options][0]=a&poll[options][1]=b
        options = [options[key] for key in sorted(options, key=lambda key: int(key) if str(key).isdigit() else 0)]
    if isinstance(options, str):
        options = [options]
    options = [str(option).strip() for option in (options or [])]
    errors = ValidationFailed()
    if len(options) < 2:
        errors.add("poll", "ERR_INVALID", "must have at least 2 options")
    elif len(options) > limits.POLL_MAX_OPTIONS:
        errors.add("poll", "ERR_INVALID", f"can't contain more than {limits.POLL_MAX_OPTIONS} items")
    if any(not option for option in options):
        errors.add("poll", "ERR_BLANK", "options can't be blank")
    if any(len(option) > limits.POLL_MAX_CHARACTERS_PER_OPTION for option in options):
        errors.add("poll", "ERR_TOO_LONG",
                   f"options cannot be longer than {limits.POLL_MAX_CHARACTERS_PER_OPTION} characters")
    if len(set(options)) != len(options):
        errors.add("poll", "ERR_TAKEN", "contains duplicate items")
    try:
        expires_in = int(str(raw.get("expires_in", "")).strip())
    except ValueError:
        expires_in = None
    if expires_in is None:
        errors.add("poll", "ERR_INVALID", "expiration is not a number of seconds")
    elif expires_in < limits.POLL_MIN_EXPIRATION:
        errors.add("poll", "ERR_INVALID", "duration is too short")
    elif expires_in > limits.POLL_MAX_EXPIRATION:
        errors.add("poll", "ERR_INVALID", "duration is too long")
    errors.raise_if_any()
    return {"options": options, "expires_in": expires_in,
            "multiple": bool(to_bool(raw.get("multiple"))), "hide_totals": bool(to_bool(raw.get("hide_totals")))}


def create_poll(status, params):
    return Poll.objects.create(
        status=status, account_id=status.account_id, options=params["options"], tallies=[0] * len(params["options"]),
        multiple=params["multiple"], hide_totals=params["hide_totals"],
        expires_at=timezone.now() + timedelta(seconds=params["expires_in"]))
