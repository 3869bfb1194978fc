"""The ceiling: a one-view Django app returning a small JSON object, the fastest any
Django endpoint can be on this machine. Served by the benchmark under gunicorn's sync
workers (`ceiling:wsgi`) and under the server `make run` uses (`ceiling:asgi`)."""
from pathlib import Path

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-ceiling",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return JsonResponse({"id": "1", "hello": "world", "ok": True})


urlpatterns = [path("", hello)]

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

wsgi = get_wsgi_application()
# As fedi/asgi.py serves HTTP (synchronous views on a thread pool), when it does.
if "a2wsgi" in (Path(__file__).resolve().parent.parent / "fedi" / "asgi.py").read_text():
    from a2wsgi import WSGIMiddleware

    asgi = WSGIMiddleware(wsgi, workers=10)
else:
    asgi = get_asgi_application()
