"""Acting on a status: favourite, reblog, bookmark, pin, mute the conversation (and undo).

Each action is idempotent (doing it twice changes nothing the second time), counters
move only when a row was really created or deleted (so they stay right when requests
race), and notifications are created or retracted after commit.
"""
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import Account
from fedi.errors import Forbidden, ValidationFailed
from instance import limits
from statuses.models import (Bookmark, BookmarkFolder, ConversationMute, Conversation, Favourite, Status, StatusPin,
                             Visibility)
from statuses.services.distribution import status_posted
from statuses.services.removal import remove_status
from statuses.signals import status_interaction


def _create_once(model, **fields):
    """(row, created): the row, made unless it exists (a concurrent insert counts as existing)."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**fields)
    except IntegrityError:
        return model.objects.get(**fields), False


def _after_commit(action, *args):
    transaction.on_commit(lambda: action(*args))


def _announce(kind, account, status, undone):
    # notifications (the author hears of it, or no longer) is above statuses: its receiver.
    status_interaction.send(sender=Status, kind=kind, account=account, status=status, undone=undone)


# --- Favourites ----------------------------------------------------------------------------

def favourite(account, status):
    with transaction.atomic():
        _, created = _create_once(Favourite, account=account, status=status)
        if created:
            Status.objects.filter(pk=status.pk).update(favourites_count=F("favourites_count") + 1)
            _after_commit(_announce, "favourite", account, status, False)


def unfavourite(account, status):
    with transaction.atomic():
        deleted, _ = Favourite.objects.filter(account=account, status=status).delete()
        if deleted:
            Status.objects.filter(pk=status.pk).update(favourites_count=Greatest(F("favourites_count") - 1, 0))
            _after_commit(_announce, "favourite", account, status, True)


# --- Reblogs -------------------------------------------------------------------------------

REBLOG_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE)


def can_reblog(account, status):
    """Mastodon's StatusPolicy#reblog?: not direct, not someone else's private post."""
    if status.visibility == Visibility.DIRECT:
        return False
    return status.visibility != Visibility.PRIVATE or status.account_id == account.id


def reblog(account, status, visibility=None):
    """The reblog (a Status whose reblog_of is `status`), made unless it exists."""
    if not can_reblog(account, status):
        raise Forbidden()
    if visibility in (None, ""):
        visibility = Visibility.PUBLIC
    if visibility not in REBLOG_VISIBILITIES:
        raise ValidationFailed().add("visibility", "ERR_INCLUSION", "is not included in the list")
    if status.visibility == Visibility.PRIVATE:
        visibility = Visibility.PRIVATE
    elif status.visibility == Visibility.UNLISTED and visibility == Visibility.PUBLIC:
        visibility = Visibility.UNLISTED
    with transaction.atomic():
        # One reblog per account and status: lock the original so concurrent reblogs queue up.
        Status.objects.select_for_update().filter(pk=status.pk).first()
        existing = Status.objects.filter(account=account, reblog_of=status).first()
        if existing is not None:
            return existing
        reblogged = Status.objects.create(account=account, local=account.is_local, reblog_of=status,
                                          visibility=visibility, conversation=None, sensitive=False)
        Status.objects.filter(pk=status.pk).update(reblogs_count=F("reblogs_count") + 1)
        Account.objects.filter(pk=account.pk).update(statuses_count=F("statuses_count") + 1,
                                                     last_status_at=reblogged.created_at)
        _after_commit(_announce, "reblog", account, status, False)
        transaction.on_commit(lambda: status_posted(reblogged.id))
    return reblogged


def unreblog(account, status):
    for reblogged in Status.objects.filter(account=account, reblog_of=status):
        remove_status(reblogged)
        _after_commit(_announce, "reblog", account, status, True)


# --- Bookmarks -----------------------------------------------------------------------------

def bookmark(account, status, folder=None):
    """Bookmark (again: into `folder`, Pleroma's folder_id; None takes it out of its folder)."""
    _create_once(Bookmark, account=account, status=status)
    Bookmark.objects.filter(account=account, status=status).update(folder=folder)


# --- Bookmark folders (Pleroma) ------------------------------------------------------------

MAX_FOLDER_NAME = 255


def _folder_values(name, emoji):
    from statuses.services.reactions import parse_emoji  # a cycle: statuses.services.reactions imports this module

    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Validation failed: Name can't be blank")
    if len(name) > MAX_FOLDER_NAME:
        raise ValidationFailed(f"Validation failed: Name is too long (maximum is {MAX_FOLDER_NAME} characters)")
    if emoji:
        parse_emoji(emoji)  # 422 unless one Unicode emoji or a local custom emoji's :shortcode:
    return name, emoji or None


def create_bookmark_folder(account, name, emoji=None):
    name, emoji = _folder_values(name, emoji)
    try:
        with transaction.atomic():
            return BookmarkFolder.objects.create(account=account, name=name, emoji=emoji)
    except IntegrityError:
        raise ValidationFailed("Validation failed: Name has already been taken")


def update_bookmark_folder(folder, name=None, emoji=None):
    name, emoji = _folder_values(folder.name if name is None else name, folder.emoji if emoji is None else emoji)
    folder.name, folder.emoji = name, emoji
    try:
        with transaction.atomic():
            folder.save(update_fields=["name", "emoji"])
    except IntegrityError:
        raise ValidationFailed("Validation failed: Name has already been taken")
    return folder


def unbookmark(account, status):
    Bookmark.objects.filter(account=account, status=status).delete()


# --- Pins ----------------------------------------------------------------------------------

def pin(account, status):
    """Feature one of your own public or unlisted posts on your profile (Mastodon's messages)."""
    if status.reblog_of_id is not None:
        raise ValidationFailed("Validation failed: A boost cannot be pinned")
    if status.account_id != account.id:
        raise ValidationFailed("Validation failed: Someone else's post cannot be pinned")
    if status.visibility == Visibility.DIRECT:
        raise ValidationFailed("Validation failed: Posts that are only visible to mentioned users cannot be pinned")
    if status.visibility == Visibility.PRIVATE:
        raise ValidationFailed("Validation failed: Non-public posts cannot be pinned")
    with transaction.atomic():
        Account.objects.select_for_update().filter(pk=account.pk).first()  # pins of one account queue up
        if StatusPin.objects.filter(account=account, status=status).exists():
            return
        if StatusPin.objects.filter(account=account).count() >= limits.MAX_PINNED_STATUSES:
            raise ValidationFailed("Validation failed: You have already pinned the maximum number of posts")
        StatusPin.objects.create(account=account, status=status)


def unpin(account, status):
    StatusPin.objects.filter(account=account, status=status).delete()


# --- Conversation mutes ------------------------------------------------------------------

def mute_conversation(account, status, *, expires_in=0):
    """Mute the status's conversation for `expires_in` seconds (Pleroma's), 0 meaning until
    unmuted; muting again sets the new expiry."""
    conversation = _conversation_of(status)
    expires_at = timezone.now() + timedelta(seconds=expires_in) if expires_in else None
    mute, created = _create_once(ConversationMute, account=account, conversation=conversation)
    if mute.expires_at != expires_at:
        ConversationMute.objects.filter(pk=mute.pk).update(expires_at=expires_at)


def purge_expired_conversation_mutes(now: datetime | None = None) -> int:
    """Delete conversation mutes past their expiry (they already count as none)."""
    return ConversationMute.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


def unmute_conversation(account, status):
    if status.conversation_id is not None:
        ConversationMute.objects.filter(account=account, conversation_id=status.conversation_id).delete()


def _conversation_of(status):
    if status.conversation_id is None:
        with transaction.atomic():
            conversation = Conversation.objects.create()
            Status.objects.filter(pk=status.pk, conversation__isnull=True).update(conversation=conversation)
        status.refresh_from_db(fields=["conversation"])
    return status.conversation
