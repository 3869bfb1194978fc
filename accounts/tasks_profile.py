"""Background work for profiles: verifying profile links (Mastodon's VerifyAccountLinksWorker)."""
from celery import shared_task
from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from accounts.serializers import account_uri, account_url
from accounts.verification import is_verifiable, page_links_back
from fedi.formats import iso


def needs_verification(field):
    return not field.get("verified_at") and is_verifiable(field.get("value"))


@shared_task(ignore_result=True)
def verify_account_links(account_id):
    """Fetch each unverified link field's page and mark the field verified if it links back."""
    account = Account.objects.filter(pk=account_id, domain__isnull=True).first()
    if account is None:
        return
    targets = [account_url(account), account_uri(account)]
    verified_values = {field["value"] for field in account.fields or []
                       if needs_verification(field) and page_links_back(field["value"].strip(), targets)}
    if not verified_values:
        return
    with transaction.atomic():
        # The owner may have edited the fields while the pages were fetched: only fields
        # still holding a verified value are marked.
        account = Account.objects.select_for_update().get(pk=account_id)
        now = iso(timezone.now())
        fields = [{**field, "verified_at": now} if field.get("value") in verified_values and not field.get("verified_at")
                  else field for field in account.fields or []]
        Account.objects.filter(pk=account_id).update(fields=fields)
