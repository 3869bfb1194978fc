"""The instance's reads that need the accounts (above the instance settings): its contact
account and its peers."""
from accounts.models import Account
from instance import services


def contact_account(site):
    """The local account named as contact in the settings, or None."""
    username = site.contact_username.strip().lstrip("@")
    if not username:
        return None
    return (Account.objects.with_profiles()
            .filter(domain__isnull=True, username__iexact=username).first())


def peers():
    """Domains of the remote accounts this server knows, blocked ones left out (Mastodon's
    Instance.searchable)."""
    domains = (Account.objects.filter(domain__isnull=False).exclude(domain__in=services.blocked_domains())
               .values_list("domain", flat=True).distinct())
    return sorted({domain.lower() for domain in domains if domain is not None})  # all are (domain__isnull=False)
