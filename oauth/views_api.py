"""JSON API views of the oauth app: apps, OAuth server metadata, userinfo."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.auth import bearer_token, find_access_token
from oauth.discovery import server_metadata
from oauth.models import Application
from oauth.serializers import ApplicationSerializer, CredentialApplicationSerializer, UserinfoSerializer
from oauth.services import create_application


class AppsView(ApiView):
    """POST registers an app (anyone may, whatever token they send; a valid user token makes
    the user its owner, as Pleroma); GET lists the apps the user owns (Pleroma's index)."""

    access = {"POST": Access.public(), "GET": Access.user("read")}

    def get_authenticators(self):
        if self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get(self, request):
        apps = Application.objects.filter(user=request.user).order_by("-id")[:MAX_LISTED_APPS]
        # With the client_id (the owner's own), never the secret (kept hashed).
        return Response([{**ApplicationSerializer.render(app), "id": str(app.id), "client_id": app.client_id}
                         for app in apps])

    def post(self, request):
        params = self.params
        redirect_uris = params.raw("redirect_uris")
        if isinstance(redirect_uris, (list, dict)):
            redirect_uris = [str(uri) for uri in params.list("redirect_uris")]
        elif redirect_uris is not None:
            redirect_uris = str(redirect_uris)
        app, secret = create_application(
            name=params.str("client_name"),
            redirect_uris=redirect_uris,
            scope_string=params.str("scopes"),
            website=params.str("website"),
            owner=token_owner(request),
        )
        return Response(CredentialApplicationSerializer.render(app, client_secret=secret))


MAX_LISTED_APPS = 100


def token_owner(request):
    """The user of a valid bearer token sent with the request, or None (never an error)."""
    raw = bearer_token(request)
    token = find_access_token(raw) if raw else None
    return token.user if token is not None and token.user_id is not None else None


class AppVerifyCredentialsView(ApiView):
    access = {"GET": Access.app()}

    def get(self, request):
        return Response(ApplicationSerializer.render(self.token.application))


class AuthorizationServerMetadataView(ApiView):
    """GET /.well-known/oauth-authorization-server (RFC 8414)."""

    access = {"GET": Access.public()}
    authentication_classes = []  # discovery never depends on a token

    def get(self, request):
        return Response(server_metadata())


class UserinfoView(ApiView):
    """GET (or POST, as OpenID Connect allows) /oauth/userinfo: claims about the token's user."""

    access = {"GET": Access.user("profile"), "POST": Access.user("profile")}

    def get(self, request):
        return Response(UserinfoSerializer.render(self.viewer))

    def post(self, request):
        return self.get(request)
