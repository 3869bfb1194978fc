"""Creating local users: the one place shared by sign-up, the operator CLI and tests."""
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import Account, User
from accounts.roles import find_role


def generate_password():
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_local_user(username, email, password=None, *, confirmed=False, approved=True, role=None,
                      locale="en", reason="", application=None, sign_up_ip=None, display_name=""):
    """A local Account and its User. `role` is a UserRole or a role name. Validation is the
    caller's (see accounts.services.registration)."""
    if isinstance(role, str):
        name, role = role, find_role(role)
        if role is None:
            raise ValueError(f"No role named {name!r}")
    account = Account.objects.create(username=username, domain=None, display_name=display_name)
    user = User(email=email, account=account, role=role, locale=locale or "en", approved=approved,
                sign_up_reason=reason or "", created_by_application=application, sign_up_ip=sign_up_ip)
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
