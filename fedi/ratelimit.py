"""Mastodon's API rate limits (rack-attack's fixed windows), kept in the cache (Redis in production).

Every API response carries X-RateLimit-Limit, -Remaining and -Reset (ISO 8601) for the
general bucket; a request over any limit gets 429 {"error": "Too many requests"}.
Limits are in settings.RATE_LIMITS and can be changed with the RATE_LIMITS variable.
"""
import hashlib
import re
import time
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from fedi.auth import bearer_token
from fedi.errors import TooManyRequests
from fedi.formats import iso

# (bucket, method, path pattern, keyed by) for the narrower limits
SPECIAL_LIMITS = [
    ("media", "POST", re.compile(r"^/api/v[12]/media/?$"), "token"),
    ("delete", "DELETE", re.compile(r"^/api/v1/statuses/[^/]+/?$"), "token"),
    ("delete", "POST", re.compile(r"^/api/v1/statuses/[^/]+/unreblog/?$"), "token"),
    ("sign_up", "POST", re.compile(r"^/api/v1/accounts/?$"), "ip"),
    ("sign_in", "POST", re.compile(r"^/auth/sign_in/?$"), "ip"),
]


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


def _hit(bucket, key, now):
    limit, period = settings.RATE_LIMITS[bucket]
    window = int(now // period)
    cache_key = f"ratelimit:{bucket}:{key}:{window}"
    cache.add(cache_key, 0, period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period + 1)
        count = 1
    reset = datetime.fromtimestamp((window + 1) * period, tz=timezone.utc)
    return limit, max(limit - count, 0), reset, count > limit


def check_user_limit(request, user_id):
    """Mastodon's per-user budget across all of a user's tokens (checked once the token is
    known, in fedi.auth). Raises TooManyRequests when it is spent."""
    if not settings.RATE_LIMITS_ENABLED or "user" not in settings.RATE_LIMITS:
        return
    limit, remaining, reset, over = _hit("user", f"user:{user_id}", time.time())
    if over:
        raise TooManyRequests(headers={"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0",
                                       "X-RateLimit-Reset": iso(reset)})


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.RATE_LIMITS_ENABLED or request.method == "OPTIONS":
            return self.get_response(request)
        path = request.path
        is_api = path.startswith("/api/")
        token = bearer_token(request) if is_api else None
        ip = client_ip(request)
        now = time.time()
        headers = None
        exceeded = False
        if is_api:
            if token:
                key = "token:" + hashlib.sha256(token.encode()).hexdigest()[:40]
                limit, remaining, reset, over = _hit("api", key, now)
            else:
                limit, remaining, reset, over = _hit("unauthenticated", "ip:" + ip, now)
            headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
                       "X-RateLimit-Reset": iso(reset)}
            exceeded = over
        for bucket, method, pattern, keyed_by in SPECIAL_LIMITS:
            if request.method == method and pattern.match(path):
                key = ("token:" + hashlib.sha256(token.encode()).hexdigest()[:40]) if keyed_by == "token" and token else "ip:" + ip
                limit, remaining, reset, over = _hit(bucket, key, now)
                if over:
                    exceeded = True
                    headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0",
                               "X-RateLimit-Reset": iso(reset)}
        if exceeded:
            response = JsonResponse({"error": "Too many requests"}, status=429)
        else:
            response = self.get_response(request)
        for name, value in (headers or {}).items():
            response[name] = value
        return response
