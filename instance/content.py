"""The documents admins write (about page, privacy policy, terms of service, closed
registrations message) as the HTML the API serves."""
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone as dt_timezone

import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from fedi.text import plain_to_html

_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
# The date of the default privacy policy's text (Mastodon shows the same).
DEFAULT_PRIVACY_POLICY_DATE = datetime(2022, 10, 7, tzinfo=dt_timezone.utc)


def admin_html(text):
    """Admin-written text as safe HTML: HTML is sanitized, plain text becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if _TAG.search(text):
        return nh3.clean(text)
    return plain_to_html(text)


@dataclass
class Document:
    content: str
    updated_at: datetime


@dataclass
class TermsOfService:
    content: str
    effective_date: date
    effective: bool
    succeeded_by: date | None = None


def extended_description(site):
    return Document(content=admin_html(site.extended_description),
                    updated_at=site.extended_description_updated_at or site.updated_at)


def privacy_policy(site):
    if site.privacy_policy.strip():
        return Document(content=admin_html(site.privacy_policy),
                        updated_at=site.privacy_policy_updated_at or site.updated_at)
    content = render_to_string("instance/privacy_policy.html", {"domain": settings.LOCAL_DOMAIN, "title": site.title})
    return Document(content=content, updated_at=DEFAULT_PRIVACY_POLICY_DATE)


def terms_of_service(site, on_date=None):
    """The terms of service (only one version is kept), or None when there are none or
    `on_date` is not their effective date."""
    if not site.terms_of_service.strip():
        return None
    effective_date = site.terms_of_service_effective_date or site.updated_at.date()
    if on_date is not None and on_date != effective_date:
        return None
    return TermsOfService(content=admin_html(site.terms_of_service), effective_date=effective_date,
                          effective=effective_date <= timezone.now().date())


def registrations_message(site):
    """Shown only while registrations are closed; None otherwise or when empty."""
    if site.registrations_mode != "none":
        return None
    return admin_html(site.registrations_message) or None
