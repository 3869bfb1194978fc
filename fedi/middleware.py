"""Small request middleware."""


class ApiCsrfExemptMiddleware:
    """The API authenticates with bearer tokens, never cookies: no CSRF check there.

    (OAuth's own endpoints for apps, token and revoke are exempt too: clients post to them
    from anywhere.)
    """

    EXEMPT_PREFIXES = ("/api/", "/oauth/token", "/oauth/revoke")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.EXEMPT_PREFIXES):
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class TrailingSlashMiddleware:
    """`/api/v1/instance/` is `/api/v1/instance`, as Rails routes it (Mastodon.py asks with the
    slash). The Django admin keeps its own slashes."""

    PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/nodeinfo/", "/auth/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if len(path) > 1 and path.endswith("/") and path.startswith(self.PREFIXES):
            request.path_info = path.rstrip("/")
            request.path = request.path[: len(request.path) - (len(path) - len(request.path_info))]
        return self.get_response(request)
