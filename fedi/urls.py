"""Every route of the server: each app owns its own urls module."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from fedi.health import health as server_health
from streaming.views import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", server_health),
    path("", include("oauth.urls")),
    path("", include("relationships.urls")),
    path("", include("timelines.urls")),  # before accounts.urls: api/v1/accounts/:id/lists
    path("", include("filters.urls")),
    path("", include("accounts.urls")),
    path("", include("instance_api.urls")),
    path("", include("statuses.urls")),
    path("", include("tags.urls")),
    path("", include("search.urls")),
    path("", include("trends.urls")),
    path("", include("account_collections.urls")),
    path("", include("annual_reports.urls")),
    path("", include("media_attachments.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("", include("admin_api.urls")),
    path("", include("announcements.urls")),
    path("", include("chats.urls")),
    path("", include("pleroma_api.urls")),
    path("", include("activitypub.urls")),
    path("api/v1/streaming/health", health),
    path("", include("streaming.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^%s(?P<path>.*)$" % settings.MEDIA_URL.lstrip("/"), serve,
                               {"document_root": settings.MEDIA_ROOT}))

handler400 = "fedi.errors.handler400"
handler403 = "fedi.errors.handler403"
handler404 = "fedi.errors.handler404"
handler500 = "fedi.errors.handler500"
