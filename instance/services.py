"""Instance-wide values computed or generated once."""
import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from instance.models import DomainBlock, SiteSettings


def site_settings():
    return SiteSettings.load()


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_keys():
    """(public, private) VAPID keys for Web Push, generated on first use and stored.

    The public key is the uncompressed P-256 point, base64url (as Mastodon shows it); the
    private key is the raw 32-byte scalar, base64url."""
    site = SiteSettings.load()
    if site.vapid_public_key:
        return site.vapid_public_key, site.vapid_private_key
    return _generate_vapid_keys()


@transaction.atomic
def _generate_vapid_keys():
    site = SiteSettings.objects.select_for_update().get(pk=1)
    if not site.vapid_public_key:
        key = ec.generate_private_key(ec.SECP256R1())
        public = key.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
        private = key.private_numbers().private_value.to_bytes(32, "big")
        site.vapid_public_key = _b64url(public)
        site.vapid_private_key = _b64url(private)
        site.save(update_fields=["vapid_public_key", "vapid_private_key"])
    return site.vapid_public_key, site.vapid_private_key


def vapid_public_key():
    return vapid_keys()[0]


# --- Registrations and contact ------------------------------------------------------

def registrations_enabled(site):
    return site.registrations_mode != "none"


def approval_required(site):
    return site.registrations_mode == "approved"


def reason_required(site):
    """Mastodon asks for a reason only when sign-ups wait for approval."""
    return approval_required(site) and site.require_invite_text


def contact_email(site):
    # Clients show it as an address to write to; the server's sender address is the best
    # fallback there is when the admin set none.
    return site.contact_email or settings.DEFAULT_FROM_EMAIL


def languages(site):
    return list(site.languages or [settings.LANGUAGE_CODE])


# --- Domain blocks -----------------------------------------------------------------

# Who may see what: "all" anyone, "users" signed-in users, "disabled" nobody.
def audience_allows(audience, viewer):
    return audience == "all" or (audience == "users" and viewer is not None)


def user_facing_domain_blocks():
    """Blocks that limit what users see (Mastodon: with_user_facing_limitations), by severity."""
    blocks = DomainBlock.objects.filter(Q(severity__in=["silence", "suspend"]) | Q(reject_media=True))
    order = {"noop": 0, "silence": 1, "suspend": 2}
    return sorted(blocks, key=lambda block: (order.get(block.severity, 0), block.domain))


def public_domain(block):
    """The domain as shown publicly: the middle starred out when the block is obfuscated."""
    domain = block.domain
    if not block.obfuscate:
        return domain
    length = len(domain)
    visible = length // 4
    return "".join("*" if visible < index < length - visible and char != "." else char
                   for index, char in enumerate(domain))


def domain_digest(domain):
    return hashlib.sha256(domain.encode("utf-8")).hexdigest()


def blocked_domains():
    return DomainBlock.objects.values_list("domain", flat=True)
