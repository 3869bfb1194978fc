"""POST /oauth/token and POST /oauth/revoke: JSON endpoints that clients call directly.

Parameters come from the query string, a form or JSON, with or without Content-Type
(oauth.backends gathers them for oauthlib; revoke reads them the same way).
"""
import json

from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import TokenView as ToolkitTokenView

from oauth.backends import lenient_body_pairs
from oauth.serializers import TokenSerializer
from oauth.tokens import (REVOKE_REFUSED, authenticate_client, basic_auth_credentials, find_issued_token, oauth_error,
                          revoke)
from oauth.validators import GRANT_TYPES

# oauthlib's answer headers worth keeping (Cache-Control: no-store and friends).
KEPT_HEADERS = ("Cache-Control", "Pragma", "WWW-Authenticate")


class TokenView(ToolkitTokenView):
    """authorization_code (with PKCE), password, client_credentials and refresh_token grants,
    answered with Mastodon's Token entity or an OAuth error."""

    def post(self, request, *args, **kwargs):
        grant_type = dict(lenient_body_pairs(request)).get("grant_type")
        if not grant_type:
            return JsonResponse({"error": "invalid_request",
                                 "error_description": "Missing required parameter: grant_type."}, status=400)
        if grant_type not in GRANT_TYPES:  # oauthlib knows more grants (device code) than Mastodon
            return JsonResponse(oauth_error({"error": "unsupported_grant_type"}), status=400)
        response = self.authorization_flow_token_response(request)
        try:
            body = json.loads(response.content or b"{}")
        except ValueError:
            body = {}
        if response.status_code == 200 and body.get("access_token"):
            token = find_issued_token(body["access_token"])
            data = TokenSerializer.render(token, raw_token=body["access_token"],
                                          refresh_token=body.get("refresh_token"))
            result = JsonResponse(data)
        else:
            status = response.status_code if 400 <= response.status_code < 500 else 400
            result = JsonResponse(oauth_error(body), status=status)
        for name in KEPT_HEADERS:
            if name in response:
                result[name] = response[name]
        return result


@method_decorator(csrf_exempt, name="dispatch")
class RevokeView(View):
    """Revokes a token the calling app owns: 200 {} (also for unknown tokens), else 403."""

    def post(self, request):
        params = dict(lenient_body_pairs(request))
        client_id, client_secret = basic_auth_credentials(request)
        if client_id is None:
            client_id, client_secret = params.get("client_id"), params.get("client_secret")
        client = authenticate_client(client_id, client_secret)
        if client is None or not revoke(params.get("token"), client):
            return JsonResponse(REVOKE_REFUSED, status=403)
        return JsonResponse({})
