"""Request body size limits, enforced before the body is read.

Each request may send at most the limit of its route's class (settings.BODY_SIZE_LIMITS):

    media     POST /api/v1/media, /api/v2/media, PUT /api/v1/media/:id (an upload, its thumbnail)
    profile   PATCH /api/v1/accounts/update_credentials, /api/v1/profile (avatar and header)
    admin     the Django admin's pages (instance thumbnail, custom emoji), not its login
    default   everything else, the sign-in paths (/oauth/token, /auth/sign_in) included

A body is refused with 413 {"error": ...} from its Content-Length before any of it is read;
a body without one (chunked) is counted as it arrives and cut off at the limit, so no
request can spool more than its limit to memory or temporary files. Under ASGI (uvicorn)
this is BodySizeLimit, wrapped around Django in fedi.asgi: Django's ASGI handler reads the
whole body before any middleware runs, so only there can it be refused unread.
BodySizeLimitMiddleware applies the same rule from Content-Length for WSGI servers and the
test client (which read a body lazily, never past its Content-Length).
"""
import json
import re

from django.conf import settings
from django.http import JsonResponse

ROUTE_CLASSES = [
    (re.compile(r"^/api/v[12]/media/?$"), "media"),
    (re.compile(r"^/api/v1/media/[^/]+/?$"), "media"),
    (re.compile(r"^/api/v1/accounts/update_credentials/?$"), "profile"),
    (re.compile(r"^/api/v1/profile/?$"), "profile"),
    (re.compile(r"^/admin/login/?$"), "default"),
    (re.compile(r"^/admin/"), "admin"),
]


def limit_for(path: str) -> int:
    """The most bytes a request body to this path may have."""
    limits = settings.BODY_SIZE_LIMITS
    for pattern, name in ROUTE_CLASSES:
        if pattern.match(path):
            return limits.get(name, limits["default"])
    return limits["default"]


def describe(size: int) -> str:
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def error_message(limit: int) -> str:
    return f"The request body is too large (maximum is {describe(limit)})"


def _cors_headers(path):
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False) and re.match(settings.CORS_URLS_REGEX, path):
        return [(b"access-control-allow-origin", b"*")]
    return []


class BodySizeLimit:
    """ASGI middleware: 413 for an HTTP request whose body is over limit_for(path)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = limit_for(scope["path"])
        declared = None
        for name, value in scope.get("headers", ()):
            if name.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None and declared > limit:
            # Refused unread: the server never asks the client for the body (no 100 Continue).
            return await self._refuse(scope, send, limit)

        received = 0
        state = {"started": False, "refused": False}

        async def tracking_send(message):
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        async def limited_receive():
            nonlocal received
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Django is still reading the body (it reads it all before the view):
                    # answer for it, and let it stop as for a client that went away.
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        await self._refuse(scope, send, limit)
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, limited_receive, tracking_send)

    @staticmethod
    async def _refuse(scope, send, limit):
        body = json.dumps({"error": error_message(limit)}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close"), *_cors_headers(scope["path"])]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class BodySizeLimitMiddleware:
    """The same limits from Content-Length, for WSGI servers and Django's test client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = limit_for(request.path_info)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return JsonResponse({"error": error_message(limit)}, status=413)
        return self.get_response(request)
