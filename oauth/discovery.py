"""RFC 8414 authorization server metadata, as Mastodon 4.3+ serves it."""
from fedi import scopes
from fedi.links import absolute
from oauth.validators import GRANT_TYPES


def server_metadata():
    return {
        "issuer": absolute("/"),
        "service_documentation": "https://docs.joinmastodon.org/",
        "authorization_endpoint": absolute("/oauth/authorize"),
        "token_endpoint": absolute("/oauth/token"),
        "app_registration_endpoint": absolute("/api/v1/apps"),
        "revocation_endpoint": absolute("/oauth/revoke"),
        "userinfo_endpoint": absolute("/oauth/userinfo"),
        "scopes_supported": list(scopes.ALL_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": list(GRANT_TYPES),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }
