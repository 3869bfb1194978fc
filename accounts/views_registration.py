"""Confirming the e-mail address after signing up (the sign-up itself, which hands out a
token, is oauth.views_registration)."""
from django.shortcuts import render
from django.views.decorators.http import require_GET
from rest_framework.response import Response

from accounts.services import confirmation
from fedi.api import Access, ApiView
from fedi.errors import Forbidden, UserRequired
from instance.models import SiteSettings


class EmailConfirmationsView(ApiView):
    """POST /api/v1/emails/confirmations: sends the confirmation e-mail again (maybe elsewhere).
    Access.app(pending=True): the unconfirmed user's token would not pass Access.user.
    Mastodon asks for write / write:accounts (the spec lists no scope)."""

    access = {"POST": Access.app("write:accounts", pending=True)}

    def post(self, request):
        user = self.token.user  # None for an app token, which (as in Mastodon) owns no user either
        if user is None or user.created_by_application_id != self.token.application_id:
            raise Forbidden("This method is only available to the application the user originally signed-up with")
        if not confirmation.is_awaiting_confirmation(user):
            raise Forbidden("This method is only available while the e-mail is awaiting confirmation")
        new_email = self.params.str("email") if self.params.given("email") else None
        confirmation.request_confirmation(user, new_email)
        return Response({})


class CheckConfirmationView(ApiView):
    """GET /api/v1/emails/check_confirmation: whether the user has confirmed their address yet.
    (Access.app(pending=True): an unconfirmed user's token would not pass Access.user;
    read / read:accounts as in Mastodon.)"""

    access = {"GET": Access.app("read:accounts", pending=True)}

    def get(self, request):
        if self.token.user_id is None:
            raise UserRequired()
        return Response(self.token.user.is_confirmed)


@require_GET
def confirmation_page(request):
    """GET /auth/confirmation?confirmation_token=...: the link in the confirmation e-mail."""
    user = confirmation.confirm_with_token(request.GET.get("confirmation_token", ""))
    context = {"site_name": SiteSettings.load().title}
    if user is None:
        return render(request, "accounts/confirmation_invalid.html", context, status=404)
    context.update(email=user.email, username=user.account.username, awaiting_approval=not user.approved)
    return render(request, "accounts/confirmation_done.html", context)
