"""HTTP routes of the streaming API (server-sent events). /api/v1/streaming/health is in
fedi/urls.py, ahead of these."""
from django.urls import re_path

from streaming import views

urlpatterns = [
    re_path(r"^api/v1/streaming/(?P<path>.+)$", views.stream),
]
