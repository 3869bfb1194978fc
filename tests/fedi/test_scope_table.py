"""Who may call what, for EVERY route and method of the URL conf.

The expected token kind and scopes of each operation come from the OpenAPI file's `security`
entries, and from the tables below where the spec has no entry or Mastodon's source differs
from it. For every route and method the test checks

- the view's `access` declaration (fedi/auth.py) against that expectation, and, by requests
  through the whole stack,
- no token: 401 (public routes: not 401/403);
- a token without the needed scope: 403 (the streaming API: 401, as Mastodon's);
- an app-only token on a user-only route: 422;
- a token with the needed scope (an Owner's, so the admin API's role checks pass): not 401/403.

A route or method added later without an entry here (or in the spec) fails the test.
"""
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fedi import scopes as scope_model
from fedi.auth import APP, PUBLIC, USER, access_for
from tests.factories import make_token, make_user

SPEC = Path(__file__).resolve().parents[1] / "spec" / "mastodon-openapi.json"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
IGNORED = "token not looked at"

# Routes that no bearer token opens, and where their rules are tested.
NOT_TOKEN_ROUTES = {
    "/admin/": "the Django admin: staff sessions (tests/accounts/test_admin.py)",
    "/system/": "uploaded files, public (served only on the embedded default)",
}

# Operations that take an app-only token as well as a user's (Access.app).
APP_TOKEN = {
    ("GET", "/api/v1/apps/verify_credentials"),
    ("POST", "/api/v1/accounts"),                     # registering: the app's token
    ("POST", "/api/v1/emails/confirmations"),         # an unconfirmed user's, or the app's
    ("GET", "/api/v1/emails/check_confirmation"),
}

# Operations that need no token: the scopes a token must hold when one is sent (a token
# that is sent must be valid), or IGNORED when the token is not even looked at.
NO_TOKEN = {
    ("POST", "/api/v1/apps"): IGNORED,
    ("GET", "/.well-known/oauth-authorization-server"): IGNORED,
    ("GET", "/.well-known/webfinger"): IGNORED,
    ("GET", "/.well-known/host-meta"): IGNORED,
    ("GET", "/.well-known/nodeinfo"): IGNORED,
    ("GET", "/nodeinfo/2.0"): IGNORED,
    ("GET", "/api/v1/accounts"): ("read:accounts",),
    ("GET", "/api/v1/accounts/lookup"): ("read:accounts",),
    ("GET", "/api/v1/accounts/{id}"): ("read:accounts",),
    ("GET", "/api/v1/accounts/{id}/statuses"): ("read:statuses",),
    ("GET", "/api/v1/accounts/{id}/followers"): ("read:accounts",),
    ("GET", "/api/v1/accounts/{id}/following"): ("read:accounts",),
    ("GET", "/api/v1/accounts/{id}/endorsements"): ("read:accounts",),
    ("GET", "/api/v1/accounts/{id}/featured_tags"): (),
    ("GET", "/api/v1/timelines/public"): ("read:statuses",),
    ("GET", "/api/v1/timelines/tag/{hashtag}"): ("read:statuses",),
    ("GET", "/api/v1/timelines/link"): ("read:statuses",),
    ("GET", "/api/v1/statuses"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}/context"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}/history"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}/card"): ("read:statuses",),
    ("POST", "/api/v1/statuses/{id}/translate"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}/favourited_by"): ("read:accounts",),
    # Pleroma's reactions of a status: public as the status itself
    ("GET", "/api/v1/pleroma/statuses/{id}/reactions"): ("read:statuses",),
    ("GET", "/api/v1/pleroma/statuses/{id}/reactions/{emoji}"): ("read:statuses",),
    ("GET", "/api/v1/statuses/{id}/reblogged_by"): ("read:accounts",),
    ("GET", "/api/v1/polls/{id}"): ("read:statuses",),
    ("GET", "/api/v1/tags/{id}"): (),
    ("GET", "/api/v2/search"): ("read:search",),
    ("GET", "/api/v1/search"): ("read:search",),  # Mastodon 2.x, removed from the spec
    ("GET", "/api/v1/instance"): (),
    ("GET", "/api/v2/instance"): (),
    ("GET", "/api/v1/instance/peers"): (),
    ("GET", "/api/v1/instance/activity"): (),
    ("GET", "/api/v1/instance/rules"): (),
    ("GET", "/api/v1/instance/extended_description"): (),
    ("GET", "/api/v1/instance/privacy_policy"): (),
    ("GET", "/api/v1/instance/terms_of_service"): (),
    ("GET", "/api/v1/instance/terms_of_service/{date}"): (),
    ("GET", "/api/v1/instance/translation_languages"): (),
    ("GET", "/api/v1/instance/languages"): (),
    ("GET", "/api/v1/instance/domain_blocks"): (),
    ("GET", "/api/v1/custom_emojis"): (),
    ("GET", "/api/v1/directory"): (),
    ("GET", "/api/oembed"): (),
    ("GET", "/api/v1/trends"): (),  # deprecated alias of trends/tags
    ("GET", "/api/v1/trends/tags"): (),
    ("GET", "/api/v1/trends/statuses"): (),
    ("GET", "/api/v1/trends/links"): (),
    ("GET", "/api/v1/collections/{id}"): ("read:collections",),
    ("GET", "/api/v1/accounts/{id}/collections"): ("read:collections",),
    # Pleroma's public endpoints (pleroma_api)
    ("GET", "/api/v1/pleroma/accounts/{id}/favourites"): ("read:favourites",),
    ("GET", "/api/v1/pleroma/accounts/{id}/endorsements"): ("read:accounts",),
    ("GET", "/api/v1/pleroma/accounts/{id}/scrobbles"): ("read",),
    ("POST", "/api/v1/pleroma/accounts/confirmation_resend"): IGNORED,
    ("POST", "/api/v1/pleroma/remote_interaction"): IGNORED,
    ("GET", "/api/v1/pleroma/statuses/{id}/quotes"): ("read:statuses",),
    ("GET", "/api/pleroma/frontend_configurations"): (),
    ("GET", "/api/v1/pleroma/healthcheck"): (),
    ("GET", "/api/v1/pleroma/federation_status"): (),
    ("GET", "/api/v1/pleroma/emoji"): (),
    ("GET", "/api/pleroma/emoji"): (),
    ("GET", "/api/v1/pleroma/emoji/packs"): (),
    ("GET", "/api/v1/pleroma/emoji/pack"): (),
    ("GET", "/api/pleroma/captcha"): (),  # Mastodon's DirectoriesController: no doorkeeper_authorize
    ("GET", "/api/v1/pleroma/captcha"): (),
    ("GET", "/api/v1/pleroma/emoji/packs/archive"): (),
}

# Scopes where the spec has no entry, or where the code follows Mastodon's source rather
# than the spec (the spec lists the legacy parent `follow` beside its children: it needs
# no entry, a parent's children are granted by it).
SCOPES = {
    # Pleroma's account credentials API
    ("POST", "/api/pleroma/change_password"): ("write:accounts",),
    ("POST", "/api/pleroma/change_email"): ("write:accounts",),
    ("POST", "/api/pleroma/delete_account"): ("write:accounts",),
    ("DELETE", "/api/pleroma/delete_account"): ("write:accounts",),
    ("POST", "/api/v1/pleroma/notifications/read"): ("write:notifications",),
    # Pleroma's emoji reactions (Pleroma: read:statuses / write:statuses)
    ("PUT", "/api/v1/pleroma/statuses/{id}/reactions/{emoji}"): ("write:statuses",),
    ("DELETE", "/api/v1/pleroma/statuses/{id}/reactions/{emoji}"): ("write:statuses",),
    # Pleroma's chats (read:chats / write:chats, granted by read / write)
    ("POST", "/api/v1/pleroma/chats/by-account-id/{id}"): ("write:chats",),
    ("GET", "/api/v2/pleroma/chats"): ("read:chats",),
    ("GET", "/api/v1/pleroma/chats"): ("read:chats",),
    ("GET", "/api/v1/pleroma/chats/{id}"): ("read:chats",),
    ("GET", "/api/v1/pleroma/chats/{id}/messages"): ("read:chats",),
    ("POST", "/api/v1/pleroma/chats/{id}/messages"): ("write:chats",),
    ("DELETE", "/api/v1/pleroma/chats/{id}/messages/{message_id}"): ("write:chats",),
    ("POST", "/api/v1/pleroma/chats/{id}/messages/{message_id}/read"): ("write:chats",),
    ("POST", "/api/v1/pleroma/chats/{id}/read"): ("write:chats",),
    # Pleroma's own client endpoints (pleroma_api)
    ("POST", "/api/v1/pleroma/accounts/{id}/subscribe"): ("write:follows",),
    ("POST", "/api/v1/pleroma/accounts/{id}/unsubscribe"): ("write:follows",),
    ("POST", "/api/v1/pleroma/scrobble"): ("write",),
    ("GET", "/api/v1/pleroma/birthdays"): ("read:accounts",),
    ("GET", "/api/pleroma/aliases"): ("read:accounts",),
    ("PUT", "/api/pleroma/aliases"): ("write:accounts",),
    ("DELETE", "/api/pleroma/aliases"): ("write:accounts",),
    ("POST", "/api/pleroma/disable_account"): ("write:accounts",),
    ("GET", "/api/v1/pleroma/reports"): ("read:reports",),
    ("GET", "/api/v1/pleroma/reports/{id}"): ("read:reports",),
    ("POST", "/api/pleroma/move_account"): ("write:accounts",),
    ("GET", "/api/v1/pleroma/mascot"): ("read:accounts",),
    ("PUT", "/api/v1/pleroma/mascot"): ("write:accounts",),
    ("PUT", "/api/pleroma/notification_settings"): ("write:accounts",),
    ("GET", "/api/v1/pleroma/settings/{app}"): ("read:accounts",),
    ("PATCH", "/api/v1/pleroma/settings/{app}"): ("write:accounts",),
    ("DELETE", "/api/v1/notifications/destroy_multiple"): ("write:notifications",),
    # Pleroma's bookmark folders and conversations
    ("GET", "/api/v1/pleroma/bookmark_folders"): ("read:bookmarks",),
    ("POST", "/api/v1/pleroma/bookmark_folders"): ("write:bookmarks",),
    ("PATCH", "/api/v1/pleroma/bookmark_folders/{id}"): ("write:bookmarks",),
    ("DELETE", "/api/v1/pleroma/bookmark_folders/{id}"): ("write:bookmarks",),
    ("GET", "/api/v1/pleroma/conversations/{id}"): ("read:statuses",),
    ("PATCH", "/api/v1/pleroma/conversations/{id}"): ("write:conversations",),
    ("GET", "/api/v1/pleroma/conversations/{id}/statuses"): ("read:statuses",),
    ("POST", "/api/v1/pleroma/conversations/read"): ("write:conversations",),
    # Pleroma's imports and backups
    ("POST", "/api/pleroma/follow_import"): ("write:follows",),
    ("POST", "/api/pleroma/mutes_import"): ("write:mutes",),
    ("POST", "/api/pleroma/blocks_import"): ("write:blocks",),
    ("GET", "/api/pleroma/imports"): ("read:follows",),
    ("GET", "/api/v1/pleroma/backups"): ("read:accounts",),
    ("POST", "/api/v1/pleroma/backups"): ("write:accounts",),
    # Pleroma: the apps the user registered
    ("GET", "/api/v1/apps"): ("read",),
    # PATCH beside the documented PUT (Rails routes both to update)
    ("PATCH", "/api/v1/lists/{id}"): ("write:lists",),
    ("PATCH", "/api/v1/filters/{id}"): ("write:filters",),
    ("PATCH", "/api/v2/filters/{id}"): ("write:filters",),
    ("PATCH", "/api/v2/filters/keywords/{id}"): ("write:filters",),
    ("GET", "/api/v1/notifications/policy"): ("read:notifications",),
    ("PUT", "/api/v1/notifications/policy"): ("write:notifications",),
    ("PATCH", "/api/v1/notifications/policy"): ("write:notifications",),
    ("PUT", "/api/v2/notifications/policy"): ("write:notifications",),
    ("POST", "/api/v1/notifications/dismiss"): ("write:notifications",),  # the pre-3.x form
    ("POST", "/api/v1/follows"): ("write:follows",),                       # remote follow by URI
    # Mastodon's controller: write / write:accounts to resend, read / read:accounts to check
    # (the spec lists no scope for the first, and has no entry for the second)
    ("POST", "/api/v1/emails/confirmations"): ("write:accounts",),
    ("GET", "/api/v1/emails/check_confirmation"): ("read:accounts",),
    ("POST", "/oauth/userinfo"): ("profile",),                             # OpenID Connect allows POST
    ("DELETE", "/api/v2/suggestions/{id}"): ("write:accounts",),
    # Mastodon: read / read:accounts to list suggestions, write / write:accounts to drop one
    ("GET", "/api/v1/suggestions"): ("read:accounts",),
    ("GET", "/api/v2/suggestions"): ("read:accounts",),
    ("DELETE", "/api/v1/suggestions/{id}"): ("write:accounts",),
    # The user's strikes and appeals (Mastodon's /disputes/strikes pages, as API; README: Moderation)
    ("GET", "/api/v1/disputes/strikes"): ("read:accounts",),
    ("GET", "/api/v1/disputes/strikes/{id}"): ("read:accounts",),
    ("POST", "/api/v1/disputes/strikes/{id}/appeal"): ("write:accounts",),
    # Mastodon's controller reads with read / read:notifications (the spec says write)
    ("GET", "/api/v2/notifications/{id}/accounts"): ("read:notifications",),
    # Mastodon: doorkeeper_authorize! :read
    ("GET", "/api/v1/announcements"): ("read",),
    # Mastodon's admin API (not in the spec's paths)
    ("GET", "/api/v1/admin/accounts"): ("admin:read:accounts",),
    ("GET", "/api/v2/admin/accounts"): ("admin:read:accounts",),
    ("GET", "/api/v1/admin/accounts/{id}"): ("admin:read:accounts",),
    ("DELETE", "/api/v1/admin/accounts/{id}"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/action"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/approve"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/reject"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/enable"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/unsilence"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/unsuspend"): ("admin:write:accounts",),
    ("POST", "/api/v1/admin/accounts/{id}/unsensitive"): ("admin:write:accounts",),
    ("GET", "/api/v1/admin/reports"): ("admin:read:reports",),
    ("GET", "/api/v1/admin/reports/{id}"): ("admin:read:reports",),
    ("PUT", "/api/v1/admin/reports/{id}"): ("admin:write:reports",),
    ("POST", "/api/v1/admin/reports/{id}/assign_to_self"): ("admin:write:reports",),
    ("POST", "/api/v1/admin/reports/{id}/unassign"): ("admin:write:reports",),
    ("POST", "/api/v1/admin/reports/{id}/resolve"): ("admin:write:reports",),
    ("POST", "/api/v1/admin/reports/{id}/reopen"): ("admin:write:reports",),
    ("GET", "/api/v1/admin/domain_blocks"): ("admin:read:domain_blocks",),
    ("POST", "/api/v1/admin/domain_blocks"): ("admin:write:domain_blocks",),
    ("GET", "/api/v1/admin/domain_blocks/{id}"): ("admin:read:domain_blocks",),
    ("PUT", "/api/v1/admin/domain_blocks/{id}"): ("admin:write:domain_blocks",),
    ("DELETE", "/api/v1/admin/domain_blocks/{id}"): ("admin:write:domain_blocks",),
    ("GET", "/api/v1/admin/domain_allows"): ("admin:read:domain_allows",),
    ("POST", "/api/v1/admin/domain_allows"): ("admin:write:domain_allows",),
    ("GET", "/api/v1/admin/domain_allows/{id}"): ("admin:read:domain_allows",),
    ("DELETE", "/api/v1/admin/domain_allows/{id}"): ("admin:write:domain_allows",),
    ("GET", "/api/v1/admin/email_domain_blocks"): ("admin:read:email_domain_blocks",),
    ("POST", "/api/v1/admin/email_domain_blocks"): ("admin:write:email_domain_blocks",),
    ("GET", "/api/v1/admin/email_domain_blocks/{id}"): ("admin:read:email_domain_blocks",),
    ("DELETE", "/api/v1/admin/email_domain_blocks/{id}"): ("admin:write:email_domain_blocks",),
    ("GET", "/api/v1/admin/ip_blocks"): ("admin:read:ip_blocks",),
    ("POST", "/api/v1/admin/ip_blocks"): ("admin:write:ip_blocks",),
    ("GET", "/api/v1/admin/ip_blocks/{id}"): ("admin:read:ip_blocks",),
    ("PUT", "/api/v1/admin/ip_blocks/{id}"): ("admin:write:ip_blocks",),
    ("DELETE", "/api/v1/admin/ip_blocks/{id}"): ("admin:write:ip_blocks",),
    ("GET", "/api/v1/admin/canonical_email_blocks"): ("admin:read:canonical_email_blocks",),
    ("POST", "/api/v1/admin/canonical_email_blocks"): ("admin:write:canonical_email_blocks",),
    ("GET", "/api/v1/admin/canonical_email_blocks/{id}"): ("admin:read:canonical_email_blocks",),
    ("DELETE", "/api/v1/admin/canonical_email_blocks/{id}"): ("admin:write:canonical_email_blocks",),
    ("POST", "/api/v1/admin/canonical_email_blocks/test"): ("admin:read:canonical_email_blocks",),
    ("POST", "/api/v1/admin/measures"): ("admin:read",),
    ("POST", "/api/v1/admin/dimensions"): ("admin:read",),
    ("POST", "/api/v1/admin/retention"): ("admin:read",),
}

# Pleroma's admin API (admin_api/pleroma): Pleroma's scopes (its router and controllers),
# also under the older /api/pleroma/admin/ prefix.
PLEROMA_ADMIN = {
    ("POST", "/api/v1/pleroma/admin/users/follow"): ("admin:write:follows",),
    ("POST", "/api/v1/pleroma/admin/users/unfollow"): ("admin:write:follows",),
    ("PUT", "/api/v1/pleroma/admin/users/tag"): ("admin:write:accounts",),
    ("DELETE", "/api/v1/pleroma/admin/users/tag"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/force_password_reset"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/confirm_email"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/resend_confirmation_email"): ("admin:write:accounts",),
    ("POST", "/api/v1/pleroma/admin/users/invite_token"): ("admin:write:invites",),
    ("GET", "/api/v1/pleroma/admin/users/invites"): ("admin:read:invites",),
    ("POST", "/api/v1/pleroma/admin/users/revoke_invite"): ("admin:write:invites",),
    ("POST", "/api/v1/pleroma/admin/users/email_invite"): ("admin:write:invites",),
    ("GET", "/api/v1/pleroma/admin/users/permission_group/{id}"): ("admin:read:accounts",),
    ("POST", "/api/v1/pleroma/admin/users/permission_group/{id}"): ("admin:write:accounts",),
    ("DELETE", "/api/v1/pleroma/admin/users/permission_group/{id}"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/activate"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/deactivate"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/approve"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/suggest"): ("admin:write:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/unsuggest"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users"): ("admin:read:accounts",),
    ("POST", "/api/v1/pleroma/admin/users"): ("admin:write:accounts",),
    ("DELETE", "/api/v1/pleroma/admin/users"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}"): ("admin:read:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/statuses"): ("admin:read:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/{id}/toggle_activation"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/permission_group"): ("admin:read:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/permission_group/{id}"): ("admin:read:accounts",),
    ("POST", "/api/v1/pleroma/admin/users/{id}/permission_group/{id}"): ("admin:write:accounts",),
    ("DELETE", "/api/v1/pleroma/admin/users/{id}/permission_group/{id}"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/instances/{id}/statuses"): ("admin:read:accounts",),
    ("GET", "/api/v1/pleroma/admin/reports"): ("admin:read:reports",),
    ("PATCH", "/api/v1/pleroma/admin/reports"): ("admin:write:reports",),
    ("GET", "/api/v1/pleroma/admin/reports/{id}"): ("admin:read:reports",),
    ("POST", "/api/v1/pleroma/admin/reports/{id}/notes"): ("admin:write:reports",),
    ("DELETE", "/api/v1/pleroma/admin/reports/{id}/notes/{id}"): ("admin:write:reports",),
    ("GET", "/api/v1/pleroma/admin/statuses"): ("admin:read:statuses",),
    ("GET", "/api/v1/pleroma/admin/statuses/{id}"): ("admin:read:statuses",),
    ("PUT", "/api/v1/pleroma/admin/statuses/{id}"): ("admin:write:statuses",),
    ("DELETE", "/api/v1/pleroma/admin/statuses/{id}"): ("admin:write:statuses",),
    ("GET", "/api/v1/pleroma/admin/announcements"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/announcements"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/announcements/{id}"): ("admin:read",),
    ("PATCH", "/api/v1/pleroma/admin/announcements/{id}"): ("admin:write",),
    ("DELETE", "/api/v1/pleroma/admin/announcements/{id}"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/oauth_app"): ("admin:write",),
    ("POST", "/api/v1/pleroma/admin/oauth_app"): ("admin:write",),
    ("PATCH", "/api/v1/pleroma/admin/oauth_app/{id}"): ("admin:write",),
    ("DELETE", "/api/v1/pleroma/admin/oauth_app/{id}"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/instance_document/{id}"): ("admin:read",),
    ("PATCH", "/api/v1/pleroma/admin/instance_document/{id}"): ("admin:write",),
    ("DELETE", "/api/v1/pleroma/admin/instance_document/{id}"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/frontends"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/frontends"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/frontends/install"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/frontends/install"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/config"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/config"): ("admin:write",),
    ("GET", "/api/v1/pleroma/admin/config/descriptions"): ("admin:read",),
    ("GET", "/api/v1/pleroma/admin/need_reboot"): ("admin:read",),
    ("GET", "/api/v1/pleroma/admin/moderation_log"): ("admin:read",),
    ("GET", "/api/v1/pleroma/admin/stats"): ("admin:read",),
    ("GET", "/api/v1/pleroma/admin/relay"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/relay"): ("admin:write:follows",),
    ("DELETE", "/api/v1/pleroma/admin/relay"): ("admin:write:follows",),
    ("GET", "/api/v1/pleroma/admin/media_proxy_caches"): ("admin:read:media_proxy_caches",),
    ("POST", "/api/v1/pleroma/admin/media_proxy_caches/delete"): ("admin:write:media_proxy_caches",),
    ("POST", "/api/v1/pleroma/admin/media_proxy_caches/purge"): ("admin:write:media_proxy_caches",),
    ("PUT", "/api/v1/pleroma/admin/users/disable_mfa"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/credentials"): ("admin:read:accounts",),
    ("PATCH", "/api/v1/pleroma/admin/users/{id}/credentials"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/password_reset"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/users/{id}/chats"): ("admin:read:chats",),
    ("GET", "/api/v1/pleroma/admin/chats/{id}"): ("admin:read:chats",),
    ("GET", "/api/v1/pleroma/admin/chats/{id}/messages"): ("admin:read:chats",),
    ("DELETE", "/api/v1/pleroma/admin/chats/{id}/messages/{id}"): ("admin:write:chats",),
    ("POST", "/api/v1/pleroma/admin/backups"): ("admin:read:accounts",),
    ("GET", "/api/v1/pleroma/admin/restart"): ("admin:write",),
    ("DELETE", "/api/v1/pleroma/admin/instances/{id}"): ("admin:write:accounts",),
    ("GET", "/api/v1/pleroma/admin/rules"): ("admin:read",),
    ("POST", "/api/v1/pleroma/admin/rules"): ("admin:write",),
    ("PATCH", "/api/v1/pleroma/admin/rules/{id}"): ("admin:write",),
    ("DELETE", "/api/v1/pleroma/admin/rules/{id}"): ("admin:write",),
    ("POST", "/api/v1/pleroma/admin/reload_emoji"): ("admin:write",),
}
SCOPES.update(PLEROMA_ADMIN)
# Mastodon's admin trends review (the spec file has no entry; Mastodon's controllers: admin:read / admin:write)
SCOPES.update({("GET", f"/api/v1/admin/trends/{kind}"): ("admin:read",) for kind in ("tags", "statuses", "links")})
SCOPES.update({("POST", f"/api/v1/admin/trends/{kind}/{{id}}/{verb}"): ("admin:write",)
               for kind in ("tags", "statuses", "links") for verb in ("approve", "reject")})
SCOPES.update({(method, route.replace("/api/v1/pleroma/admin/", "/api/pleroma/admin/")): scopes
               for (method, route), scopes in PLEROMA_ADMIN.items()})

# Operations whose handler itself answers 403 to an empty request from an authorized
# caller (the message then must not be the scope refusal).
HANDLER_FORBIDS = {
    ("POST", "/api/pleroma/change_password"): "Invalid password.",
    ("POST", "/api/pleroma/change_email"): "Invalid password.",
    ("POST", "/api/pleroma/delete_account"): "Invalid password.",
    ("DELETE", "/api/pleroma/delete_account"): "Invalid password.",
    ("POST", "/api/pleroma/disable_account"): "Invalid password.",
    ("POST", "/api/pleroma/move_account"): "Invalid password.",
    ("POST", "/api/v1/emails/confirmations"):
        "This method is only available to the application the user originally signed-up with",
}

# Routes outside DRF (OAuth's own endpoints, web pages, health): no bearer token decides
# them. The status each answers to an empty request without credentials.
NON_API = {
    ("GET", "/auth/sign_in"): 200,
    ("POST", "/auth/sign_in"): 401,
    ("GET", "/auth/sign_out"): 200,
    ("POST", "/auth/sign_out"): 302,
    ("GET", "/oauth/authorize"): 302,         # to the sign-in page
    ("POST", "/oauth/authorize"): 302,
    ("PUT", "/oauth/authorize"): 302,
    ("GET", "/oauth/authorize/native"): 400,  # no code to show
    ("GET", "/auth/confirmation"): 404,       # no such confirmation token
    ("GET", "/auth/password/edit"): 400,      # no such password reset token
    ("POST", "/auth/password/edit"): 400,
    ("POST", "/oauth/token"): 400,
    ("POST", "/oauth/revoke"): 403,
    ("GET", "/api/v1/streaming/health"): 200,
    ("GET", "/health"): 200,
    ("GET", "/@<str:username>/<str:status_id>/embed"): 404,  # embed page; no such status
    ("GET", "/@<str:username>/<str:status_id>"): 404,        # status page; no such status
    ("GET", "/@<str:username>"): 404,                  # profile page; no such account
    ("GET", "/users/<str:username>"): 404,             # ActivityPub actor
    ("GET", "/users/<str:username>/followers"): 404,
    ("GET", "/users/<str:username>/following"): 404,
    ("GET", "/users/<str:username>/outbox"): 404,
    ("GET", "/authorize_interaction"): 404,            # no uri given
    ("GET", "/ostatus_subscribe"): 404,                # Pleroma's name of it; no acct given
    ("GET", "/main/ostatus"): 404,                     # Pleroma's remote-follow page; no such account

}

# The streaming API over HTTP (one regex route): every stream needs a user token; scope
# failures are 401, as Mastodon's streaming server answers.
STREAMS = {
    "/api/v1/streaming/user": ("read:statuses",),
    "/api/v1/streaming/user/notification": ("read:notifications",),
    "/api/v1/streaming/list?list=1": ("read:statuses",),
    "/api/v1/streaming/direct": ("read:statuses",),
    "/api/v1/streaming/public": (),
    "/api/v1/streaming/public/local": (),
    "/api/v1/streaming/public/remote": (),
    "/api/v1/streaming/hashtag?tag=x": (),
    "/api/v1/streaming/hashtag/local?tag=x": (),
}
STREAM_ROUTE = "/api/v1/streaming/(?P<path>.+)$"


def normalize(route):
    """/api/v1/statuses/<str:status_id>, /api/v1/statuses/{id}: /api/v1/statuses/{}."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", route)


@lru_cache(maxsize=1)
def spec_scopes():
    spec = json.loads(SPEC.read_text())
    found = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method.upper() in METHODS and operation.get("security") is not None:
                scopes = [scope for entry in operation["security"] for scope in entry.get("OAuth2", [])]
                # `follow` beside read:follows etc.: the child is what is needed
                scopes = [scope for scope in scopes
                          if not any(other in scope_model.CHILDREN.get(scope, ()) for other in scopes)]
                found[(method.upper(), normalize(path))] = tuple(scopes)
    return found


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route, pattern.callback


def _methods(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return ["GET"]  # function views here: health and the streams (GET only)
    return [method for method in METHODS if hasattr(view_class, method.lower())]


@lru_cache(maxsize=1)
def operations():
    """(method, route, callback) of every operation of the URL conf."""
    found = []
    for route, callback in _walk(get_resolver("fedi.urls")):
        if route.startswith(tuple(NOT_TOKEN_ROUTES)):
            continue
        for method in _methods(callback):
            found.append((method, route, callback))
    return found


def expected(method, route):
    """(token kind, scopes) an operation should declare, or None when nothing says."""
    key = (method, normalize(route))
    no_token = {(m, normalize(r)): scopes for (m, r), scopes in NO_TOKEN.items()}
    scopes_table = {(m, normalize(r)): scopes for (m, r), scopes in SCOPES.items()}
    if key in no_token:
        scopes = no_token[key]
        return PUBLIC, () if scopes == IGNORED else scopes
    scopes = scopes_table.get(key, spec_scopes().get(key))
    if scopes is None:
        return None
    kind = APP if key in {(m, normalize(r)) for m, r in APP_TOKEN} else USER
    return kind, tuple(scopes)


def api_operations():
    return [(method, route) for method, route, callback in operations()
            if (method, normalize(route)) not in {(m, normalize(r)) for m, r in NON_API} and route != STREAM_ROUTE]


def concrete(route):
    return re.sub(r"<path:[^>]+>", "x", re.sub(r"<(?:str:)?[^>]+>", "1", route))


def wrong_scopes(needed):
    """A scope string granting none of the needed scopes."""
    pool = ["read", "write", "follow", "push", "profile", "admin:read", "admin:write"]
    return " ".join(scope for scope in pool if not scope_model.grants([scope], needed))


# --- the table itself -----------------------------------------------------------------------

@pytest.mark.urls("fedi.urls")
def test_every_operation_has_an_entry():
    missing = [f"{method} {route}" for method, route in api_operations() if expected(method, route) is None]
    assert not missing, f"no scope expectation (spec or table) for: {missing}"
    non_api = {(m, normalize(r)) for m, r in NON_API}
    served = {(method, normalize(route)) for method, route, _ in operations()}
    assert non_api <= served, f"NON_API lists operations that no longer exist: {non_api - served}"
    assert len(api_operations()) > 200


@pytest.mark.urls("fedi.urls")
def test_every_declaration_matches_the_table():
    wrong = []
    for method, route, callback in operations():
        if (method, route) not in api_operations():
            continue
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        declared = access_for(view_class, method)
        kind, scopes = expected(method, route)
        if declared is None or declared.token != kind or set(declared.scopes) != set(scopes):
            wrong.append(f"{method} {route}: declares {declared}, expected {kind} {scopes}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def owner(db):
    return make_user("owner", role="Owner")


def _call(client, method, path, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(path, **extra)
    return client.generic(method, path, b"", content_type="application/x-www-form-urlencoded", **extra)


@pytest.mark.urls("fedi.urls")
@pytest.mark.parametrize("method, route", [pytest.param(m, r, id=f"{m} {r}") for m, r in api_operations()])
def test_access_over_http(client, owner, method, route):
    kind, scopes = expected(method, route)
    path = concrete(route)
    anonymous = _call(client, method, path)
    if kind == PUBLIC:
        assert anonymous.status_code not in (401, 403), anonymous.content
    else:
        assert anonymous.status_code == 401, anonymous.content
        assert anonymous.json() == {"error": "The access token is invalid"}

    if scopes:
        refused = _call(client, method, path, make_token(owner, scopes=wrong_scopes(scopes)))
        assert refused.status_code == 403, refused.content
        assert refused.json() == {"error": "This action is outside the authorized scopes"}

    granted = scopes[0] if scopes else "read"
    if kind == USER:
        app_only = _call(client, method, path, make_token(None, scopes=granted))
        assert app_only.status_code == 422, app_only.content
        assert app_only.json() == {"error": "This method requires an authenticated user"}

    allowed = _call(client, method, path, make_token(owner, scopes=granted))
    forbidding = HANDLER_FORBIDS.get((method, normalize(route)))
    if forbidding and allowed.status_code == 403:
        assert allowed.json() == {"error": forbidding}
    else:
        assert allowed.status_code not in (401, 403), allowed.content
    assert allowed.status_code < 500, allowed.content


@pytest.mark.urls("fedi.urls")
@pytest.mark.parametrize("method, route", sorted(NON_API))
def test_routes_outside_the_api_answer_without_a_token(client, db, method, route):
    response = _call(client, method, route)
    assert response.status_code == NON_API[(method, route)], response.content
    # a made-up bearer token changes nothing there
    assert _call(client, method, route, "made-up").status_code == NON_API[(method, route)]


@pytest.mark.urls("fedi.urls")
def test_the_streams_route_is_in_the_table():
    assert STREAM_ROUTE in {route for _method, route, _callback in operations()}


@pytest.mark.urls("fedi.urls")
@pytest.mark.django_db(transaction=True)  # the streams read tokens in a thread of their own
@pytest.mark.parametrize("path", sorted(STREAMS))
def test_streams_refuse_missing_tokens_and_scopes(client, owner, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json() == {"error": "Missing access token"}
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {make_token(None, scopes='read')}")
    assert response.status_code == 401  # an app token opens no stream
    assert response.json() == {"error": "Invalid access token"}
    if STREAMS[path]:
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {make_token(owner, scopes=wrong_scopes(STREAMS[path]))}")
        assert response.status_code == 401
        assert response.json() == {"error": "Access token does not have the required scopes"}


def test_wrong_scopes_grant_nothing_needed():
    assert wrong_scopes(("write:statuses",)) == "read follow push profile admin:read admin:write"
    assert not scope_model.grants(scope_model.parse(wrong_scopes(("read:blocks",))), ("read:blocks",))
