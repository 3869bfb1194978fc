"""JSON API views of the oauth app: apps, OAuth server metadata, userinfo."""
from rest_framework.response import Response

from fedi.api import Access, ApiView
from oauth.discovery import server_metadata
from oauth.serializers import ApplicationSerializer, CredentialApplicationSerializer, UserinfoSerializer
from oauth.services import create_application


class AppsView(ApiView):
    access = {"POST": Access.public()}
    authentication_classes = []  # anyone may register an app, whatever token they send

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
        )
        return Response(CredentialApplicationSerializer.render(app, client_secret=secret))


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
