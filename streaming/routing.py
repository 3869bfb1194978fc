"""WebSocket routes: GET /api/v1/streaming (and /api/v1/streaming/, as clients vary)."""
from django.urls import re_path

from streaming.consumers import StreamingConsumer

websocket_urlpatterns = [
    re_path(r"^/?api/v1/streaming/?$", StreamingConsumer.as_asgi()),
]
