"""What the Pleroma admin API does beyond the Mastodon admin API's services (admin_api.services):
users by nickname, permission groups, tags, suggestions, report states and notes, status
moderation, invites, OAuth apps and the instance settings. Every change is written to the
audit log (admin_api.audit.record) in the same transaction, as the other moderation services.

`actor` is the acting staff member's Account (None: the operator at the console)."""
from datetime import datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, Invite, User
from accounts.roles import find_role
from accounts.services import invites as invite_service
from admin_api import services
from admin_api.audit import record
from admin_api.models import AccountTag, ClosedReport, ReportNote, SuggestedAccount
from admin_api.permissions import may_grant
from fedi.errors import Forbidden, NotFound, ValidationFailed
from instance.models import SiteSettings
from reports.models import Report
from statuses.models import Status, Visibility

MAX_BATCH = 200  # nicknames (or users) one request may name


# --- Users ------------------------------------------------------------------------------------

def find_by_nickname(nickname: str) -> Account:
    """A user by nickname (`name` local, `name@domain` remote) or by ID, as Pleroma's /users/:nickname."""
    nickname = (nickname or "").strip().lstrip("@")
    queryset = services.admin_accounts()
    if nickname.isdigit():
        account = queryset.filter(pk=int(nickname)).first()
        if account is not None:
            return account
    username, _, domain = nickname.partition("@")
    if not username:
        raise NotFound()
    if domain and domain.lower() != settings.LOCAL_DOMAIN.lower():
        account = queryset.filter(username__iexact=username, domain__iexact=domain).first()
    else:
        account = queryset.filter(username__iexact=username, domain__isnull=True).first()
    if account is None:
        raise NotFound()
    return account


def find_many(nicknames) -> list[Account]:
    names = [name for name in nicknames if isinstance(name, str) and name.strip()]
    if not names:
        raise ValidationFailed("nicknames: is missing")
    if len(names) > MAX_BATCH:
        raise ValidationFailed(f"nicknames: at most {MAX_BATCH}")
    return [find_by_nickname(name) for name in names]


PLEROMA_FILTERS = ("local", "external", "active", "deactivated", "need_approval", "unconfirmed",
                   "is_admin", "is_moderator", "is_suggested")


def list_users(*, query=None, name=None, email=None, filters=(), tags=(), actor_types=()):
    """Pleroma's user search: filters are ANDed; query matches nickname, display name or e-mail."""
    queryset = services.admin_accounts().order_by("-id")
    for name_ in filters:
        if name_ not in PLEROMA_FILTERS:
            raise ValidationFailed(f"filters: unknown filter {name_}")
    filters = set(filters)
    if "local" in filters:
        queryset = queryset.filter(domain__isnull=True)
    if "external" in filters:
        queryset = queryset.filter(domain__isnull=False)
    if "active" in filters:
        queryset = queryset.filter(suspended_at__isnull=True).exclude(user__disabled=True)
    if "deactivated" in filters:
        queryset = queryset.filter(Q(suspended_at__isnull=False) | Q(user__disabled=True))
    if "need_approval" in filters:
        queryset = queryset.filter(user__approved=False)
    if "unconfirmed" in filters:
        queryset = queryset.filter(user__confirmed_at__isnull=True, domain__isnull=True)
    if "is_admin" in filters or "is_moderator" in filters:
        wanted = set()
        from accounts.models import UserRole

        for role in UserRole.objects.all():
            if ("is_admin" in filters and is_admin_role(role)) or ("is_moderator" in filters and is_moderator_role(role)):
                wanted.add(role.id)
        queryset = queryset.filter(user__role_id__in=wanted)
    if "is_suggested" in filters:
        queryset = queryset.filter(staff_suggestion__isnull=False)
    if query:
        query = query.strip().lstrip("@")
        queryset = queryset.filter(Q(username__icontains=query) | Q(display_name__icontains=query)
                                   | Q(user__email__icontains=query))
    if name:
        queryset = queryset.filter(display_name__icontains=name.strip())
    if email:
        queryset = queryset.filter(user__email__icontains=email.strip())
    for tag in tags:
        queryset = queryset.filter(moderation_tags__name=tag)
    if actor_types:
        kinds = Q()
        for kind in actor_types:
            kinds |= {"Service": Q(bot=True), "Application": Q(bot=True), "Group": Q(group=True),
                      "Person": Q(bot=False, group=False)}.get(kind, Q(pk__in=[]))
        queryset = queryset.filter(kinds)
    return queryset.distinct() if tags else queryset


def is_admin_role(role) -> bool:
    """Pleroma's `admin`: a role that manages the server's settings (Admin, Owner, or a custom one)."""
    return role is not None and role.can("manage_settings")


def is_moderator_role(role) -> bool:
    """Pleroma's `moderator`: a role that handles reports."""
    return role is not None and role.can("manage_reports")


@transaction.atomic
def create_users(actor, entries) -> list[User]:
    """Pleroma's POST /users: every entry valid or none created (422 with each problem)."""
    from accounts.services.registration import check_new_user, normalize_email
    from accounts.services.users import create_local_user

    services._require(actor, "manage_users")
    if not isinstance(entries, list) or not entries or len(entries) > MAX_BATCH:
        raise ValidationFailed(f"users: give between 1 and {MAX_BATCH} users")
    errors = ValidationFailed()
    cleaned = []
    seen = set()
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValidationFailed("users: each user is an object with nickname, email and password")
        nickname = str(entry.get("nickname") or "").strip()
        email = normalize_email(str(entry.get("email") or ""))
        password = entry.get("password")
        password = str(password) if password is not None else None
        check_new_user(errors, nickname, email, password or "x" * 16)
        if nickname.lower() in seen:
            errors.add("nickname", "ERR_TAKEN", "is given twice")
        seen.add(nickname.lower())
        cleaned.append((nickname, email, password))
    errors.raise_if_any()
    users = []
    for nickname, email, password in cleaned:
        user = create_local_user(nickname, email, password, confirmed=True, approved=True)
        record(actor, "create", user.account)
        users.append(user)
    return users


@transaction.atomic
def delete_users(actor, accounts) -> list[str]:
    """Pleroma deletes at once: suspend (closing sessions) and delete, each logged."""
    from accounts.services.users import suspend_account

    services._require(actor, "delete_user_data")
    names = []
    for account in accounts:
        if account.is_local:
            services._require_override(actor, account)
        if not account.is_suspended:
            suspend_account(account)
        record(actor, "destroy", account)
        names.append(account.acct)
        Account.objects.filter(pk=account.pk).delete()
    return names


@transaction.atomic
def set_active(actor, account, active: bool) -> Account:
    """Pleroma's activate/deactivate: a local user is enabled/disabled (sign-in refused,
    tokens kept); a remote account is unsuspended/suspended."""
    from accounts.services.users import disable_user, enable_user, suspend_account

    services._require_override(actor, account)
    if account.is_local:
        user = account.user
        if active:
            enable_user(user)
            if account.is_suspended:
                services.unsuspend(actor, account)
        else:
            disable_user(user)
        record(actor, "enable" if active else "disable", account)
        return account
    if active and account.is_suspended:
        services.unsuspend(actor, account)
    elif not active:
        suspend_account(account)
        record(actor, "suspend", account)
    return account


def is_active(account) -> bool:
    user = getattr(account, "user", None) if account.is_local else None
    return not account.is_suspended and not (user is not None and user.disabled)


@transaction.atomic
def approve(actor, account) -> Account:
    services._require(actor, "manage_users")
    user = services._local_user(account)
    if not user.approved:
        services.approve(actor, account)
    return account


@transaction.atomic
def set_suggested(actor, account, suggested: bool) -> Account:
    services._require(actor, "manage_taxonomies", "manage_users")
    if suggested:
        _, created = SuggestedAccount.objects.get_or_create(account=account)
    else:
        created = bool(SuggestedAccount.objects.filter(account=account).delete()[0])
    if created:
        record(actor, "suggest" if suggested else "unsuggest", account)
    return account


@transaction.atomic
def tag_users(actor, accounts, tags, add: bool) -> None:
    services._require(actor, "manage_users")
    names = [tag.strip() for tag in tags if isinstance(tag, str) and tag.strip()]
    if not names or any(len(name) > 255 for name in names):
        raise ValidationFailed("tags: give one or more tags of at most 255 characters")
    for account in accounts:
        for name in names:
            if add:
                AccountTag.objects.get_or_create(account=account, name=name)
            else:
                AccountTag.objects.filter(account=account, name=name).delete()
        record(actor, "tag" if add else "untag", account, f"{account.acct}: {', '.join(names)}")


@transaction.atomic
def set_permission_group(actor, account, group: str, add: bool) -> Account:
    """admin ⇔ the Admin role, moderator ⇔ the Moderator role; granting follows Mastodon's rules
    (manage_roles, never above one's own role, never on an equal or higher role)."""
    from accounts.models import UserRole

    if group not in ("admin", "moderator"):
        raise NotFound()
    user = services._local_user(account)
    actor_user = actor.user if actor is not None else None
    if actor is not None:
        if account.id == actor.id:
            raise Forbidden("You can't change your own permission group")
        services._require_override(actor, account)
    role = user.role
    if add:
        wanted = find_role(UserRole.ADMIN if group == "admin" else UserRole.MODERATOR)
        check = is_admin_role if group == "admin" else is_moderator_role
        if check(role):
            return account
        new_role = wanted
    else:
        check = is_admin_role if group == "admin" else is_moderator_role
        if not check(role):
            return account
        # taking "admin" away leaves a moderator a moderator, as Pleroma's two flags
        new_role = find_role(UserRole.MODERATOR) if group == "admin" and is_moderator_role(role) else None
        if new_role is not None and is_admin_role(new_role):
            new_role = None
    if actor_user is not None and not may_grant(actor_user, new_role):
        raise Forbidden()
    User.objects.filter(pk=user.pk).update(role=new_role)
    user.role = new_role
    record(actor, "change_role", account, f"{account.acct}: {new_role.name if new_role else 'no role'}")
    return account


@transaction.atomic
def force_password_reset(actor, accounts) -> None:
    """The user must choose a new password: their password no longer works and their
    sessions end (they use the reset link from the sign-in page)."""
    from accounts.services.users import revoke_all_tokens

    for account in accounts:
        services._require_override(actor, account)
        user = services._local_user(account)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        revoke_all_tokens(user)
        record(actor, "reset_password", account)


@transaction.atomic
def confirm_emails(actor, accounts) -> None:
    from accounts.services.confirmation import confirm

    services._require(actor, "manage_users")
    for account in accounts:
        user = services._local_user(account)
        if not user.is_confirmed or user.unconfirmed_email:
            confirm(user)
            record(actor, "confirm", account)


@transaction.atomic
def resend_confirmations(actor, accounts) -> None:
    from accounts.services.confirmation import is_awaiting_confirmation, request_confirmation

    services._require(actor, "manage_users")
    for account in accounts:
        user = services._local_user(account)
        if is_awaiting_confirmation(user):
            request_confirmation(user)
            record(actor, "resend_confirmation", account)


@transaction.atomic
def follow_on_behalf(actor, follower, followed, follow: bool) -> None:
    from relationships import services as relationships

    services._require(actor, "manage_users")
    if follower.id == followed.id or not follower.is_local:
        raise ValidationFailed("follower: must be a local user other than the followed one")
    if follow:
        relationships.follow(follower, followed)
    else:
        relationships.unfollow(follower, followed)
    record(actor, "follow" if follow else "unfollow", follower, f"{follower.acct} → {followed.acct}")


# --- Reports ----------------------------------------------------------------------------------

REPORT_STATES = ("open", "closed", "resolved")


def report_state(report) -> str:
    if report.action_taken_at is None:
        return "open"
    try:
        return "closed" if report.closure is not None else "resolved"
    except ClosedReport.DoesNotExist:
        return "resolved"


def filter_reports_by_state(queryset, state):
    if state is None:
        return queryset
    if state not in REPORT_STATES:
        raise ValidationFailed(f"state: must be one of {', '.join(REPORT_STATES)}")
    if state == "open":
        return queryset.filter(action_taken_at__isnull=True)
    closed = queryset.filter(action_taken_at__isnull=False, closure__isnull=False)
    return closed if state == "closed" else queryset.filter(action_taken_at__isnull=False, closure__isnull=True)


@transaction.atomic
def change_report_state(actor, report, state: str) -> Report:
    services._require(actor, "manage_reports")
    if state not in REPORT_STATES:
        raise ValidationFailed(f"state: must be one of {', '.join(REPORT_STATES)}")
    if state == "open":
        if report.action_taken_at is not None:
            services.reopen(actor, report)
        ClosedReport.objects.filter(report=report).delete()
    else:
        if report.action_taken_at is None:
            services.resolve(actor, report)
        if state == "closed":
            ClosedReport.objects.get_or_create(report=report)
        else:
            ClosedReport.objects.filter(report=report).delete()
    return services.find_report(report.id)


@transaction.atomic
def add_report_note(actor, report, content: str) -> ReportNote:
    services._require(actor, "manage_reports")
    content = (content or "").strip()
    if not content or len(content) > 5000:
        raise ValidationFailed("content: give a note of 1 to 5000 characters")
    note = ReportNote.objects.create(report=report, account=actor, content=content)
    record(actor, "create", note, f"note on report #{report.pk}")
    return note


@transaction.atomic
def delete_report_note(actor, note) -> None:
    services._require(actor, "manage_reports")
    record(actor, "destroy", note, f"note on report #{note.report_id}")
    note.delete()


# --- Statuses ---------------------------------------------------------------------------------

def list_statuses(*, local_only=False, with_private=False, with_reblogs=False, account=None, domain=None):
    """Pleroma's admin status list: public and unlisted ones (private and direct with
    with_private; never direct messages of others here, as Pleroma's godmode is off), newest first."""
    visibilities = [Visibility.PUBLIC, Visibility.UNLISTED]
    if with_private:
        visibilities.append(Visibility.PRIVATE)
    queryset = Status.objects.filter(visibility__in=visibilities).order_by("-id")
    if not with_reblogs:
        queryset = queryset.filter(reblog_of__isnull=True)
    if local_only:
        queryset = queryset.filter(local=True)
    if account is not None:
        queryset = queryset.filter(account=account)
    if domain is not None:
        queryset = queryset.filter(account__domain__iexact=domain)
    return queryset


@transaction.atomic
def update_status(actor, status, *, sensitive=None, visibility=None) -> Status:
    services._require(actor, "manage_reports")
    changes = {}
    if visibility is not None:
        if visibility not in (Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE, Visibility.DIRECT):
            raise ValidationFailed("visibility: must be public, unlisted, private or direct")
        changes["visibility"] = visibility
    if sensitive is not None:
        changes["sensitive"] = sensitive
    if changes:
        Status.objects.filter(pk=status.pk).update(**changes)
        for name, value in changes.items():
            setattr(status, name, value)
        record(actor, "update", status, f"status {status.pk}: " + ", ".join(f"{k}={v}" for k, v in changes.items()))
    return status


@transaction.atomic
def delete_status(actor, status) -> None:
    from statuses.services.removal import remove_status

    services._require(actor, "manage_reports")
    record(actor, "destroy", status, f"status {status.pk} of {status.account.acct}")
    remove_status(status, delete_media=True)


# --- Invites ----------------------------------------------------------------------------------

@transaction.atomic
def create_invite(actor, *, max_use=None, expires_at=None) -> Invite:
    services._require(actor, "manage_invites")
    if max_use is not None and max_use < 1:
        raise ValidationFailed("max_use: must be 1 or more")
    expires = None
    if expires_at is not None:
        expires = timezone.make_aware(datetime.combine(expires_at, time.max)) if not isinstance(
            expires_at, datetime) else expires_at
    invite = invite_service.create_invite(actor, max_uses=max_use, expires_at=expires)
    record(actor, "create", invite, f"invite {invite.token[:8]}…")
    return invite


@transaction.atomic
def revoke_invite(actor, token: str) -> Invite:
    services._require(actor, "manage_invites")
    invite = Invite.objects.filter(token=(token or "").strip()).first()
    if invite is None:
        raise NotFound()
    invite_service.revoke_invite(invite)
    record(actor, "destroy", invite, f"invite {invite.token[:8]}…")
    return invite


def email_invite(actor, email: str, name: str | None = None) -> Invite:
    """A single-use invite sent by e-mail; refused while registrations are open (no need)."""
    from django.core.validators import validate_email
    from django.core.exceptions import ValidationError

    services._require(actor, "manage_invites")
    try:
        validate_email(email or "")
    except ValidationError:
        raise ValidationFailed("email: is not a valid address") from None
    if SiteSettings.load().registrations_mode == "open":
        raise ValidationFailed("To send invitation you need to set `invites_enabled` option to true.")
    invite = create_invite(actor, max_use=1)
    site = SiteSettings.load()
    link = f"{settings.SITE_URL}/auth/sign_up?invite_code={invite.token}"
    greeting = f"Hello {name}," if name else "Hello,"
    transaction.on_commit(lambda: send_mail(
        f"You are invited to {site.title}", f"{greeting}\n\nYou are invited to join {site.title}: {link}\n",
        None, [email], fail_silently=True))
    return invite


# --- OAuth applications ----------------------------------------------------------------------

def _app_values(errors, *, name=None, redirect_uris=None, scopes=None, website=None, creating=False):
    from fedi import scopes as scope_model

    values = {}
    if name is not None or creating:
        name = (name or "").strip()
        if not name or len(name) > 255:
            errors.add("name", "ERR_BLANK" if not name else "ERR_TOO_LONG")
        values["name"] = name
    if redirect_uris is not None or creating:
        uris = (redirect_uris or "").split()
        if not uris:
            errors.add("redirect_uris", "ERR_BLANK")
        values["redirect_uris"] = " ".join(uris)
    if scopes is not None:
        names = scopes if isinstance(scopes, list) else str(scopes).split()
        if not names or any(name not in scope_model.ALL_SCOPES for name in names):
            errors.add("scopes", "ERR_INVALID")
        values["scopes"] = " ".join(names)
    elif creating:
        values["scopes"] = "read"
    if website is not None:
        values["website"] = website.strip() or None
    return values


@transaction.atomic
def create_app(actor, **fields):
    from oauth.models import Application

    services._require(actor, "manage_settings")
    errors = ValidationFailed()
    values = _app_values(errors, creating=True, **fields)
    errors.raise_if_any()
    app = Application.objects.create(client_type=Application.CLIENT_CONFIDENTIAL,
                                     authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, **values)
    record(actor, "create", app, f"application {app.name}")
    return app


@transaction.atomic
def update_app(actor, app, **fields):
    services._require(actor, "manage_settings")
    errors = ValidationFailed()
    values = _app_values(errors, **fields)
    errors.raise_if_any()
    for name, value in values.items():
        setattr(app, name, value)
    app.save()
    record(actor, "update", app, f"application {app.name}")
    return app


@transaction.atomic
def delete_app(actor, app) -> None:
    services._require(actor, "manage_settings")
    record(actor, "destroy", app, f"application {app.name}")
    app.delete()


# --- Instance settings -----------------------------------------------------------------------

@transaction.atomic
def update_site_settings(actor, **values) -> SiteSettings:
    """Changes the instance settings (already validated by the caller's field rules)."""
    services._require(actor, "manage_settings")
    site = SiteSettings.load()
    changed = [name for name, value in values.items() if getattr(site, name) != value]
    for name in changed:
        setattr(site, name, values[name])
    if changed:
        site.full_clean()
        site.save()
        record(actor, "update", site, "settings: " + ", ".join(changed))
    return site


# --- Announcements ---------------------------------------------------------------------------

def _announcement_values(errors, *, content=None, starts_at=None, ends_at=None, all_day=None, creating=False):
    values = {}
    if content is not None or creating:
        content = (content or "").strip()
        if not content:
            errors.add("content", "ERR_BLANK")
        elif len(content) > 10000:
            errors.add("content", "ERR_TOO_LONG")
        values["text"] = content
    if starts_at is not None:
        values["starts_at"] = starts_at
    if ends_at is not None:
        values["ends_at"] = ends_at
    if all_day is not None:
        values["all_day"] = all_day
    return values


@transaction.atomic
def create_announcement(actor, **fields):
    """Pleroma's announcements are published once created."""
    from announcements.models import Announcement
    from announcements.services import save_announcement

    services._require(actor, "manage_announcements")
    errors = ValidationFailed()
    values = _announcement_values(errors, creating=True, **fields)
    errors.raise_if_any()
    announcement = save_announcement(Announcement(published=True, **values))
    if announcement.starts_at and announcement.ends_at and announcement.ends_at < announcement.starts_at:
        raise ValidationFailed("ends_at: is before starts_at")
    record(actor, "create", announcement, announcement.text[:100])
    return announcement


@transaction.atomic
def update_announcement(actor, announcement, **fields):
    from announcements.services import save_announcement

    services._require(actor, "manage_announcements")
    errors = ValidationFailed()
    values = _announcement_values(errors, **fields)
    errors.raise_if_any()
    for name, value in values.items():
        setattr(announcement, name, value)
    if announcement.starts_at and announcement.ends_at and announcement.ends_at < announcement.starts_at:
        raise ValidationFailed("ends_at: is before starts_at")
    save_announcement(announcement)
    record(actor, "update", announcement, announcement.text[:100])
    return announcement


@transaction.atomic
def delete_announcement(actor, announcement) -> None:
    from announcements.services import delete_announcement as delete

    services._require(actor, "manage_announcements")
    record(actor, "destroy", announcement, announcement.text[:100])
    delete(announcement)
