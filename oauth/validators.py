"""Mastodon's rules on top of django-oauth-toolkit's validator."""
from oauth2_provider.oauth2_validators import OAuth2Validator

from fedi import scopes

# Doorkeeper's grant flows in Mastodon, plus refresh tokens.
GRANT_TYPES = ("authorization_code", "password", "client_credentials", "refresh_token")


class MastodonOAuth2Validator(OAuth2Validator):
    def validate_scopes(self, client_id, requested, client, request, *args, **kwargs):
        # Requested scopes must be granted by the app's scopes (a parent grants its children).
        if not requested:
            return True
        return not scopes.unknown(requested) and scopes.is_subset(requested, scopes.parse(client.scopes))

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return list(scopes.DEFAULT_SCOPES)

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        # Only the authorization code flow: Mastodon has no implicit grant.
        return response_type == "code"

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        # Every Mastodon app may use every grant Mastodon has (and no other).
        return grant_type in GRANT_TYPES

    # A disabled or suspended user gets no new token from an old grant: their refresh
    # tokens and not yet exchanged codes stop working the moment they are refused (the
    # password grant already refuses them: the sign-in backend does).
    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        return super().validate_refresh_token(refresh_token, client, request, *args, **kwargs) \
            and may_get_tokens(request.user)

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        return super().validate_code(client_id, code, client, request, *args, **kwargs) \
            and may_get_tokens(request.user)


def may_get_tokens(user):
    return user is not None and not user.disabled and not user.account.is_suspended
