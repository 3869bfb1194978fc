"""Signing in to the web pages (the sign-in form the OAuth authorization flow relies on)."""
from django.contrib.auth import authenticate, login
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from fedi.auth import note_activity

BAD_CREDENTIALS = "Invalid e-mail address, username or password."
DISABLED = "Your account has been disabled."


def sign_in(request, login_name, password):
    """Signs a user in to the session. Returns (user, None) or (None, an error message)."""
    login_name = (login_name or "").strip()
    if not login_name or not password or "\x00" in login_name:  # NUL: PostgreSQL refuses the query
        return None, BAD_CREDENTIALS
    user = authenticate(request, username=login_name, password=password)
    if user is None:
        # The backend refuses disabled users like unknown ones; whoever knows the password
        # is told why, rather than being left to guess at a typo.
        return None, DISABLED if _is_disabled_user(login_name, password) else BAD_CREDENTIALS
    login(request, user)
    note_activity(user)
    return user, None


def _is_disabled_user(login_name, password):
    login_name = login_name.lstrip("@")
    users = User.objects.filter(disabled=True)
    if "@" in login_name:
        user = users.filter(email__iexact=login_name).first()
    else:
        user = users.filter(account__username__iexact=login_name, account__domain__isnull=True).first()
    return user is not None and user.check_password(password)


def safe_next(request, url, default):
    """The `next` URL when it stays on this site, else the default (no open redirects)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default
