"""The HTML page that links to accounts lead to: the profile page (/@username, every
account's `url`)."""
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.search import local_account
from accounts.serializers import AccountSerializer
from instance.services import site_settings


def _page(request, template, context, status=200):
    return render(request, template, {"site_name": site_settings().title, **context}, status=status)


def not_found_page(request, message):
    return _page(request, "accounts/not_found.html", {"message": message}, status=404)


@require_safe
def profile(request, username):
    """GET /@username: who the account is. Its posts are read in a client."""
    account = local_account(username)
    if account is None or account.is_suspended:
        return not_found_page(request, "This account does not exist or is no longer available.")
    return _page(request, "accounts/profile.html", {"account": account, "domain": settings.LOCAL_DOMAIN,
                                                     "rendered": AccountSerializer.render(account)})
