"""Account, CredentialAccount, Profile, Preferences, Role and AccountRole entities."""
from datetime import datetime, time, timezone

from django.conf import settings
from django.db.models import Q

from accounts.models import Account, UserRole
from fedi.formats import iso, iso_date
from fedi.links import absolute, media
from fedi.serializers import EntitySerializer
from fedi.text import extract, render, render_inline, sanitize

MISSING_AVATAR = "avatars/original/missing.png"
MISSING_HEADER = "headers/original/missing.png"


def account_url(account):
    if account.url:
        return account.url
    return absolute(f"/@{account.username}")


def account_uri(account):
    if account.uri:
        return account.uri
    return absolute(f"/users/{account.username}")


def field_json(field, html=True, mention_urls=None, local=True):
    """A profile field; its value as HTML (linked, one line) unless html is False."""
    value = field.get("value", "")
    if html:
        value = render_inline(value, mention_urls) if local else sanitize(value)
    return {"name": field.get("name", ""), "value": value, "verified_at": field.get("verified_at")}


def _local_domains():
    return {settings.LOCAL_DOMAIN.lower(), settings.WEB_DOMAIN.lower()}


def _profile_mentions(account):
    texts = [account.note or ""] + [field.get("value", "") for field in account.fields or []]
    return {mention for text in texts if "@" in text for mention in extract(text).mentions}


def profile_mention_urls_many(accounts):
    """{account id: {(username, domain): profile URL}} for the known accounts mentioned in
    the bios and fields of local accounts, in one query for all of them (none when nobody
    mentions anyone)."""
    mentions_by_account = {account.id: _profile_mentions(account) for account in accounts if account.is_local}
    everything = {mention for mentions in mentions_by_account.values() for mention in mentions}
    if not everything:
        return {account_id: {} for account_id in mentions_by_account}
    local_domains = _local_domains()

    def key(username, domain):
        return username.lower(), None if domain is None or domain.lower() in local_domains else domain.lower()

    wanted = Q()
    for username, domain in everything:
        username, domain = key(username, domain)
        wanted |= (Q(username__iexact=username, domain__isnull=True) if domain is None
                   else Q(username__iexact=username, domain__iexact=domain))
    found = {key(mentioned.username, mentioned.domain): account_url(mentioned)
             for mentioned in Account.objects.filter(wanted).only("id", "username", "domain", "url")}
    return {account_id: {mention: found[key(*mention)] for mention in mentions if key(*mention) in found}
            for account_id, mentions in mentions_by_account.items()}


def profile_mention_urls(account):
    """{(username, domain): profile URL} for the known accounts mentioned in a local
    account's bio and fields."""
    return profile_mention_urls_many([account]).get(account.id, {})


def role_json(role):
    """The Role entity; users without a staff role have Mastodon's 'everyone' role."""
    if role is None:
        return {"id": str(UserRole.EVERYONE_ID), "name": "", "permissions": str(UserRole.EVERYONE_PERMISSIONS),
                "color": "", "highlighted": False, "collection_limit": _collection_limit()}
    return {"id": str(role.id), "name": role.name, "permissions": str(role.permissions), "color": role.color,
            "highlighted": role.highlighted, "collection_limit": _collection_limit()}


def _collection_limit():
    """The collections a user may create (account_collections.services.collection_limit:
    one limit for every role here)."""
    return int(getattr(settings, "COLLECTION_LIMIT", 10))


def _midnight(moment):
    # Mastodon shows when an account was created to the day, to keep sign-ups private.
    return datetime.combine(moment.astimezone(timezone.utc).date(), time(0, 0), tzinfo=timezone.utc)


# What an unavailable (suspended or deleted) account shows instead of its profile: the
# fields Mastodon's REST::AccountSerializer blanks when `unavailable?`, plus counts of 0
# (nothing its owner wrote or uploaded stays visible, nor how many followed it).
UNAVAILABLE = {
    "display_name": "", "note": "", "fields": [], "emojis": [], "avatar_description": "", "header_description": "",
    "locked": False, "bot": False, "discoverable": False, "indexable": False, "moved": None,
    "statuses_count": 0, "followers_count": 0, "following_count": 0, "suspended": True,
}


def feature_approval(account, viewer):
    """FeatureApproval: whether the account may be featured in collections. Mastodon ties it
    to `discoverable` for local accounts (anyone may, automatically); a remote account's
    server declared no policy here (`missing`). Blocks are checked when adding."""
    if not account.is_local:
        return {"automatic": [], "manual": [], "current_user": "missing"}
    if not account.discoverable or account.is_unavailable:
        return {"automatic": [], "manual": [], "current_user": "denied"}
    return {"automatic": ["public"], "manual": [], "current_user": "unknown" if viewer is None else "automatic"}


def unavailable_json(account):
    images = {"avatar": media(None, MISSING_AVATAR), "avatar_static": media(None, MISSING_AVATAR),
              "header": media(None, MISSING_HEADER), "header_static": media(None, MISSING_HEADER)}
    return {**UNAVAILABLE, **images, "roles": [] if account.is_local else None}


def actor_type(account):
    """The ActivityPub actor type Pleroma shows (source.pleroma.actor_type)."""
    return "Group" if account.group else "Service" if account.bot else "Person"


def pleroma_account_json(account, role, user, relationships=None):
    """Pleroma's `pleroma` object of an Account (AccountView): its staff flags and profile
    options; `relationship` when the caller asked for relationships ({} otherwise)."""
    relationship = (relationships or {}).get(account.id, {})
    return {
        "ap_id": account_uri(account),
        # Pleroma's aliases (PUT /api/pleroma/aliases), kept in the user's settings.
        "also_known_as": list(((user.settings or {}).get("also_known_as") or []) if user is not None else []),
        "is_admin": bool(role and role.can("manage_settings")),
        "is_moderator": bool(role and role.can("manage_reports")),
        # Remote accounts are confirmed by their own server.
        "is_confirmed": user.confirmed_at is not None if user is not None else True,
        "hide_favorites": account.hide_favorites,
        "hide_followers": account.hide_followers,
        "hide_follows": account.hide_follows,
        "hide_followers_count": account.hide_followers_count,
        "hide_follows_count": account.hide_follows_count,
        "relationship": relationship,
        "background_image": (media((user.settings or {}).get("pleroma_background_image"))
                             if user is not None and (user.settings or {}).get("pleroma_background_image") else None),
        "skip_thread_containment": account.skip_thread_containment,
        "tags": list(account.moderation_tag_names or []),
        "accepts_chat_messages": account.accepts_chat_messages,
        "birthday": account.birthday.isoformat() if account.birthday and account.show_birthday else None,
        "favicon": None,
        "deactivated": account.is_suspended,
        "allow_following_move": (bool((user.settings or {}).get("allow_following_move", True))
                                 if user is not None else True),
    }


class AccountSerializer(EntitySerializer):
    def to_representation(self, account):
        data = self.available_json(account)
        if account.is_unavailable:
            data.update(unavailable_json(account))
        return data

    def available_json(self, account):
        user = getattr(account, "user", None) if account.is_local else None
        role = user.role if user is not None else None
        # Local bios are kept as typed and rendered here; remote ones arrive as HTML.
        if account.is_unavailable:
            mention_urls, note = None, ""  # blanked anyway: no need to look up its mentions
        elif account.is_local:
            preloaded = self.context.get("profile_mentions")
            mention_urls = (preloaded[account.id] if preloaded is not None and account.id in preloaded
                            else profile_mention_urls(account))
            note = render(account.note, mention_urls)
        else:
            mention_urls = None
            note = sanitize(account.note)
        return {
            "id": str(account.id),
            "username": account.username,
            "acct": account.acct,
            "url": account_url(account),
            "uri": account_uri(account),
            "display_name": account.display_name,
            "note": note,
            "avatar": media(account.avatar, MISSING_AVATAR),
            "avatar_static": media(account.avatar_static or account.avatar, MISSING_AVATAR),
            "avatar_description": account.avatar_description,
            "header": media(account.header, MISSING_HEADER),
            "header_static": media(account.header_static or account.header, MISSING_HEADER),
            "header_description": account.header_description,
            "locked": account.locked,
            "fields": [field_json(field, mention_urls=mention_urls, local=account.is_local)
                       for field in account.fields or []],
            "emojis": [],
            "bot": account.bot,
            "group": account.group,
            "discoverable": account.discoverable,
            "indexable": account.indexable,
            "noindex": account.noindex,
            "moved": (AccountSerializer.render(account.moved_to, **self.context)
                      if account.moved_to_id and not account.is_unavailable else None),
            "memorial": account.memorial,
            "suspended": account.is_suspended,
            "limited": account.is_silenced,
            "created_at": iso(_midnight(account.created_at)),
            "last_status_at": iso_date(account.last_status_at),
            "statuses_count": account.statuses_count,
            # Pleroma's hide_followers_count / hide_follows_count: 0 for everyone but the owner.
            "followers_count": 0 if account.hide_followers_count and not self._owner_sees(account)
            else account.followers_count,
            "following_count": 0 if account.hide_follows_count and not self._owner_sees(account)
            else account.following_count,
            "hide_collections": account.hide_collections,
            "show_media": account.show_media,
            "show_media_replies": account.show_media_replies,
            "show_featured": account.show_featured,
            "roles": ([{"id": str(role.id), "name": role.name, "color": role.color}]
                      if role is not None and role.highlighted else []) if account.is_local else None,
            "feature_approval": feature_approval(account, self.viewer),
            "pleroma": pleroma_account_json(account, role, user, self.context.get("relationships")),
        }


    owner_view = False  # CredentialAccount: always the owner's own account

    def _owner_sees(self, account):
        viewer = self.context.get("viewer")
        return self.owner_view or (viewer is not None and getattr(viewer, "id", None) == account.id)

    @classmethod
    def render_many(cls, instances, **context):
        instances = list(instances)
        if "profile_mentions" not in context:
            context["profile_mentions"] = profile_mention_urls_many(instances)
        return super().render_many(instances, **context)


class CredentialAccountSerializer(AccountSerializer):
    """The signed-in user's own account: Account plus `source` and `role`."""

    owner_view = True

    def to_representation(self, account):
        data = super().to_representation(account)
        user = account.user
        data["source"] = {
            "note": account.note,
            "fields": [field_json(field, html=False) for field in account.fields or []],
            "privacy": user.default_privacy,
            "sensitive": user.default_sensitive,
            "language": user.default_language,
            "follow_requests_count": self.context.get("follow_requests_count", 0),
            "hide_collections": account.hide_collections,
            "discoverable": account.discoverable,
            "indexable": account.indexable,
            "attribution_domains": list(user.settings.get("attribution_domains", [])),
            "quote_policy": user.settings.get("quote_policy", "public"),
            "pleroma": {
                "actor_type": actor_type(account),
                "discoverable": bool(account.discoverable),
                "show_role": bool(user.settings.get("show_role", True)),
                "no_rich_text": bool(user.settings.get("no_rich_text", False)),
            },
        }
        data["role"] = role_json(user.role)
        # The owner sees their own settings store, the birthday they keep private too and
        # their unread chats count (Pleroma's CredentialAccount additions).
        data["pleroma"] = {**data["pleroma"], "settings_store": dict(user.settings.get("pleroma_settings_store", {})),
                           "birthday": account.birthday.isoformat() if account.birthday else None,
                           "show_birthday": account.show_birthday,
                           "unread_conversation_count": 0, "notification_settings": notification_settings(user)}
        return data


def notification_settings(user):
    """Pleroma's notification settings (PUT /api/pleroma/notification_settings)."""
    stored = user.settings.get("pleroma_notification_settings", {})
    return {"block_from_strangers": bool(stored.get("block_from_strangers", False)),
            "hide_notification_contents": bool(stored.get("hide_notification_contents", False))}


def _nullable_media(file_field, static_field=None):
    """Profile shows no default image: null when there is none."""
    if static_field:
        return media(static_field)
    return media(file_field) if file_field else None


class ProfileSerializer(EntitySerializer):
    """The Profile entity: the signed-in user's editable profile, as typed (plain text). Its
    featured tags come rendered in the context (tags.views_profile renders them)."""

    def to_representation(self, account):
        user = account.user
        return {
            "id": str(account.id),
            "display_name": account.display_name,
            "note": account.note,
            "fields": [field_json(field, html=False) for field in account.fields or []],
            "avatar": _nullable_media(account.avatar),
            "avatar_static": _nullable_media(account.avatar, account.avatar_static),
            "avatar_description": account.avatar_description,
            "header": _nullable_media(account.header),
            "header_static": _nullable_media(account.header, account.header_static),
            "header_description": account.header_description,
            "locked": account.locked,
            "bot": account.bot,
            "hide_collections": account.hide_collections,
            "discoverable": account.discoverable,
            "indexable": account.indexable,
            "show_media": account.show_media,
            "show_media_replies": account.show_media_replies,
            "show_featured": account.show_featured,
            "attribution_domains": list((user.settings or {}).get("attribution_domains", [])),
            "featured_tags": list(self.context.get("featured_tags", [])),
        }


class PreferencesSerializer(EntitySerializer):
    """The Preferences entity, from accounts.services.profile.preferences(user)."""

    def to_representation(self, user):
        from accounts.services.profile import preferences  # a cycle: accounts.services.profile imports this module

        return preferences(user)
