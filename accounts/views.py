"""Reading accounts: the signed-in user's own, one or many by id, one by handle (search and
follow suggestions are in relationships: they hide what the viewer blocks and mutes)."""
from django.conf import settings
from rest_framework.response import Response

from accounts.models import Account
from accounts.search import accounts_by_ids, find_by_handle, findable_accounts, with_profiles
from accounts.serializers import AccountSerializer, CredentialAccountSerializer
from accounts.signals import account_relationships
from fedi.api import Access, ApiView
from fedi.errors import NotFound, ValidationFailed
from fedi.params import is_id
from fedi.prepared import Prepared

MAX_ACCOUNT_IDS = 40  # ids per GET /api/v1/accounts, as Mastodon's DEFAULT_ACCOUNTS_LIMIT


def visible_accounts():
    """Accounts that may be shown to others (accounts.search.findable_accounts)."""
    return findable_accounts()


_own_account = Prepared(lambda account_id: with_profiles().filter(pk=account_id), int)  # every verify_credentials


def own_account(user):
    """The signed-in user's own account, with what the serializers read."""
    found = _own_account(user.account_id)
    if not found:
        raise Account.DoesNotExist
    return found[0]


def find_account(account_id):
    """The account in the URL: an id, or (as Pleroma) a handle, "alice" or "alice@domain"."""
    text = str(account_id)
    account = None
    if is_id(text):
        account = visible_accounts().filter(pk=int(text)).first()
    if account is None:
        account = find_by_handle(text)
    if account is None:
        raise NotFound()
    return account


def asked_context(view, accounts):
    """AccountSerializer context the apps above add for this request (Pleroma's
    with_relationships: accounts.signals.account_relationships)."""
    context: dict = {}
    for _, answer in account_relationships.send(sender=None, view=view, accounts=accounts):
        context.update(answer or {})
    return context


class VerifyCredentialsView(ApiView):
    access = {"GET": Access.user("read:accounts", "profile")}

    def get(self, request):
        account = own_account(request.user)
        return Response(CredentialAccountSerializer.render(account, viewer=account))


class AccountView(ApiView):
    access = {"GET": Access.public("read:accounts")}

    def get(self, request, account_id):
        account = find_account(account_id)
        return Response(AccountSerializer.render(account, viewer=self.viewer, **asked_context(self, [account])))


class LookupView(ApiView):
    access = {"GET": Access.public("read:accounts")}

    def get(self, request):
        acct = self.params.str("acct", required=True, strip=True).lstrip("@")
        username, _, domain = acct.partition("@")
        local_domains = {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}
        query = visible_accounts().filter(username__iexact=username)
        if domain and domain.lower() not in local_domains:
            query = query.filter(domain__iexact=domain)
        else:
            query = query.filter(domain__isnull=True)
        account = query.first()
        if account is None:
            raise NotFound()
        return Response(AccountSerializer.render(account, viewer=self.viewer))


class AccountsView(ApiView):
    """GET /api/v1/accounts: the accounts of id[] (in the order requested, unknown or
    unconfirmed ones left out). POST (signing up) is oauth.views_registration's, which
    serves this URL."""

    access = {"GET": Access.public("read:accounts")}

    def get(self, request):
        ids = list(dict.fromkeys(self.params.ids("id")))
        if len(ids) > MAX_ACCOUNT_IDS:
            raise ValidationFailed(f"Validation failed: at most {MAX_ACCOUNT_IDS} ids may be requested")
        return Response(AccountSerializer.render_many(accounts_by_ids(ids), viewer=self.viewer))


class IdentityProofsView(ApiView):
    """Deprecated since Mastodon 3.5: always an empty list."""

    access = {"GET": Access.user()}

    def get(self, request, account_id):
        find_account(account_id)
        return Response([])
