"""Sign in with an e-mail address or a username (password grant, sign-in page, admin).

Every password check here is rate-limited (fedi.ratelimit.SignInAttempt): per client IP and
per account, whichever path called authenticate()."""
from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from fedi.ratelimit import SignInAttempt


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        login = (username or email or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not login or password is None:
            return None
        query = User.objects.select_related("account", "role")
        if "@" in login.lstrip("@"):
            user = query.filter(email__iexact=login).first()
        else:
            user = query.filter(account__username__iexact=login.lstrip("@"), account__domain__isnull=True).first()
        # Raises TooManyRequests (429) before the password is looked at when over a limit.
        attempt = SignInAttempt(request, user.pk if user else login.lstrip("@"))
        if user is None:
            User().set_password(password)  # same time spent whether or not the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            attempt.succeeded()
            return user
        return None

    def get_user(self, user_id):
        user = User.objects.select_related("account", "role").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
