"""Editing one's own profile and account: update_credentials, profile images, preferences,
and Pleroma's change_password / change_email / delete_account (GET/PATCH /api/v1/profile is
tags.views_profile: the Profile entity lists the featured tags)."""
from rest_framework.response import Response

from accounts.serializers import CredentialAccountSerializer, PreferencesSerializer
from accounts.services import profile
from accounts.views import own_account
from fedi.api import Access, ApiView

SUCCESS = {"status": "success"}


def _own_account(request):
    return own_account(request.user)


class UpdateCredentialsView(ApiView):
    access = {"PATCH": Access.user("write:accounts")}

    def patch(self, request):
        account = profile.update_profile(_own_account(request), self.params, profile.CREDENTIALS_PARAMS)
        return Response(CredentialAccountSerializer.render(_own_account(request), viewer=account))


class ProfileImageView(ApiView):
    """DELETE /api/v1/profile/avatar and /header."""

    access = {"DELETE": Access.user("write:accounts")}
    kind = None  # "avatar" or "header"

    def delete(self, request):
        profile.delete_image(_own_account(request), self.kind)
        account = _own_account(request)
        return Response(CredentialAccountSerializer.render(account, viewer=account))


class PreferencesView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        return Response(PreferencesSerializer.render(request.user))


class ChangePasswordView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request):
        profile.change_password(request.user, self.params.str("password"), self.params.str("new_password"),
                                self.params.str("new_password_confirmation"))
        return Response(SUCCESS)


class ChangeEmailView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request):
        profile.change_email(request.user, self.params.str("password"), self.params.str("email"))
        return Response(SUCCESS)


class DeleteAccountView(ApiView):
    # Pleroma moved this from POST to DELETE; clients use both.
    access = {"DELETE": Access.user("write:accounts"), "POST": Access.user("write:accounts")}

    def delete(self, request):
        profile.delete_account(request.user, self.params.str("password"))
        return Response(SUCCESS)

    post = delete
