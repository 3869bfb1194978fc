"""Signing up (POST /api/v1/accounts) and the validation rules that the operator CLI shares.

Mastodon's rules and wording (app/models/account.rb, user.rb, Devise): every problem is
collected into one ValidationFailed, so the client sees them all at once.
"""
import re
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model
from oauth2_provider.settings import oauth2_settings

from accounts import signals
from accounts.locales import DEFAULT_LOCALE, normalize_locale
from accounts.models import Account, User
from accounts.services import blocks, invites
from accounts.services.users import create_local_user
from fedi.errors import Forbidden, ValidationFailed
from instance.models import SiteSettings

USERNAME_PATTERN = re.compile(r"^[a-z0-9_]+$", re.IGNORECASE)
USERNAME_MAX_LENGTH = 30
EMAIL_MAX_LENGTH = 255
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 72  # bcrypt's limit, which Mastodon keeps
REASON_MAX_LENGTH = 420

# Mastodon's default reserved usernames, and the first path segments of our own routes.
RESERVED_USERNAMES = {
    "admin", "administrator", "help", "mod", "moderator", "root", "support", "webmaster",
    "about", "actor", "api", "auth", "explore", "health", "inbox", "instance", "media", "nodeinfo", "oauth",
    "settings", "static", "streaming", "system", "users",
}

# Rails' wording, as Mastodon answers
TAKEN = "has already been taken"
INVALID_USERNAME = "must contain only letters, numbers and underscores"


def too_long(maximum):
    return f"is too long (maximum is {maximum} characters)"


def too_short(minimum):
    return f"is too short (minimum is {minimum} characters)"


def normalize_email(email):
    # Devise's case_insensitive_keys and strip_whitespace_keys for :email
    return (email or "").strip().lower()


def username_is_taken(username):
    return Account.objects.filter(username__iexact=username, domain__isnull=True).exists()


def email_is_taken(email, except_user=None):
    others = User.objects.exclude(pk=except_user.pk) if except_user is not None else User.objects.all()
    return others.filter(email__iexact=email).exists()


def check_username(errors, username, *, allow_reserved=False):
    if not username:
        errors.add("username", "ERR_BLANK")
        return
    if not USERNAME_PATTERN.match(username):
        errors.add("username", "ERR_INVALID", INVALID_USERNAME)
    if len(username) > USERNAME_MAX_LENGTH:
        errors.add("username", "ERR_TOO_LONG", too_long(USERNAME_MAX_LENGTH))
    if not allow_reserved and username.lower() in RESERVED_USERNAMES:
        errors.add("username", "ERR_RESERVED", "is reserved")
    if USERNAME_PATTERN.match(username) and username_is_taken(username):
        errors.add("username", "ERR_TAKEN", TAKEN)


def check_email(errors, email, *, except_user=None):
    """`email` as normalize_email() gives it."""
    if not email:
        errors.add("email", "ERR_BLANK")
        return
    if len(email) > EMAIL_MAX_LENGTH:
        errors.add("email", "ERR_TOO_LONG", too_long(EMAIL_MAX_LENGTH))
        return
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", "ERR_INVALID")
        return
    if email_is_taken(email, except_user):
        errors.add("email", "ERR_TAKEN", TAKEN)


def check_password(errors, password):
    if not password:
        errors.add("password", "ERR_BLANK")
    elif len(password) < PASSWORD_MIN_LENGTH:
        errors.add("password", "ERR_TOO_SHORT", too_short(PASSWORD_MIN_LENGTH))
    elif len(password) > PASSWORD_MAX_LENGTH:
        errors.add("password", "ERR_TOO_LONG", too_long(PASSWORD_MAX_LENGTH))


def check_date_of_birth(errors, value, min_age):
    """Mastodon's DateOfBirthValidator: required while the server has a minimum age."""
    if not min_age:
        return
    if not value:
        errors.add("date_of_birth", "ERR_BLANK")
        return
    try:
        born = date.fromisoformat(value.strip())
    except ValueError:
        errors.add("date_of_birth", "ERR_INVALID")
        return
    today = timezone.now().date()
    try:
        limit = today.replace(year=today.year - min_age)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - min_age, day=28)
    if born > limit:
        errors.add("date_of_birth", "ERR_BELOW_LIMIT", "is below the age limit")


def check_new_user(errors, username, email, password, *, allow_reserved=False):
    """The rules every new local user meets, whoever creates it (sign-up, operator)."""
    check_username(errors, username, allow_reserved=allow_reserved)
    check_email(errors, email)
    check_password(errors, password)


def issue_token(user, application, scope):
    """A new access token for a user, for the app that signed them up; (row, raw token)."""
    raw = secrets.token_urlsafe(32)
    token = get_access_token_model().objects.create(
        user=user, application=application, token=raw, scope=scope,
        expires=timezone.now() + timedelta(seconds=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS))
    return token, raw


def _notify_staff_after_commit(account):
    """admin.sign_up notifications to the staff who manage users (notifications.receivers)."""
    transaction.on_commit(lambda: signals.signed_up.send(sender=Account, account=account))


def sign_up(*, application, scope, username, email, password, agreement, locale=None, reason=None,
            date_of_birth=None, ip=None, invite_code=None):
    """Creates an unconfirmed user through an app, queues the confirmation e-mail and returns
    (user, access token row, raw token). Raises Forbidden when registrations are closed and
    ValidationFailed with every problem found."""
    from accounts.services.confirmation import send_confirmation_after_commit  # a cycle: confirmation imports this module


    site = SiteSettings.load()
    # A valid invitation opens closed registrations and skips approval (as on Mastodon and
    # Pleroma); an IP block still applies.
    invite = invites.usable_invite(invite_code)
    if invite_code and invite is None:
        raise ValidationFailed().add("invite_code", "ERR_INVALID", invites.INVALID_INVITE)
    if (site.registrations_mode == "none" and invite is None) or blocks.sign_up_blocked_for_ip(ip):
        raise Forbidden()
    username = (username or "").strip()
    email = normalize_email(email)
    reason = (reason or "").strip()

    errors = ValidationFailed()
    check_new_user(errors, username, email, password)
    # One look-up of the domain's blocks (and mail servers) for both verdicts.
    email_verdict = blocks.email_domain_verdict(email, check_mx=True) if email else None
    if email and (email_verdict == "blocked" or blocks.canonical_email_blocks_matching(email).exists()):
        blocks.count_blocked_attempt(email, ip)
        errors.add("email", "ERR_BLOCKED", blocks.EMAIL_BLOCKED)
    if not agreement:
        errors.add("agreement", "ERR_ACCEPTED", "must be accepted")
    normalized_locale = DEFAULT_LOCALE
    if locale:
        normalized_locale = normalize_locale(locale)
        if normalized_locale is None:
            errors.add("locale", "ERR_INCLUSION", "is not included in the list")
    needs_approval = invite is None and (site.registrations_mode == "approved" or email_verdict == "approval"
                                         or blocks.sign_up_needs_approval_for_ip(ip))
    if needs_approval and site.require_invite_text and not reason:
        errors.add("reason", "ERR_BLANK")
    if len(reason) > REASON_MAX_LENGTH:
        errors.add("reason", "ERR_TOO_LONG", too_long(REASON_MAX_LENGTH))
    elif "\x00" in reason:  # PostgreSQL cannot store it (the other fields' rules exclude it)
        errors.add("reason", "ERR_INVALID")
    check_date_of_birth(errors, date_of_birth, site.min_age)
    errors.raise_if_any()

    try:
        with transaction.atomic():
            used = invites.use_invite(invite_code) if invite is not None else None
            user = create_local_user(username, email, password, confirmed=False, approved=not needs_approval,
                                     locale=normalized_locale, reason=reason, application=application,
                                     sign_up_ip=ip, invite=used)
            token, raw = issue_token(user, application, scope)
            send_confirmation_after_commit(user)
            _notify_staff_after_commit(user.account)
    except IntegrityError:
        # Someone took the username or e-mail between our checks and the insert.
        if username_is_taken(username):
            errors.add("username", "ERR_TAKEN", TAKEN)
        if email_is_taken(email):
            errors.add("email", "ERR_TAKEN", TAKEN)
        errors.raise_if_any()
        raise
    return user, token, raw
