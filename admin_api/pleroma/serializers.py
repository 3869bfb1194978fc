"""Pleroma's admin shapes (its AdminAPI views): users, reports, notes, invites, apps."""
from django.core.exceptions import ObjectDoesNotExist

from accounts.serializers import MISSING_AVATAR, AccountSerializer, account_url, actor_type
from admin_api.pleroma import services
from fedi.formats import iso
from fedi.links import media
from statuses.serializers import render_statuses


def _tags(account):
    cache = getattr(account, "_prefetched_objects_cache", {})
    if "moderation_tags" in cache:
        return sorted(tag.name for tag in cache["moderation_tags"])
    return sorted(account.moderation_tags.values_list("name", flat=True))


def _suggested(account):
    try:
        return account.staff_suggestion is not None
    except ObjectDoesNotExist:
        return False


def user_json(account):
    """Pleroma's admin user (AdminAPI.AccountView "show.json")."""
    user = getattr(account, "user", None) if account.is_local else None
    role = user.role if user is not None else None
    active = services.is_active(account)
    return {
        "id": str(account.id),
        "nickname": account.acct,
        "deactivated": not active,
        "is_active": active,
        "email": user.email if user is not None else None,
        "avatar": media(account.avatar, MISSING_AVATAR),
        "display_name": account.display_name or account.username,
        "roles": {"admin": services.is_admin_role(role), "moderator": services.is_moderator_role(role)},
        "tags": _tags(account),
        "local": account.is_local,
        "is_confirmed": bool(user is None or user.is_confirmed),
        "is_approved": bool(user is None or user.approved),
        "is_suggested": _suggested(account),
        "url": account.url or account_url(account),
        "registration_reason": (user.sign_up_reason or None) if user is not None else None,
        "actor_type": actor_type(account),
        "created_at": iso(account.created_at),
    }


def users_json(accounts):
    return [user_json(account) for account in accounts]


def report_account_json(account, viewer):
    """A report's account/actor: the Mastodon Account with the admin user's keys (as Pleroma merges them)."""
    return {**AccountSerializer.render(account, viewer=viewer), **user_json(account)}


def note_json(note, viewer):
    return {"id": str(note.id), "user_id": str(note.account_id) if note.account_id else None,
            "content": note.content, "created_at": iso(note.created_at),
            "user": report_account_json(note.account, viewer) if note.account is not None else None}


def report_json(report, viewer, statuses=None):
    if statuses is None:
        statuses = render_statuses(list(report.statuses.all()), viewer)
    return {
        "id": str(report.id),
        "state": services.report_state(report),
        "account": report_account_json(report.target_account, viewer),
        "actor": report_account_json(report.account, viewer),
        "content": report.comment,
        "created_at": iso(report.created_at),
        "statuses": statuses,
        "notes": [note_json(note, viewer) for note in report.notes.all()],
        "rules": [],
    }


def invite_json(invite):
    if invite.max_uses is None:
        kind = "date_limited" if invite.expires_at else "reusable"
    elif invite.max_uses == 1:
        kind = "date_limited" if invite.expires_at else "one_time"
    else:
        kind = "reusable_date_limited" if invite.expires_at else "reusable"
    return {"id": str(invite.id), "token": invite.token, "used": not invite.usable,
            "expires_at": invite.expires_at.date().isoformat() if invite.expires_at else None,
            "uses": invite.uses, "max_use": invite.max_uses, "invite_type": kind}


def app_json(app):
    return {"id": app.id, "name": app.name, "client_id": app.client_id, "client_secret": app.client_secret,
            "redirect_uri": app.redirect_uris, "website": app.website, "scopes": app.scopes.split(),
            "trusted": False}
