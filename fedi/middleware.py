"""Small request middleware."""
from django.conf import settings


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


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response that has none (Django has no CSP of its
    own). Three policies (settings, each empty to send none):

    - API_CONTENT_SECURITY_POLICY on the API, OAuth and discovery routes: JSON is never a
      document to run anything in (Mastodon's Api::BaseController: default-src 'none',
      frame-ancestors 'none', form-action 'none').
    - MEDIA_CONTENT_SECURITY_POLICY on uploads served from MEDIA_URL: an uploaded file opened
      by itself runs nothing and is sandboxed (embedding it as <img>/<video> is unaffected).
    - CONTENT_SECURITY_POLICY on the server's own pages (sign-in, authorize, the Django
      admin): their scripts, styles and images only from this server (styles may be inline:
      the pages' stylesheet is in the template), never framed, no <base> hijack. No
      form-action: the authorize form's answer redirects to the app's redirect_uri, which a
      form-action 'self' would block in browsers that apply it to redirects.
    """

    API_PREFIXES = ("/api/", "/oauth/token", "/oauth/revoke", "/.well-known/", "/nodeinfo/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.api = settings.API_CONTENT_SECURITY_POLICY
        self.media = settings.MEDIA_CONTENT_SECURITY_POLICY
        self.pages = settings.CONTENT_SECURITY_POLICY
        self.media_prefix = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else None

    def policy_for(self, path):
        if path.startswith(self.API_PREFIXES):
            return self.api
        if self.media_prefix and path.startswith(self.media_prefix):
            return self.media
        return self.pages

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.policy_for(request.path)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
