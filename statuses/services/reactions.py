"""Pleroma's emoji reactions: a unicode emoji (one, validated with the `emoji` package) or
one of this server's custom emoji by :shortcode:, once per account, status and emoji."""
import emoji as emoji_lib
from django.db import transaction

from accounts.models import Account
from fedi.errors import ValidationFailed
from fedi.links import media
from instance.models import CustomEmoji
from statuses.models import EmojiReaction, Status
from statuses.services.interactions import _after_commit, _announce, _create_once
from statuses.signals import status_interaction

NOTIFICATION = "pleroma:emoji_reaction"


def parse_emoji(text: str):
    """(name, CustomEmoji or None) for a reaction as given, or ValidationFailed (422)."""
    text = (text or "").strip()
    if len(text) > 2 and text.startswith(":") and text.endswith(":"):
        custom = CustomEmoji.objects.filter(shortcode=text[1:-1], domain__isnull=True, disabled=False).first()
        if custom is not None:
            return custom.shortcode, custom
    elif text and emoji_lib.purely_emoji(text) and emoji_lib.emoji_count(text) == 1:
        return text, None
    errors = ValidationFailed()
    errors.add("emoji", "ERR_INVALID", "is not an emoji")
    errors.raise_if_any()


def react(account: Account, status: Status, text: str) -> None:
    name, custom = parse_emoji(text)
    with transaction.atomic():
        _, created = _create_once(EmojiReaction, account=account, status=status, name=name,
                                  **({"custom_emoji": custom} if custom else {}))
        if created and status.account_id != account.id:
            # notifications (above statuses) hears of it through the interaction signal
            extra = {"emoji": f":{name}:" if custom else name,
                     "emoji_url": media(custom.image) if custom else None}
            transaction.on_commit(lambda: status_interaction.send(
                sender=Status, kind=NOTIFICATION, account=account, status=status, undone=False, extra=extra))


def unreact(account: Account, status: Status, text: str) -> None:
    name, _ = parse_emoji(text)
    with transaction.atomic():
        deleted, _ = EmojiReaction.objects.filter(account=account, status=status, name=name).delete()
        # Another reaction of the same account keeps its notification.
        if deleted and not EmojiReaction.objects.filter(account=account, status=status).exists():
            _after_commit(_announce, NOTIFICATION, account, status, True)
