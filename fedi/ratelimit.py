"""Mastodon's API rate limits (rack-attack's fixed windows), kept in the cache (Redis in production).

Every API response carries X-RateLimit-Limit, -Remaining and -Reset (ISO 8601) for the
general bucket; a request over any limit gets 429 {"error": "Too many requests"}.
Limits are in settings.RATE_LIMITS and can be changed with the RATE_LIMITS variable.

The general bucket is the token's only when the token is valid: a made-up Bearer string
counts against the caller's IP, like no token at all, so it cannot buy a fresh budget.

Password checks are limited where the password is checked (accounts.backends and every
other caller of SignInAttempt), whichever path led there: the password grant of
/oauth/token, /auth/sign_in, /admin/login/, the Pleroma password-confirming endpoints.
"""
import hashlib
import ipaddress
import re
import time
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache import cache, caches
from django.http import JsonResponse

from fedi.auth import bearer_token, find_access_token
from fedi.cache import incr_window
from fedi.errors import TooManyRequests
from fedi.formats import iso

# (bucket, method, path pattern, keyed by) for the narrower limits; "user" buckets are the
# token's user's (as Mastodon keys them), or the app token's, or else the IP's.
SPECIAL_LIMITS = [
    ("media", "POST", re.compile(r"^/api/v[12]/media/?$"), "user"),
    ("delete", "DELETE", re.compile(r"^/api/v1/statuses/[^/]+/?$"), "user"),
    ("delete", "POST", re.compile(r"^/api/v1/statuses/[^/]+/unreblog/?$"), "user"),
    ("sign_up", "POST", re.compile(r"^/api/v1/accounts/?$"), "ip"),
]
# Where RateLimitMiddleware leaves the token it looked up, for fedi.auth to reuse.
TOKEN_ATTRIBUTE = "_fedi_bearer_token"


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY_IPS", ())
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded and remote in trusted:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if hop not in trusted:
                return hop
    return remote


def throttle_ip(request):
    """The client address a per-IP budget belongs to: an IPv6 address stands for its /64 (one
    customer's network, as Mastodon keys it), so a host cannot pick a fresh address per try."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return ip


def _hit(bucket, key, now):
    limit, period = settings.RATE_LIMITS[bucket]
    window = int(now // period)
    count = incr_window(caches["default"], f"ratelimit:{bucket}:{key}:{window}", period + 1)
    reset = datetime.fromtimestamp((window + 1) * period, tz=timezone.utc)
    return limit, max(limit - count, 0), reset, count > limit


def _over_limit_headers(limit, reset):
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(reset)}


class SignInAttempt:
    """One password check, counted against the client's IP (every attempt, as Mastodon's
    throttle_login_attempts/ip) and against the account tried (failed attempts: a correct
    password gives its count back, so only guessing locks an account's sign-in).

        attempt = SignInAttempt(request, account_key)   # raises TooManyRequests when over
        if user.check_password(password):
            attempt.succeeded()

    `account_key` is the user's id when the login names a user, else the login itself, so
    the e-mail address and the username of one account share a budget. Over either limit
    the password is not checked at all.
    """

    def __init__(self, request, account_key):
        self._account_key = None
        if not settings.RATE_LIMITS_ENABLED:
            return
        now = time.time()
        over = None
        if request is not None and "sign_in" in settings.RATE_LIMITS:
            limit, _remaining, reset, exceeded = _hit("sign_in", "ip:" + throttle_ip(request), now)
            if exceeded:
                over = (limit, reset)
        if "sign_in_account" in settings.RATE_LIMITS:
            key = "account:" + hashlib.sha256(str(account_key).lower().encode()).hexdigest()[:40]
            limit, _remaining, reset, exceeded = _hit("sign_in_account", key, now)
            self._account_key = (key, now)
            if exceeded:
                over = over or (limit, reset)
        if over:
            raise TooManyRequests(headers=_over_limit_headers(*over))

    def succeeded(self):
        if self._account_key is None:
            return
        key, now = self._account_key
        period = settings.RATE_LIMITS["sign_in_account"][1]
        try:
            cache.decr(f"ratelimit:sign_in_account:{key}:{int(now // period)}")
        except ValueError:  # the window ended meanwhile
            pass


def check_user_limit(request, user_id):
    """Mastodon's per-user budget across all of a user's tokens (checked once the token is
    known, in fedi.auth). Raises TooManyRequests when it is spent."""
    if not settings.RATE_LIMITS_ENABLED or "user" not in settings.RATE_LIMITS:
        return
    limit, remaining, reset, over = _hit("user", f"user:{user_id}", time.time())
    if over:
        raise TooManyRequests(headers=_over_limit_headers(limit, reset))


def _valid_token(request):
    """The request's live access token (looked up once: fedi.auth reuses it), or None."""
    raw = bearer_token(request)
    token = find_access_token(raw) if raw else None
    setattr(request, TOKEN_ATTRIBUTE, (raw, token))
    return token


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.RATE_LIMITS_ENABLED or request.method == "OPTIONS":
            return self.get_response(request)
        path = request.path
        is_api = path.startswith("/api/")
        # Only a valid token has a budget of its own; any other string is the IP's.
        token = _valid_token(request) if is_api else None
        ip = throttle_ip(request)
        now = time.time()
        headers = None
        exceeded = False
        if is_api:
            if token is not None:
                limit, remaining, reset, over = _hit("api", f"token:{token.pk}", now)
            else:
                limit, remaining, reset, over = _hit("unauthenticated", "ip:" + ip, now)
            headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
                       "X-RateLimit-Reset": iso(reset)}
            exceeded = over
        for bucket, method, pattern, keyed_by in SPECIAL_LIMITS:
            if request.method == method and pattern.match(path):
                if bucket not in settings.RATE_LIMITS:
                    continue
                if keyed_by == "user" and token is not None:
                    key = f"user:{token.user_id}" if token.user_id else f"token:{token.pk}"
                else:
                    key = "ip:" + ip
                limit, remaining, reset, over = _hit(bucket, key, now)
                if over:
                    exceeded = True
                    headers = _over_limit_headers(limit, reset)
        if exceeded:
            response = JsonResponse({"error": "Too many requests"}, status=429)
        else:
            response = self.get_response(request)
            if response.status_code == 429 and "X-RateLimit-Limit" in response:
                return response  # a narrower limit met inside (user, sign-in) tells its own
        for name, value in (headers or {}).items():
            response[name] = value  # type: ignore[assignment]
        return response

    def process_exception(self, request, exception):
        """A limit met inside a view outside DRF (a password check on /oauth/token, the
        sign-in page, the Django admin's login) answers as every other 429 does."""
        if isinstance(exception, TooManyRequests):
            response = JsonResponse(exception.payload(), status=429)
            for name, value in exception.headers.items():
                response[name] = value
            return response
        return None
