"""Web Push (Mastodon's Web::PushSubscription and Web::PushNotificationWorker).

A subscription belongs to one access token (a new one replaces it). Each notification a
subscription wants (its alerts and its policy) is sent by a Celery task
(notifications.tasks.deliver_push) as an encrypted Web Push message: RFC 8291 `aes128gcm`
with RFC 8292 VAPID for `standard` subscriptions, the older drafts (`aesgcm`, `WebPush`
authorization) for the others, as Mastodon does. A push service answering 5xx, 408, 429 or
not at all is tried again later; one answering another 4xx has forgotten the
subscription, which is then deleted.

Endpoints must be public addresses (a subscription must not make the server probe its own
network) unless settings.WEB_PUSH_ALLOW_PRIVATE is true (tests, development).
"""
import base64
import binascii
import html
import json
import logging
import socket
from urllib.parse import urlsplit

import requests
import urllib3
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from py_vapid import Vapid01, Vapid02
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.util.timeout import _DEFAULT_TIMEOUT

from accounts.serializers import MISSING_AVATAR
from fedi.errors import ValidationFailed
from fedi.links import media
from fedi.net import AddressRefused, connect_public
from fedi.params import to_bool
from instance.services import contact_email, site_settings, vapid_keys
from notifications.models import Notification, PushSubscription
from relationships.models import Follow
from statuses.visibility import can_see

logger = logging.getLogger(__name__)

# Every alert a subscription can ask for (Notification::TYPES a push can carry).
ALERT_TYPES = ("mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update",
               "admin.sign_up", "admin.report", "quote", "quoted_update")
TTL = 48 * 3600
URGENCY = "normal"
TIMEOUT = 10
MAX_ENDPOINT_LENGTH = 2048

# notification_mailer.<type>.subject in Mastodon's English locale.
TITLES = {
    "mention": "You were mentioned by {name}",
    "status": "{name} just posted",
    "reblog": "{name} boosted your post",
    "follow": "{name} is now following you",
    "follow_request": "Pending follower: {name}",
    "favourite": "{name} favorited your post",
    "poll": "A poll by {name} has ended",
    "update": "{name} edited a post",
    "admin.sign_up": "{name} signed up",
    "admin.report": "{name} submitted a report",
    "quote": "{name} quoted your post",
    "quoted_update": "{name} edited a post you have quoted",
}


class PushRetry(Exception):
    """The push service could not take the message now: try again later."""


class PushRefused(Exception):
    """The endpoint may not be reached (a private address)."""


# --- Subscriptions -----------------------------------------------------------------------------

def _b64decode(value):
    value = value.strip().replace("+", "-").replace("/", "_").rstrip("=")
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def validate_subscription(endpoint, p256dh, auth):
    """Mastodon 4.3's checks: a web address, and keys that can encrypt a message."""
    errors = ValidationFailed()
    if not endpoint:
        errors.add("endpoint", "ERR_BLANK")
    elif len(endpoint) > MAX_ENDPOINT_LENGTH:
        errors.add("endpoint", "ERR_TOO_LONG", f"is too long (maximum is {MAX_ENDPOINT_LENGTH} characters)")
    else:
        try:
            parts = urlsplit(endpoint)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in endpoint)
        except ValueError:
            valid = False
        if not valid:
            errors.add("endpoint", "ERR_INVALID", "is not a valid URL")
    if not p256dh:
        errors.add("key_p256dh", "ERR_BLANK")
    if not auth:
        errors.add("key_auth", "ERR_BLANK")
    if p256dh and auth:
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64decode(p256dh))
            valid_keys = len(_b64decode(auth)) >= 16
        except (ValueError, TypeError, binascii.Error):
            valid_keys = False
        if not valid_keys:
            errors.add("base", "ERR_INVALID", "Invalid key")
    errors.raise_if_any()


def normalize_alerts(alerts):
    """{type: bool} for every alert type (absent ones false, as Mastodon's defaults)."""
    alerts = alerts if isinstance(alerts, dict) else {}
    return {kind: bool(to_bool(alerts.get(kind))) for kind in ALERT_TYPES}


@transaction.atomic
def subscribe(token, *, endpoint, p256dh, auth, standard=False, alerts=None, policy=None):
    """A new subscription for the token, replacing the one it had."""
    validate_subscription(endpoint, p256dh, auth)
    policy = _policy(policy)
    PushSubscription.objects.filter(access_token_id=token.id).delete()
    return PushSubscription.objects.create(
        user_id=token.user_id, access_token_id=token.id, endpoint=endpoint.strip(), key_p256dh=p256dh.strip(),
        key_auth=auth.strip(), standard=bool(standard), alerts=normalize_alerts(alerts), policy=policy or "all")


def _policy(policy):
    if policy in (None, ""):
        return None
    if policy not in PushSubscription.POLICIES:
        raise ValidationFailed().add("policy", "ERR_INCLUSION")
    return policy


def update_subscription(subscription, *, alerts=None, policy=None):
    """PUT: only the data part changes; alerts not sent are off again, as in Mastodon."""
    subscription.alerts = normalize_alerts(alerts)
    policy = _policy(policy)
    subscription.policy = policy or "all"
    subscription.save(update_fields=["alerts", "policy", "updated_at"])
    return subscription


def unsubscribe(token):
    PushSubscription.objects.filter(access_token_id=token.id).delete()


# --- Delivery ----------------------------------------------------------------------------------

def pushable(subscription, notification):
    """Whether the subscription wants this notification (its alerts and its policy)."""
    if not (subscription.alerts or {}).get(notification.type):
        return False
    policy = subscription.policy or "all"
    if policy == "all":
        return True
    if policy == "none":
        return False
    if policy == "follower":
        return Follow.objects.filter(account_id=notification.from_account_id,
                                     target_account_id=notification.recipient_id).exists()
    if policy == "followed":
        return Follow.objects.filter(account_id=notification.recipient_id,
                                     target_account_id=notification.from_account_id).exists()
    return False


def enqueue_push(notification):
    """A delivery task for each of the recipient's subscriptions that wants the notification.
    Never raises: a push must not break the action that notified."""
    from notifications.tasks import deliver_push  # a cycle: notifications.tasks imports this module

    try:
        subscriptions = list(PushSubscription.objects.filter(user__account_id=notification.recipient_id))
        for subscription in subscriptions:
            if pushable(subscription, notification):
                deliver_push.delay(subscription.id, notification.id)
    except Exception:
        logger.exception("Could not queue Web Push for notification %s", notification.id)


def payload_for(subscription, notification):
    """Mastodon's Web::NotificationSerializer."""
    sender = notification.from_account
    status = notification.status
    name = sender.display_name.strip() or sender.username
    title = TITLES.get(notification.type, "New notification from {name}").format(name=name)
    if status is not None:
        text = status.spoiler_text.strip() or status.text or strip_tags(status.content)
    else:
        text = sender.note or ""
    body = html.unescape(strip_tags(text))
    if len(body) > 140:
        body = body[:137] + "..."
    hidden = ((getattr(subscription.user, "settings", None) or {}).get("pleroma_notification_settings") or {})
    if hidden.get("hide_notification_contents"):  # Pleroma's setting: who and what stay off the lock screen
        title, body = "New notification", ""
    return {
        "access_token": subscription.access_token.token,
        "preferred_locale": getattr(subscription.user, "locale", None) or "en",
        "notification_id": notification.id,
        "notification_type": notification.type,
        "icon": media(None, MISSING_AVATAR) if hidden.get("hide_notification_contents")
        else media(sender.avatar_static or sender.avatar, MISSING_AVATAR),
        "title": title,
        "body": body,
    }


def _may_see(notification):
    """Whether the recipient may see the notification's status (statuses.visibility, the
    rule every read path uses): a payload carries the status's text as it is when sent."""
    return notification.status is None or can_see(notification.recipient, notification.status)


def _allow_private():
    return getattr(settings, "WEB_PUSH_ALLOW_PRIVATE", False)


class _PublicHTTPConnection(urllib3.connection.HTTPConnection):
    """Connects to the address it checked (fedi.net.connect_public): resolving the name
    again when connecting would let a rebinding DNS server answer a private one then."""

    def _new_conn(self):
        timeout = None if self.timeout is _DEFAULT_TIMEOUT else self.timeout
        try:
            sock = connect_public(self._dns_host, self.port, timeout, allow_private=_allow_private())
        except AddressRefused as error:
            raise PushRefused(str(error)) from error
        except socket.timeout as error:
            raise urllib3.exceptions.ConnectTimeoutError(self, f"Connection to {self.host} timed out") from error
        except OSError as error:
            raise urllib3.exceptions.NewConnectionError(self, f"Failed to establish a new connection: {error}") \
                from error
        for option in self.socket_options or ():
            sock.setsockopt(*option)
        return sock


class _PublicHTTPSConnection(_PublicHTTPConnection, urllib3.connection.HTTPSConnection):
    """TLS over the checked socket; the certificate is still verified for the host name."""


class _PublicHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}


class GuardedSession(requests.Session):
    """Posts only to public addresses (the ones connected to), never following redirects,
    never through a proxy from the environment (which would resolve the name itself)."""

    def __init__(self):
        super().__init__()
        self.trust_env = False
        adapter = _PublicAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method, url, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, **kwargs)


def _vapid(standard):
    _, private = vapid_keys()
    vapid = (Vapid02 if standard else Vapid01).from_raw(private.encode())
    vapid.conf = {"no-strict": True}
    return vapid


def _subject():
    email = contact_email(site_settings())
    return f"mailto:{email}" if email else settings.SITE_URL


def send(subscription, payload):
    """POST the encrypted message; the push service's response."""
    info = {"endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.key_p256dh, "auth": subscription.key_auth}}
    session = GuardedSession()
    try:
        return webpush(info, json.dumps(payload), vapid_private_key=_vapid(subscription.standard),
                       vapid_claims={"sub": _subject()}, content_encoding="aes128gcm" if subscription.standard
                       else "aesgcm", timeout=TIMEOUT, ttl=TTL, headers={"Urgency": URGENCY},
                       requests_session=session)
    except WebPushException as error:
        if error.response is None:
            raise
        return error.response
    finally:
        session.close()


def deliver(subscription_id, notification_id):
    """Send one notification to one subscription (the body of the Celery task)."""
    subscription = (PushSubscription.objects.select_related("access_token", "user")
                    .filter(pk=subscription_id).first())
    notification = (Notification.objects.select_related("from_account", "recipient", "status", "status__account")
                    .filter(pk=notification_id).first())
    if subscription is None or notification is None:
        return None  # unsubscribed or dismissed since
    if not _may_see(notification):
        return None  # the recipient may no longer see the status (e.g. unfollowed since)
    try:
        response = send(subscription, payload_for(subscription, notification))
    except PushRefused:
        logger.info("Web Push endpoint of subscription %s refused: not a public address", subscription.id)
        return None
    except requests.RequestException as error:
        raise PushRetry(str(error)) from error
    code = response.status_code
    if 200 <= code < 300:
        return code
    if 400 <= code < 500 and code not in (408, 429):
        subscription.delete()  # the push service has forgotten it
        return code
    raise PushRetry(f"push service answered {code}")

