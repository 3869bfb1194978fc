"""Application and CredentialApplication entities."""
from accounts.serializers import MISSING_AVATAR, account_uri, account_url
from fedi import scopes
from fedi.links import absolute, media
from fedi.serializers import EntitySerializer
from instance.services import vapid_public_key


class ApplicationSerializer(EntitySerializer):
    def to_representation(self, app):
        uris = app.redirect_uri_list
        return {
            "id": str(app.id),
            "name": app.name,
            "website": app.website or None,
            "scopes": scopes.parse(app.scopes),
            "redirect_uri": "\n".join(uris),
            "redirect_uris": uris,
            "vapid_key": vapid_public_key(),
        }


class CredentialApplicationSerializer(ApplicationSerializer):
    """Only right after registration: the client secret is never shown again."""

    def to_representation(self, app):
        data = super().to_representation(app)
        data["client_id"] = app.client_id
        data["client_secret"] = self.context["client_secret"]
        data["client_secret_expires_at"] = 0
        return data


class TokenSerializer(EntitySerializer):
    """The Token entity from an AccessToken row; the raw token (and any refresh token) come
    from the token endpoint's answer, since only checksums may be stored."""

    def to_representation(self, token):
        data = {
            "access_token": self.context["raw_token"],
            "token_type": "Bearer",
            "scope": " ".join(scopes.parse(token.scope)),
            "created_at": int(token.created.timestamp()),
        }
        if self.context.get("refresh_token"):
            data["refresh_token"] = self.context["refresh_token"]
        return data


class UserinfoSerializer(EntitySerializer):
    """OpenID Connect claims about the signed-in user's account (GET /oauth/userinfo)."""

    def to_representation(self, account):
        return {
            "iss": absolute("/"),
            "sub": account_uri(account),
            "name": account.display_name,
            "preferred_username": account.username,
            "profile": account_url(account),
            "picture": media(account.avatar, MISSING_AVATAR),
        }
