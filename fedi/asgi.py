"""ASGI entry point: HTTP through Django, WebSocket through Channels (the streaming API)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fedi.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (needs Django set up)

from fedi.bodylimits import BodySizeLimit  # noqa: E402
from streaming.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    # Oversized bodies are refused here, before Django reads (and spools) them.
    "http": BodySizeLimit(django_asgi_app),
    "websocket": URLRouter(websocket_urlpatterns),
})

# The embedded default runs periodic jobs in this process (fedi/periodic.py).
from fedi.periodic import start_in_process  # noqa: E402

start_in_process()
