"""ASGI entry point: WebSocket through Channels (the streaming API); HTTP split in two.

- The streaming API's server-sent events (/api/v1/streaming/..., async views) go through
  Django's ASGI handler: each stream waits on the event loop, not on a thread.
- Every other HTTP request (all synchronous views) goes through Django's WSGI handler in a
  fixed pool of WEB_THREADS threads (a2wsgi). Under Django's ASGI handler each request's
  synchronous code gets a thread of its own, created and torn down per request, and hops
  between the event loop and that thread for each middleware; the pool runs the whole
  request in one hop, on threads that live (so database connections are reused).
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fedi.settings")
django_asgi_app = get_asgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from fedi.bodylimits import BodySizeLimit  # noqa: E402
from streaming.routing import websocket_urlpatterns  # noqa: E402

STREAMING_PREFIX = "/api/v1/streaming/"
STREAMING_HEALTH = "/api/v1/streaming/health"
django_wsgi_app = WSGIMiddleware(get_wsgi_application(), workers=settings.WEB_THREADS)  # type: ignore[arg-type]


def _header(scope, name):
    return next((value for key, value in scope.get("headers", ()) if key.lower() == name), None)


async def with_content_length(scope, receive):
    """WSGI knows no chunked bodies: Django reads CONTENT_LENGTH bytes of wsgi.input, and
    nothing without it. So a body sent without Content-Length is read here first (through
    BodySizeLimit, which cuts it off at the route's limit) and handed on with its length.
    Returns (scope, receive), or None when the client went away or the body was refused."""
    if _header(scope, b"content-length") is not None or _header(scope, b"transfer-encoding") is None:
        return scope, receive
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    scope = {**scope, "headers": [*scope["headers"], (b"content-length", str(len(body)).encode())]}
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay():
        return pending.pop() if pending else await receive()

    return scope, replay


async def http_application(scope, receive, send):
    path = scope.get("path", "")
    if scope["type"] == "http" and path.startswith(STREAMING_PREFIX) and not path.startswith(STREAMING_HEALTH):
        return await django_asgi_app(scope, receive, send)
    request = await with_content_length(scope, receive)
    if request is not None:
        await django_wsgi_app(request[0], request[1], send)


application = ProtocolTypeRouter({
    # Oversized bodies are refused here, before Django reads (and spools) them.
    "http": BodySizeLimit(http_application),
    "websocket": URLRouter(websocket_urlpatterns),
})

# The embedded default runs periodic jobs in this process (fedi/periodic.py).
from fedi.periodic import start_in_process  # noqa: E402

start_in_process()
