"""What the Pleroma admin API does beyond the Mastodon admin API's services (admin_api.services):
users by nickname, permission groups, tags, suggestions, report states and notes, status
moderation, invites, OAuth apps and the instance settings. Every change is written to the
audit log (admin_api.audit.record) in the same transaction, as the other moderation services.

`actor` is the acting staff member's Account (None: the operator at the console)."""
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, Invite, User, UserRole
from accounts.roles import find_role
from accounts.serializers import MISSING_AVATAR, MISSING_HEADER, actor_type
from accounts.services import invites as invite_service
from accounts.services.confirmation import confirm, is_awaiting_confirmation, request_confirmation
from accounts.services.profile import POSTING_PRIVACIES, update_profile
from accounts.services.registration import check_email, check_new_user, check_password, normalize_email
from accounts.services.users import (create_local_user, disable_user, enable_user, password_reset_token,
                                     revoke_all_tokens, suspend_account)
from admin_api import services
from admin_api.audit import record
from admin_api.maintenance import purge_domains
from admin_api.models import AccountTag, ClosedReport, ReportNote, SuggestedAccount
from admin_api.permissions import may_grant
from announcements.models import Announcement
from announcements.services import delete_announcement as delete, save_announcement
from chats.models import Chat
from chats.services import delete_message
from fedi import scopes as scope_model
from fedi.errors import Forbidden, NotFound, ValidationFailed
from fedi.links import absolute, media
from fedi.params import Params, to_bool
from instance.models import Rule, SiteSettings
from oauth.models import Application
from pleroma_api.models import Backup
from pleroma_api.tasks import build_backup
from relationships import services as relationships
from relationships.domains import normalize_domain
from reports.models import Report
from statuses.models import Status, Visibility
from statuses.services.removal import remove_status

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


def for_each(actor, accounts, act, *, flags=("manage_users",), override=False, local=False) -> list:
    """Pleroma's bulk user actions (PATCH users/...{nicknames}): the rights are checked on
    every account before any is changed (the caller's transaction: one refusal changes
    none), then act(account) runs on each; returns what each returned.

    flags: the role permissions needed; override: the actor must outrank each (local) user;
    local: each must be a local user. flags=(): act checks the rights itself."""
    if flags:
        services._require(actor, *flags)
    for account in accounts:
        if override and (local or account.is_local):
            services._require_override(actor, account)
        if local:
            services._local_user(account)
    return [act(account) for account in accounts]


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
    def delete(account):
        if not account.is_suspended:
            suspend_account(account)
        record(actor, "destroy", account)
        Account.objects.filter(pk=account.pk).delete()
        return account.acct

    return for_each(actor, accounts, delete, flags=("delete_user_data",), override=True)


@transaction.atomic
def set_active(actor, account, active: bool) -> Account:
    """Pleroma's activate/deactivate: a local user is enabled/disabled (sign-in refused,
    tokens kept); a remote account is unsuspended/suspended."""
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
    names = [tag.strip() for tag in tags if isinstance(tag, str) and tag.strip()]
    if not names or any(len(name) > 255 for name in names):
        raise ValidationFailed("tags: give one or more tags of at most 255 characters")

    def tag(account):
        for name in names:
            if add:
                AccountTag.objects.get_or_create(account=account, name=name)
            else:
                AccountTag.objects.filter(account=account, name=name).delete()
        # The Account entity's pleroma.tags reads this copy (no query per rendered account).
        tags = sorted(AccountTag.objects.filter(account=account).values_list("name", flat=True))
        Account.objects.filter(pk=account.pk).update(moderation_tag_names=tags)
        account.moderation_tag_names = tags
        record(actor, "tag" if add else "untag", account, f"{account.acct}: {', '.join(names)}")

    for_each(actor, accounts, tag)


@transaction.atomic
def set_permission_group(actor, account, group: str, add: bool) -> Account:
    """admin ⇔ the Admin role, moderator ⇔ the Moderator role; granting follows Mastodon's rules
    (manage_roles, never above one's own role, never on an equal or higher role)."""
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
    def reset(account):
        user = account.user
        user.set_unusable_password()
        user.save(update_fields=["password"])
        revoke_all_tokens(user)
        record(actor, "reset_password", account)

    for_each(actor, accounts, reset, override=True, local=True)


@transaction.atomic
def confirm_emails(actor, accounts) -> None:
    def confirm_one(account):
        user = account.user
        if not user.is_confirmed or user.unconfirmed_email:
            confirm(user)
            record(actor, "confirm", account)

    for_each(actor, accounts, confirm_one, local=True)


@transaction.atomic
def resend_confirmations(actor, accounts) -> None:
    def resend(account):
        if is_awaiting_confirmation(account.user):
            request_confirmation(account.user)
            record(actor, "resend_confirmation", account)

    for_each(actor, accounts, resend, local=True)


@transaction.atomic
def follow_on_behalf(actor, follower, followed, follow: bool) -> None:
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
    services._require(actor, "manage_announcements")
    record(actor, "destroy", announcement, announcement.text[:100])
    delete(announcement)


# --- Credentials, password reset links, MFA, backups ------------------------------------------

# Pleroma's credential parameters (User.update_as_admin) -> this server's profile parameters
# (accounts.services.profile, the user's own update_credentials rules and limits).
CREDENTIAL_PARAMS = {"name": "display_name", "bio": "note", "is_locked": "locked", "locked": "locked",
                     "is_discoverable": "discoverable", "discoverable": "discoverable", "actor_type": "actor_type",
                     **{name: name for name in ("hide_followers", "hide_follows", "hide_followers_count",
                                                "hide_follows_count", "hide_favorites", "skip_thread_containment",
                                                "accepts_chat_messages", "no_rich_text")}}


@transaction.atomic
def update_credentials(actor, account, values: dict) -> Account:
    """Pleroma's PATCH /users/:nickname/credentials: profile fields, e-mail, default scope
    and a new password (the user's sessions then end, as Pleroma's forced reset)."""
    services._require(actor, "manage_user_access")  # Mastodon's right to change e-mails and passwords
    services._require_override(actor, account)
    user = services._local_user(account)
    if not isinstance(values, dict):
        raise ValidationFailed("give the fields to change")
    errors = ValidationFailed()
    email = password = privacy = None
    if values.get("email") not in (None, ""):
        email = normalize_email(str(values["email"]))
        check_email(errors, email, except_user=user)
    if values.get("password") not in (None, ""):
        password = str(values["password"])
        check_password(errors, password)
    if values.get("default_scope") not in (None, ""):
        privacy = str(values["default_scope"])
        if privacy not in POSTING_PRIVACIES:
            errors.add("default_scope", "ERR_INCLUSION", "must be one of public, unlisted or private")
    if values.get("show_role") is not None and not isinstance(values["show_role"], (bool, str)):
        errors.add("show_role", "ERR_INVALID", "must be a boolean")
    errors.raise_if_any()
    profile = {ours: values[theirs] for theirs, ours in CREDENTIAL_PARAMS.items() if theirs in values}
    account = update_profile(account, Params(profile))
    user = User.objects.get(pk=user.pk)
    fields = []
    if email is not None and email != user.email:
        user.email, user.unconfirmed_email = email, ""
        fields += ["email", "unconfirmed_email"]
    if privacy is not None:
        user.default_privacy = privacy
        fields.append("default_privacy")
    if values.get("show_role") is not None:
        user.settings = {**(user.settings or {}), "show_role": bool(to_bool(values["show_role"]))}
        fields.append("settings")
    if password is not None:
        user.set_password(password)
        fields.append("password")
    if fields:
        user.save(update_fields=fields)
    if password is not None:
        revoke_all_tokens(user)
        record(actor, "reset_password", account)
    record(actor, "update", account, f"{account.acct}: credentials")
    return services.find_account(account.id)


def credentials_json(account) -> dict:
    """Pleroma's AdminAPI AccountView credentials.json."""
    user = services._local_user(account)
    settings_ = user.settings or {}
    return {
        "id": str(account.id), "nickname": account.username, "name": account.display_name, "bio": account.note,
        "email": user.email, "fields": [{"name": item.get("name", ""), "value": item.get("value", "")}
                                        for item in account.fields or []],
        "raw_fields": [{"name": item.get("name", ""), "value": item.get("value", "")}
                       for item in account.fields or []],
        "is_locked": account.locked, "no_rich_text": bool(settings_.get("no_rich_text", False)),
        "default_scope": user.default_privacy, "hide_follows": account.hide_follows,
        "hide_followers": account.hide_followers, "hide_followers_count": account.hide_followers_count,
        "hide_follows_count": account.hide_follows_count, "hide_favorites": account.hide_favorites,
        "allow_following_move": True, "show_role": bool(settings_.get("show_role", True)),
        "skip_thread_containment": account.skip_thread_containment,
        "pleroma_settings_store": dict(settings_.get("pleroma_settings_store", {})),
        "is_discoverable": bool(account.discoverable), "actor_type": actor_type(account),
        "avatar": media(account.avatar, MISSING_AVATAR), "banner": media(account.header, MISSING_HEADER),
        "background": None,
    }


@transaction.atomic
def password_reset_link(actor, account) -> dict:
    """Pleroma's GET /users/:nickname/password_reset: a link the user sets a new password with."""
    services._require(actor, "manage_user_access")
    services._require_override(actor, account)
    user = services._local_user(account)
    token = password_reset_token(user)
    record(actor, "password_reset_link", account)
    return {"token": token, "link": absolute(f"/auth/password/edit?reset_password_token={token}")}


def disable_mfa(actor, account) -> str:
    """Pleroma's PUT /users/disable_mfa: nobody has a second factor here (sign-in is by
    password only), so there is nothing to turn off; the nickname answers, as Pleroma's."""
    services._require(actor, "manage_user_access")
    services._require_override(actor, account)
    services._local_user(account)
    return account.username


@transaction.atomic
def create_backup(actor, account):
    """Pleroma's POST /backups: a backup of the user's data, built by the same Celery task as
    the user's own (pleroma_api.services_backups); staff are not held to the user's one a day."""
    services._require(actor, "manage_user_access")
    services._local_user(account)
    backup = Backup.objects.create(account=account)
    transaction.on_commit(lambda: build_backup.delay(backup.id))
    record(actor, "create_backup", account)
    return backup


# --- Chats ------------------------------------------------------------------------------------

def find_chat(chat_id):
    text = str(chat_id)
    chat = (Chat.objects.select_related("account", "recipient").filter(pk=int(text)).first()
            if text.isdigit() and int(text) < 2 ** 63 else None)
    if chat is None:
        raise NotFound()
    return chat


def user_chats(account):
    """Every chat of the user (blocked and muted ones too: staff see them all), newest first."""
    return Chat.objects.filter(account=account).select_related("account", "recipient").order_by("-updated_at", "-id")


@transaction.atomic
def delete_chat_message(actor, chat, message):
    """Staff delete a message for both sides (as its sender would), whichever side's chat
    they found it in."""
    services._require(actor, "manage_reports")
    sender_chat = Chat.objects.filter(account_id=message.sender_id, recipient_id=message.recipient_id).first()
    record(actor, "chat_message_delete", message, f"message {message.pk} of chat {chat.pk}")
    delete_message(sender_chat or Chat(id=chat.id, account_id=message.sender_id, recipient_id=message.recipient_id),
                   message)


# --- Rules, remote instances ------------------------------------------------------------------

def _rule_values(errors, *, text=None, hint=None, priority=None, creating=False):
    values = {}
    if text is not None or creating:
        text = (text or "").strip()
        if not text:
            errors.add("text", "ERR_BLANK")
        elif len(text) > 1000:
            errors.add("text", "ERR_TOO_LONG", "is too long (maximum is 1000 characters)")
        values["text"] = text
    if hint is not None:
        if len(hint) > 1000:
            errors.add("hint", "ERR_TOO_LONG", "is too long (maximum is 1000 characters)")
        values["hint"] = hint.strip()
    if priority is not None:
        values["position"] = priority
    return values


@transaction.atomic
def save_rule(actor, rule=None, **fields):
    """Pleroma's admin rules are the instance rules (its `priority` is their position)."""
    services._require(actor, "manage_rules")
    errors = ValidationFailed()
    values = _rule_values(errors, creating=rule is None, **fields)
    errors.raise_if_any()
    rule = rule or Rule()
    for name, value in values.items():
        setattr(rule, name, value)
    creating = rule.pk is None
    rule.save()
    record(actor, "create" if creating else "update", rule, rule.text[:100])
    return rule


@transaction.atomic
def delete_rule(actor, rule) -> None:
    services._require(actor, "manage_rules")
    record(actor, "destroy", rule, rule.text[:100])
    rule.delete()


def delete_instance(actor, domain: str) -> int:
    """Pleroma's DELETE /instances/:instance: every account of that remote domain (and its
    subdomains) deleted with its statuses, a batch per transaction (as `domains purge`)."""
    services._require(actor, "delete_user_data")
    name = normalize_domain(domain)
    if name.lower() == settings.LOCAL_DOMAIN.lower():
        raise ValidationFailed("instance: this server's own accounts are not deleted this way")
    deleted = purge_domains([name])
    record(actor, "delete_instance", Instance(name), f"{name}: {deleted} account(s) deleted")
    return deleted


class Instance:
    """A remote server as the audit log names it (no row of its own: target type Instance)."""

    pk = None

    def __init__(self, domain):
        self.domain = domain
