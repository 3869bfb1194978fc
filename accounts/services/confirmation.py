"""Confirming e-mail addresses (Devise's confirmable, as Mastodon uses it).

A new user is unconfirmed until they follow the link in the confirmation e-mail. A change of
address waits in `unconfirmed_email` until the new address is confirmed the same way.
"""
import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services.registration import check_email, email_is_taken, normalize_email
from fedi.errors import ValidationFailed

# How long a confirmation link works; a new one can be requested (POST /api/v1/emails/confirmations).
CONFIRMATION_VALID_FOR = timedelta(days=3)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def confirmation_url(user):
    return f"{settings.SITE_URL}/auth/confirmation?confirmation_token={user.confirmation_token}"


def confirmation_recipient(user):
    return user.unconfirmed_email or user.email


def send_confirmation_after_commit(user):
    """Queues the confirmation e-mail once the current transaction has committed."""
    from accounts.tasks import send_confirmation_email  # a cycle: accounts.tasks imports this module

    user_id = user.pk
    transaction.on_commit(lambda: send_confirmation_email.delay(user_id))


def is_awaiting_confirmation(user):
    return not user.is_confirmed or bool(user.unconfirmed_email)


@transaction.atomic
def request_confirmation(user, new_email=None):
    """A new confirmation link, sent to `new_email` when given (then pending in unconfirmed_email,
    or straight away the address of a user who has never confirmed one)."""
    if new_email is not None:
        new_email = normalize_email(new_email)
        errors = ValidationFailed()
        check_email(errors, new_email, except_user=user)
        errors.raise_if_any()
        if new_email == user.email.lower():
            user.unconfirmed_email = ""
        else:
            user.unconfirmed_email = new_email
    user.new_confirmation_token()
    user.save(update_fields=["unconfirmed_email", "confirmation_token", "confirmation_sent_at"])
    send_confirmation_after_commit(user)
    return user


@transaction.atomic
def confirm(user):
    """Confirms a user (and a pending new address); returns False when that address has been
    taken by someone else in the meantime."""
    if user.unconfirmed_email:
        if email_is_taken(user.unconfirmed_email, except_user=user):
            return False
        user.email = user.unconfirmed_email
        user.unconfirmed_email = ""
    if user.confirmed_at is None:
        user.confirmed_at = timezone.now()
    user.confirmation_token = None
    user.save(update_fields=["email", "unconfirmed_email", "confirmed_at", "confirmation_token"])
    return True


@transaction.atomic
def confirm_with_token(token):
    """The user a confirmation link confirms, or None for an unknown, used or expired link."""
    if not token or not _TOKEN.match(token):
        return None
    user = User.objects.select_for_update().filter(confirmation_token=token).first()
    if user is None:
        return None
    sent_at = user.confirmation_sent_at
    if sent_at is not None and sent_at + CONFIRMATION_VALID_FOR < timezone.now():
        return None
    return user if confirm(user) else None
