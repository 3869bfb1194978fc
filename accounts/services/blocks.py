"""Sign-up and access blocks: e-mail domains, canonical e-mail addresses and IP ranges
(Mastodon's EmailDomainBlock, CanonicalEmailBlock and IpBlock rules). The admin API
manages the rows; sign-up and the IP middleware ask the functions here."""
import hashlib
import ipaddress
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import dns.exception
import dns.resolver
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import CanonicalEmailBlock, EmailDomainBlock, IpBlock

NO_ACCESS_CACHE_KEY = "ip_blocks:no_access"
NO_ACCESS_CACHE_SECONDS = 60
EMAIL_BLOCKED = "uses a disallowed e-mail provider"  # Mastodon's message for :blocked e-mails


# --- E-mail addresses -------------------------------------------------------------------------

def canonical_email(email: str) -> str:
    """Mastodon's EmailHelper#email_to_canonical_email: lowercased, every dot and any
    +tag of the local part removed (for every provider, as Mastodon does)."""
    username, _, domain = (email or "").strip().lower().partition("@")
    username = username.replace(".", "").split("+", 1)[0]
    return f"{username}@{domain}"


def canonical_email_hash(email: str) -> str:
    return hashlib.sha256(canonical_email(email).encode()).hexdigest()


def canonical_email_blocks_matching(email: str):
    return CanonicalEmailBlock.objects.filter(canonical_email_hash=canonical_email_hash(email))


def email_domain(email: str) -> str:
    return (email or "").strip().lower().rpartition("@")[2].rstrip(".")


def domain_and_parents(domain: str) -> list[str]:
    """a.b.example -> [a.b.example, b.example, example]: a block of a domain covers its subdomains."""
    labels = [label for label in domain.split(".") if label]
    return [".".join(labels[i:]) for i in range(len(labels))]


# Mail servers (MX records) of a domain, as Mastodon's EmailDomainBlock.block?: a block of
# a mail provider's MX host also refuses the many domains it serves. A look-up that fails or
# takes longer than this (seconds) blocks nothing.
MX_LOOKUP_TIMEOUT = 3.0


def _resolve_mx(domain: str) -> list[str]:
    resolver = dns.resolver.Resolver()
    resolver.lifetime = resolver.timeout = MX_LOOKUP_TIMEOUT
    try:
        answer = resolver.resolve(domain, "MX")
    except (dns.exception.DNSException, OSError, ValueError):
        return []
    return [str(record.exchange).rstrip(".").lower() for record in answer if str(record.exchange) not in ("", ".")]


def mx_hosts(domain: str) -> list[str]:
    return _resolve_mx(domain) if domain else []


def email_domain_blocks_matching(email: str, *, check_mx: bool = False):
    """The e-mail domain blocks of the address's domain (or a parent); with check_mx, also
    those of its mail servers (only looked up when some block exists, so most sign-ups make
    no DNS query)."""
    domain = email_domain(email)
    if not domain:
        return EmailDomainBlock.objects.none()
    names = set(domain_and_parents(domain))
    if check_mx and EmailDomainBlock.objects.exists():
        names |= {name for host in mx_hosts(domain) for name in domain_and_parents(host)}
    return EmailDomainBlock.objects.filter(domain__in=names)


def email_domain_verdict(email: str, *, check_mx: bool = False) -> str | None:
    """Mastodon's EmailDomainBlock.block? / requires_approval?: "blocked" when a matching
    block refuses the address, "approval" when the matching ones only hold the sign-up for
    approval (allow_with_approval), else None."""
    flags = set(email_domain_blocks_matching(email, check_mx=check_mx).values_list("allow_with_approval", flat=True))
    return "blocked" if False in flags else "approval" if flags else None


def email_domain_blocked(email: str, *, check_mx: bool = False) -> bool:
    return email_domain_verdict(email, check_mx=check_mx) == "blocked"


def email_blocked(email: str, *, check_mx: bool = False) -> bool:
    """Mastodon's BlacklistedEmailValidator: a blocked domain (or a parent, or with check_mx
    one of its mail servers), or a blocked address."""
    return email_domain_blocked(email, check_mx=check_mx) or canonical_email_blocks_matching(email).exists()


# Usage history of blocked e-mail domains (Admin::EmailDomainBlock#history): the sign-up
# attempts refused per day, counted in the cache for a week.
HISTORY_DAYS = 7


def _history_key(domain, day, kind):
    return f"email_domain_block:{domain}:{day.isoformat()}:{kind}"


def count_blocked_attempt(email: str, ip: str | None) -> None:
    domain = email_domain(email)
    today = timezone.now().date()
    for block_domain in domain_and_parents(domain):
        ttl = (HISTORY_DAYS + 1) * 86400
        key = _history_key(block_domain, today, "accounts")
        cache.add(key, 0, ttl)
        cache.incr(key)
        if ip and cache.add(f"{_history_key(block_domain, today, 'ip')}:{ip}", 1, ttl):
            key = _history_key(block_domain, today, "uses")
            cache.add(key, 0, ttl)
            cache.incr(key)


def email_domain_histories(domains) -> dict:
    """domain -> [{day, accounts, uses}, ...] for the last 7 days, newest first (one cache read)."""
    today = timezone.now().date()
    days = [today - timedelta(days=n) for n in range(HISTORY_DAYS)]
    keys = [_history_key(d, day, kind) for d in domains for day in days for kind in ("accounts", "uses")]
    values = cache.get_many(keys) if keys else {}

    def midnight(day: date) -> str:
        return str(int(datetime(day.year, day.month, day.day, tzinfo=dt_timezone.utc).timestamp()))

    return {d: [{"day": midnight(day), "accounts": str(values.get(_history_key(d, day, "accounts"), 0)),
                 "uses": str(values.get(_history_key(d, day, "uses"), 0))} for day in days]
            for d in domains}


# --- IP ranges --------------------------------------------------------------------------------

def parse_network(value: str):
    """'192.0.2.1' -> 192.0.2.1/32, '2001:db8::/32' -> itself; None when it is no address."""
    try:
        return ipaddress.ip_network((value or "").strip(), strict=False)
    except ValueError:
        return None


def active_ip_blocks():
    return IpBlock.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def _contains(network_text: str, address) -> bool:
    network = parse_network(network_text)
    return network is not None and network.version == address.version and address in network


def ip_severities(ip: str | None) -> set[str]:
    """The severities of the active blocks whose range holds this address."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return set()
    # Ranges are few; matched here so SQLite and PostgreSQL answer alike.
    return {severity for network, severity in active_ip_blocks().values_list("ip", "severity")
            if _contains(network, address)}


def ip_has_no_access(ip: str | None) -> bool:
    """For the middleware on every request: the active no_access ranges, cached a minute
    (and dropped whenever a block changes)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return False
    entries = cache.get(NO_ACCESS_CACHE_KEY)
    if entries is None:
        entries = [(network, expires_at.timestamp() if expires_at else None) for network, expires_at in
                   active_ip_blocks().filter(severity="no_access").values_list("ip", "expires_at")]
        cache.set(NO_ACCESS_CACHE_KEY, entries, NO_ACCESS_CACHE_SECONDS)
    now = timezone.now().timestamp()
    return any(_contains(network, address) for network, expires in entries if expires is None or expires > now)


@receiver(post_save, sender=IpBlock)
@receiver(post_delete, sender=IpBlock)
def _forget_no_access(**kwargs):
    cache.delete(NO_ACCESS_CACHE_KEY)


# --- At sign-up -------------------------------------------------------------------------------

def sign_up_blocked_for_ip(ip: str | None) -> bool:
    """Mastodon's RegistrationHelper#ip_blocked?: sign-ups from this address are refused."""
    return bool(ip_severities(ip) & {"sign_up_block", "no_access"})


def sign_up_needs_approval_for_ip(ip: str | None) -> bool:
    return "sign_up_requires_approval" in ip_severities(ip)
