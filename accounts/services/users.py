"""Creating local users: the one place shared by sign-up, the operator CLI and tests."""
import secrets
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model

from accounts import signals
from accounts.models import Account, User, UserRole
from accounts.roles import find_role


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_local_user(username: str, email: str, password: str | None = None, *, confirmed: bool = False,
                      approved: bool = True, role: UserRole | str | None = None, locale: str = "en",
                      reason: str = "", application: Any = None, sign_up_ip: str | None = None,
                      display_name: str = "", invite: Any = None) -> User:
    """A local Account and its User. `role` is a UserRole or a role name. Validation is the
    caller's (see accounts.services.registration)."""
    found = find_role(role) if isinstance(role, str) else role
    if found is None and role is not None:
        raise ValueError(f"No role named {role!r}")
    account = Account.objects.create(username=username, domain=None, display_name=display_name)
    user = User(email=email, account=account, role=found, locale=locale or "en", approved=approved,
                sign_up_reason=reason or "", created_by_application=application, sign_up_ip=sign_up_ip,
                invite=invite)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    if confirmed:
        user.confirmed_at = timezone.now()
    else:
        user.new_confirmation_token()
    user.save()
    return user


# --- Taking access away -------------------------------------------------------------------
# The admin API, the Django admin, `manage.py accounts` and deleting one's own account all
# come here, so each way of refusing a user has the same effects.

def revoke_all_tokens(user: User) -> None:
    """Every token, refresh token and unexchanged code of the user deleted. Each deleted
    access token closes its streaming connections (streaming.apps' post_delete receiver)."""
    get_refresh_token_model().objects.filter(user=user).delete()
    get_access_token_model().objects.filter(user=user).delete()
    get_grant_model().objects.filter(user=user).delete()


def disable_user(user: User) -> None:
    """Mastodon's User#disable!: the login refused, the tokens kept (enabling gives them
    back) but refused everywhere meanwhile (fedi.auth), and open streams closed (the
    access_lost signal: streaming.receivers)."""
    User.objects.filter(pk=user.pk).update(disabled=True)
    user.disabled = True
    signals.access_lost.send(sender=User, account_id=user.account_id)


def enable_user(user: User) -> None:
    User.objects.filter(pk=user.pk).update(disabled=False)
    user.disabled = False


def suspend_account(account: Account) -> None:
    """The account suspended (a no-op when it already is); a local one's user loses every
    token, and its open streams close."""
    if account.suspended_at is None:
        now = timezone.now()
        Account.objects.filter(pk=account.pk, suspended_at__isnull=True).update(suspended_at=now)
        account.suspended_at = now
    user = User.objects.filter(account_id=account.pk).first() if account.domain is None else None
    if user is not None:
        revoke_all_tokens(user)
        signals.access_lost.send(sender=Account, account_id=account.pk)


# --- Password reset links -------------------------------------------------------------------
# Django's stateless tokens: a token stops working once the password changes (or the user
# signs in), so a link is good for one reset; PASSWORD_RESET_TIMEOUT bounds its age.

def password_reset_token(user: User) -> str:
    return f"{user.pk}-{default_token_generator.make_token(user)}"


def user_for_reset_token(token: str) -> User | None:
    user_id, _, secret = (token or "").partition("-")
    if not user_id.isdigit() or not secret or int(user_id) >= 2 ** 63:
        return None
    user = User.objects.select_related("account").filter(pk=int(user_id)).first()
    if user is None or not default_token_generator.check_token(user, secret):
        return None
    return user
