"""Read markers (Mastodon's Marker): where a user stopped reading home and notifications.

    markers_of(user, ["home", "notifications"])      -> {"home": Marker, ...}
    save_markers(user, {"home": "1234"})               -> {"home": Marker} (409 on a race)
    last_read_id(account_or_user, "notifications")     -> int or None

Optimistic locking as Rails' lock_version: each write is an UPDATE guarded by the version
that was read, so of two clients moving the same marker at once, the one whose read went
stale gets 409 "Conflict during update, please try again" and its whole request is undone.
"""
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from fedi.errors import Conflict, ValidationFailed
from fedi.params import MAX_ID, is_id
from timelines.models import Marker

TIMELINES = Marker.TIMELINES
CONFLICT_MESSAGE = "Conflict during update, please try again"

# Called (when set) between reading a marker and writing it: a seam for tests to make
# another request land in between, as a concurrent client would.
before_write = None


def _user_id(account_or_user):
    """The user id of a User, a local Account (with .user) or a plain user id."""
    if isinstance(account_or_user, int):
        return account_or_user
    if hasattr(account_or_user, "email"):  # a User
        return account_or_user.id
    user_id = getattr(getattr(account_or_user, "user", None), "id", None)
    return user_id


def markers_of(user, timelines):
    """The user's markers of the timelines asked for (unknown names ignored)."""
    wanted = [name for name in dict.fromkeys(timelines) if isinstance(name, str) and name in TIMELINES]
    if not wanted:
        return {}
    rows = Marker.objects.filter(user_id=_user_id(user), timeline__in=wanted)
    found = {row.timeline: row for row in rows}
    return {name: found[name] for name in wanted if name in found}


def last_read_id(account_or_user, timeline):
    """The last read id of a user's timeline, or None when it has no marker."""
    user_id = _user_id(account_or_user)
    if user_id is None:
        return None
    return Marker.objects.filter(user_id=user_id, timeline=timeline).values_list("last_read_id", flat=True).first()


def parse_last_read_id(value):
    """A last_read_id as sent: an id, or a 422 as Rails gives for a value it casts to nil."""
    if isinstance(value, list):
        value = value[-1] if value else None
    text = "" if value is None or isinstance(value, (dict, bool)) else str(value).strip()
    if not is_id(text):
        # Rails casts it to nil, then "Last read can't be blank" (human name of last_read_id)
        raise ValidationFailed("Validation failed: Last read can't be blank",
                               {"last_read_id": [{"error": "ERR_BLANK", "description": "can't be blank"}]})
    return int(text)


def _conflict():
    return Conflict(CONFLICT_MESSAGE)


@transaction.atomic
def save_markers(user, positions):
    """Set markers from {timeline: last_read_id}; all of them or none. Returns the saved
    markers by timeline. A marker set to the id it already has is left as is (its version
    does not move), as Rails saves nothing when nothing changed."""
    user_id = _user_id(user)
    wanted = {name: parse_last_read_id(value) for name, value in positions.items() if name in TIMELINES}
    saved = {}
    for name, new_id in wanted.items():
        current = Marker.objects.filter(user_id=user_id, timeline=name).first()
        if before_write is not None:
            before_write(user_id, name)
        now = timezone.now()
        if current is None:
            try:
                with transaction.atomic():
                    saved[name] = Marker.objects.create(user_id=user_id, timeline=name, last_read_id=new_id,
                                                        version=0, created_at=now, updated_at=now)
            except IntegrityError:  # another request created it since we looked
                raise _conflict()
            continue
        if current.last_read_id == new_id:
            saved[name] = current
            continue
        updated = Marker.objects.filter(pk=current.pk, version=current.version).update(
            last_read_id=new_id, version=F("version") + 1, updated_at=now)
        if not updated:
            raise _conflict()
        current.last_read_id, current.version, current.updated_at = new_id, current.version + 1, now
        saved[name] = current
    return saved
