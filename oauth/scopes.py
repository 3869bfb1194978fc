"""django-oauth-toolkit's view of Mastodon's scopes, with the descriptions the consent page shows."""
from oauth2_provider.scopes import BaseScopes

from fedi import scopes

# Mastodon's wording (config/locales/doorkeeper.en.yml).
DESCRIPTIONS = {
    "read": "read all your account's data",
    "write": "modify all your account's data",
    "follow": "modify account relationships",
    "push": "receive your push notifications",
    "profile": "read only your account's profile information",
    "admin:read": "read all data on the server",
    "admin:write": "modify all data on the server",
    "read:accounts": "see accounts information",
    "read:blocks": "see your blocks",
    "read:bookmarks": "see your bookmarks",
    "read:collections": "see your collections",
    "read:favourites": "see your favorites",
    "read:filters": "see your filters",
    "read:follows": "see your follows",
    "read:lists": "see your lists",
    "read:mutes": "see your mutes",
    "read:notifications": "see your notifications",
    "read:reports": "see your reports",
    "read:search": "search on your behalf",
    "read:statuses": "see all posts",
    "write:accounts": "modify your profile",
    "write:blocks": "block accounts and domains",
    "write:bookmarks": "bookmark posts",
    "write:collections": "manage your collections",
    "write:conversations": "mute and delete conversations",
    "write:favourites": "favorite posts",
    "write:filters": "create filters",
    "write:follows": "follow people",
    "write:lists": "create lists",
    "write:media": "upload media files",
    "write:mutes": "mute people and conversations",
    "write:notifications": "clear your notifications",
    "write:reports": "report other people",
    "write:statuses": "publish posts",
    "admin:read:reports": "read sensitive information of all reports and reported accounts",
    "admin:write:accounts": "perform moderation actions on accounts",
    "admin:write:reports": "perform moderation actions on reports",
}


def describe(scope):
    if scope in DESCRIPTIONS:
        return DESCRIPTIONS[scope]
    if scope.startswith("admin:read:"):
        return "read sensitive information of all " + scope.split(":", 2)[2].replace("_", " ")
    if scope.startswith("admin:write:"):
        return "perform moderation actions on " + scope.split(":", 2)[2].replace("_", " ")
    return scope


class MastodonScopes(BaseScopes):
    def get_all_scopes(self):
        return {scope: describe(scope) for scope in scopes.ALL_SCOPES}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:
            return list(scopes.ALL_SCOPES)
        return sorted(scopes.expand(scopes.parse(application.scopes)))

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return list(scopes.DEFAULT_SCOPES)
