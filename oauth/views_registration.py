"""Signing up through an app (POST /api/v1/accounts): a new user and a token for it, so
here, above accounts, with the tokens."""
from rest_framework.response import Response

from accounts import views as accounts_views
from accounts.services import profile, registration
from fedi.api import Access
from fedi.params import Params
from fedi.ratelimit import client_ip
from oauth.serializers import TokenSerializer


class AccountsView(accounts_views.AccountsView):
    """/api/v1/accounts: GET the accounts of id[] (accounts.views.AccountsView); POST signs up:
    a new unconfirmed user, and a token for it in the calling app."""

    access = {**accounts_views.AccountsView.access, "POST": Access.app("write:accounts")}

    def post(self, request):
        params = self.params
        # Pleroma's fullname, bio and birthday: the new profile's display name, note and
        # birthday, validated before the account is made and applied once it is.
        pleroma_profile = Params({name: params.raw(pleroma) for pleroma, name in
                                  (("fullname", "display_name"), ("bio", "note"), ("birthday", "birthday"))
                                  if params.given(pleroma)})
        if pleroma_profile.data:
            profile.read_changes(pleroma_profile, set(pleroma_profile.data))
        user, token, raw = registration.sign_up(
            application=self.token.application,
            scope=self.token.application.scopes,  # as Mastodon: the app's scopes
            username=params.str("username"),
            email=params.str("email"),
            password=params.str("password"),
            agreement=params.bool("agreement", False),
            locale=params.str("locale"),
            reason=params.str("reason"),
            date_of_birth=params.str("date_of_birth"),
            ip=client_ip(request),
            # Mastodon's invite_code; Pleroma's clients send `token`
            invite_code=params.str("invite_code") or params.str("token"),
        )
        if pleroma_profile.data:
            profile.update_profile(user.account, pleroma_profile, accepted=set(pleroma_profile.data))
        return Response(TokenSerializer.render(token, raw_token=raw))
