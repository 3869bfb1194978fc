"""Invitations to sign up (Mastodon's Invite, Pleroma's invite tokens). Staff create them
(admin_api), sign-up uses them (accounts.services.registration)."""
from datetime import datetime

from django.db import transaction
from django.db.models import F

from accounts.models import Account, Invite
from fedi.errors import ValidationFailed

INVALID_INVITE = "is invalid or expired"


def create_invite(created_by: Account | None, *, max_uses: int | None = None, expires_at: datetime | None = None,
                  comment: str = "") -> Invite:
    return Invite.objects.create(created_by=created_by, max_uses=max_uses, expires_at=expires_at, comment=comment)


def revoke_invite(invite: Invite) -> Invite:
    Invite.objects.filter(pk=invite.pk).update(revoked=True)
    invite.revoked = True
    return invite


def use_invite(token: str) -> Invite:
    """Count one sign-up on the invite (inside the caller's transaction; the row is locked so
    two sign-ups cannot both take the last use). ValidationFailed when it is not usable."""
    invite = Invite.objects.select_for_update().filter(token=(token or "").strip()).first()
    if invite is None or not invite.usable:
        raise ValidationFailed().add("invite_code", "ERR_INVALID", INVALID_INVITE)
    Invite.objects.filter(pk=invite.pk).update(uses=F("uses") + 1)
    invite.uses += 1
    return invite


def usable_invite(token: str | None) -> Invite | None:
    if not token:
        return None
    invite = Invite.objects.filter(token=token.strip()).first()
    return invite if invite is not None and invite.usable else None
