from django.http import HttpResponse


def health(request):
    """GET /api/v1/streaming/health: the streaming server is up."""
    return HttpResponse("OK", content_type="text/plain")
