"""WebSocket routes (the streaming API lands here: GET /api/v1/streaming)."""

websocket_urlpatterns = []
