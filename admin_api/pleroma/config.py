"""Pleroma's database configuration (GET/POST /api/v1/pleroma/admin/config and its
descriptions) over the settings this server has: the :pleroma, :instance keys that map to
the instance settings (editable), and those that show its fixed limits (read-only: they are
constants of the code here, so a change to them is refused rather than silently ignored).

Values use Pleroma's JSON forms: strings, booleans, integers, lists, and keyword lists as
[{"tuple": [":key", value]}, ...]."""
from dataclasses import dataclass
from typing import Any, Callable

from django.core.exceptions import ValidationError

from chats.models import MAX_CONTENT_LENGTH
from fedi.errors import ValidationFailed
from instance import limits
from instance.languages import is_language

GROUP, KEY = ":pleroma", ":instance"


@dataclass(frozen=True)
class Setting:
    key: str
    type: Any                  # Pleroma's description type: "string", "boolean", "integer", ["list", "string"]...
    description: str
    read: Callable              # site settings -> value
    write: Callable | None = None  # (values to save, value, site) -> None; None: read-only
    suggestions: tuple = ()


def _field(name):
    return lambda site: getattr(site, name)


def _set(name, strip=True):
    def write(values, value, site):
        values[name] = value.strip() if strip and isinstance(value, str) else value
    return write


def _registrations_open(values, value, site):
    mode = values.get("registrations_mode", site.registrations_mode)
    values["registrations_mode"] = ("approved" if mode == "approved" else "open") if value else "none"


def _approval_required(values, value, site):
    mode = values.get("registrations_mode", site.registrations_mode)
    values["registrations_mode"] = "approved" if value else ("open" if mode == "approved" else mode)


def _languages(values, value, site):
    codes = [code.strip().lower() for code in value]
    if not all(isinstance(code, str) and is_language(code) for code in codes):
        raise ValidationFailed("configs: :languages must be ISO 639-1 codes")
    values["languages"] = list(dict.fromkeys(codes))


def _fixed(value):
    return lambda site: value


def _limits():
    return [
        Setting(":limit", "integer", "Posts character limit (fixed on this server)",
                _fixed(limits.MAX_STATUS_CHARACTERS)),
        Setting(":chat_limit", "integer", "Character limit of chat messages (fixed on this server)",
                _fixed(MAX_CONTENT_LENGTH)),
        Setting(":description_limit", "integer", "Character limit of media descriptions (fixed on this server)",
                _fixed(limits.MEDIA_DESCRIPTION_LIMIT)),
        Setting(":upload_limit", "integer", "File size limit of uploads, in bytes (fixed on this server)",
                _fixed(max(limits.IMAGE_SIZE_LIMIT, limits.VIDEO_SIZE_LIMIT))),
        Setting(":max_media_attachments", "integer", "Maximum number of media attachments (fixed on this server)",
                _fixed(limits.MAX_MEDIA_ATTACHMENTS)),
        Setting(":max_pinned_statuses", "integer", "The maximum number of pinned statuses (fixed on this server)",
                _fixed(limits.MAX_PINNED_STATUSES)),
        Setting(":max_account_fields", "integer", "The maximum number of custom fields in the user profile "
                "(fixed on this server)", _fixed(limits.MAX_PROFILE_FIELDS)),
        Setting(":account_field_name_length", "integer", "An account field name maximum length (fixed on this server)",
                _fixed(limits.PROFILE_FIELD_NAME_LIMIT)),
        Setting(":account_field_value_length", "integer", "An account field value maximum length "
                "(fixed on this server)", _fixed(limits.PROFILE_FIELD_VALUE_LIMIT)),
        Setting(":user_bio_length", "integer", "A user bio maximum length (fixed on this server)",
                _fixed(limits.MAX_NOTE_LENGTH)),
        Setting(":user_name_length", "integer", "A user name maximum length (fixed on this server)",
                _fixed(limits.MAX_DISPLAY_NAME_LENGTH)),
        Setting(":poll_limits", "map", "A map with poll limits for local polls (fixed on this server)",
                _fixed([{"tuple": [":max_options", limits.POLL_MAX_OPTIONS]},
                        {"tuple": [":max_option_chars", limits.POLL_MAX_CHARACTERS_PER_OPTION]},
                        {"tuple": [":min_expiration", limits.POLL_MIN_EXPIRATION]},
                        {"tuple": [":max_expiration", limits.POLL_MAX_EXPIRATION]}])),
        Setting(":invites_enabled", "boolean", "Invite tokens work even while registrations are closed "
                "(always, on this server)", _fixed(True)),
        Setting(":account_activation_required", "boolean", "New users confirm their e-mail address "
                "(always, on this server)", _fixed(True)),
    ]


def settings() -> list[Setting]:
    return [
        Setting(":name", "string", "Name of the instance", _field("title"), _set("title"),
                ("Pleroma",)),
        Setting(":description", "string", "The instance's description", _field("short_description"),
                _set("short_description"), ("Very cool instance",)),
        Setting(":email", "string", "Email used to reach an Administrator/Moderator of the instance",
                _field("contact_email"), _set("contact_email"), ("email@example.com",)),
        Setting(":contact_username", "string", "Username of the local account shown as the contact",
                _field("contact_username"), _set("contact_username")),
        Setting(":registrations_open", "boolean",
                "Enable registrations for anyone. Invites still work while they are closed",
                lambda site: site.registrations_mode != "none", _registrations_open),
        Setting(":account_approval_required", "boolean", "Require users to be manually approved by an admin",
                lambda site: site.registrations_mode == "approved", _approval_required),
        Setting(":registration_reason_required", "boolean", "Sign-ups that need approval must give a reason",
                _field("require_invite_text"), _set("require_invite_text")),
        Setting(":registrations_message", "string", "Shown when registrations are closed (HTML or plain text)",
                _field("registrations_message"), _set("registrations_message")),
        Setting(":min_age", "integer", "Minimum age, in years, to sign up (empty: no minimum)",
                _field("min_age"), _set("min_age")),
        Setting(":languages", ["list", "string"], "Languages of the instance (ISO 639-1 codes)",
                lambda site: list(site.languages or []), _languages, (["en"],)),
        Setting(":status_page", "string", "The server's status page, if any", _field("status_page_url"),
                _set("status_page_url")),
        *_limits(),
    ]


def _kind_ok(setting, value) -> bool:
    kind = setting.type
    if setting.key == ":min_age":
        return value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 200)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == ["list", "string"]:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return True


def configs_json(site) -> dict:
    every = settings()
    values = [{"tuple": [setting.key, setting.read(site)]} for setting in every]
    return {"configs": [{"group": GROUP, "key": KEY, "value": values, "db": [s.key for s in every if s.write]}],
            "need_reboot": False}


def descriptions_json() -> list:
    children = []
    for setting in settings():
        child = {"key": setting.key, "type": setting.type, "description": setting.description}
        if setting.suggestions:
            child["suggestions"] = list(setting.suggestions)
        children.append(child)
    return [{"group": GROUP, "key": KEY, "type": "group", "description": "Instance-related settings",
             "children": children}]


def changes(configs, site) -> dict:
    """The instance settings a POST /config body asks for, validated (ValidationFailed, 422)."""
    if not isinstance(configs, list):
        raise ValidationFailed("configs: give a list of {group, key, value}")
    known = {setting.key: setting for setting in settings()}
    values: dict = {}
    for config in configs:
        if not isinstance(config, dict) or config.get("group") != GROUP or config.get("key") != KEY:
            raise ValidationFailed("configs: only group :pleroma, key :instance can be changed here")
        pairs = config.get("value") or []
        if not isinstance(pairs, list):
            raise ValidationFailed("configs: value must be a list of {tuple: [key, value]}")
        for pair in pairs:
            entry = pair.get("tuple") if isinstance(pair, dict) else None
            if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], str) \
                    or entry[0] not in known:
                shown = entry[0] if isinstance(entry, list) and entry else pair
                raise ValidationFailed(f"configs: unknown setting {shown!r}")
            setting, value = known[entry[0]], entry[1]
            if setting.write is None:
                if value != setting.read(site):
                    raise ValidationFailed(f"configs: {setting.key} is fixed on this server")
                continue
            if not _kind_ok(setting, value):
                raise ValidationFailed(f"configs: {setting.key} must be a {setting.type}")
            setting.write(values, value, site)
    return values


def validation_message(error: ValidationError) -> str:
    return f"configs: {'; '.join(error.messages)}"
