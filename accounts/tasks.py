"""Background work of the accounts app (Celery; in-process without a broker)."""
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from accounts.models import User
from accounts.services.confirmation import confirmation_recipient, confirmation_url
from instance.models import SiteSettings


@shared_task(name="accounts.send_confirmation_email")
def send_confirmation_email(user_id):
    """The e-mail with the link that confirms a user's address (plain text and HTML)."""
    user = User.objects.select_related("account").filter(pk=user_id).first()
    if user is None or not user.confirmation_token:
        return  # gone, or confirmed since the mail was queued
    site = SiteSettings.load()
    context = {
        "site_name": site.title,
        "username": user.account.username,
        "email": confirmation_recipient(user),
        "url": confirmation_url(user),
        "is_new_address": user.is_confirmed,
    }
    message = EmailMultiAlternatives(
        subject=f"{site.title}: Confirm your e-mail address",
        body=render_to_string("accounts/emails/confirmation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[context["email"]],
    )
    message.attach_alternative(render_to_string("accounts/emails/confirmation.html", context), "text/html")
    message.send()


# Named as when it lived in accounts.tasks_profile (tasks queued then still run).
@shared_task(name="accounts.tasks_profile.verify_account_links", ignore_result=True)
def verify_account_links(account_id):
    """Fetch each unverified link field's page and mark the field verified if it links back."""
    from accounts.services.profile import verify_links  # the services import this module

    verify_links(account_id)
