"""Editing one's own profile (Mastodon's UpdateAccountService) and the owner's account
lifecycle (Pleroma's change_password, change_email, delete_account).

Every parameter is validated first, images included, so a request either changes
everything it asked for or nothing; only the parameters given change.
"""
import json
import re
from dataclasses import dataclass, field
from datetime import date

import regex
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts import images
from accounts.models import Account, User
from accounts.serializers import account_uri, account_url
from accounts.services.users import disable_user, suspend_account
from accounts.verification import is_verifiable, page_links_back
from fedi.errors import ApiError, Forbidden, ValidationFailed
from fedi.formats import iso
from fedi.ratelimit import SignInAttempt
from fedi.text import countable_length
from instance import limits
from instance.languages import is_language

MAX_ATTRIBUTION_DOMAINS = 10
MAX_SETTINGS_STORE = 100_000  # characters of JSON: frontends keep their settings here, not files
POSTING_PRIVACIES = ("public", "unlisted", "private")  # "direct" is no default
QUOTE_POLICIES = ("public", "followers", "nobody")
EXPAND_MEDIA = ("default", "show_all", "hide_all")
MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH = 8, 72  # Mastodon's (Devise) bounds

BOOLEAN_FLAGS = ("locked", "bot", "indexable", "show_media", "show_media_replies", "show_featured")
NULLABLE_FLAGS = ("discoverable", "hide_collections")

# What each endpoint accepts (the docs list different parameters for each).
_COMMON = {"display_name", "note", "avatar", "header", "avatar_description", "header_description", "locked",
           "bot", "discoverable", "hide_collections", "indexable", "fields_attributes", "attribution_domains"}
# Pleroma's update_credentials parameters that map to something this server keeps.
PLEROMA_FLAGS = ("hide_followers", "hide_follows", "hide_followers_count", "hide_follows_count", "hide_favorites",
                 "skip_thread_containment", "accepts_chat_messages", "show_birthday")
PLEROMA_PARAMS = frozenset(PLEROMA_FLAGS + ("pleroma_settings_store", "no_rich_text", "actor_type", "birthday",
                                            "pleroma_background_image", "also_known_as", "allow_following_move"))
MAX_ALSO_KNOWN_AS = 10
ACTOR_TYPES = {"Person": (False, False), "Service": (True, False), "Application": (True, False),
               "Group": (False, True)}
CREDENTIALS_PARAMS = frozenset(_COMMON | {"source"} | PLEROMA_PARAMS)
PROFILE_PARAMS = frozenset(_COMMON | {"show_media", "show_media_replies", "show_featured"})

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


@dataclass
class Changes:
    account: dict = field(default_factory=dict)
    user: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    fields: list | None = None                           # new profile fields, when given
    images: dict = field(default_factory=dict)           # images.ImageKind -> images.ProcessedImage
    background: object = None                            # Pleroma's background: a ProcessedImage, or "" to remove


def _length(text):
    return len(regex.findall(r"\X", text))


def _read_texts(params, accepted, changes, errors):
    if "display_name" in accepted and params.given("display_name"):
        display_name = params.str("display_name", "") or ""
        if _length(display_name) > limits.MAX_DISPLAY_NAME_LENGTH:
            errors.add("display_name", "ERR_TOO_LONG",
                       f"is too long (maximum is {limits.MAX_DISPLAY_NAME_LENGTH} characters)")
        changes.account["display_name"] = display_name.strip()
    if "note" in accepted and params.given("note"):
        note = params.str("note", "") or ""
        if countable_length(note) > limits.MAX_NOTE_LENGTH:
            errors.add("note", "ERR_TOO_LONG", f"is too long (maximum is {limits.MAX_NOTE_LENGTH} characters)")
        changes.account["note"] = note.strip()
    for name, limit in (("avatar_description", limits.MAX_AVATAR_DESCRIPTION_LENGTH),
                        ("header_description", limits.MAX_HEADER_DESCRIPTION_LENGTH)):
        if name in accepted and params.given(name):
            description = (params.str(name, "") or "").strip()
            if len(description) > limit:
                errors.add(name, "ERR_TOO_LONG", f"is too long (maximum is {limit} characters)")
            changes.account[name] = description


def _read_flags(params, accepted, changes):
    for name in BOOLEAN_FLAGS + NULLABLE_FLAGS:
        if name in accepted:
            value = params.bool(name)
            if value is not None:  # an empty value is "not given", as in Rails
                changes.account[name] = value


def _read_fields(params, errors):
    """The new profile fields, blank ones dropped (verification: see keep_verifications)."""
    items = params.list("fields_attributes")
    fields = []
    for item in items:
        if not isinstance(item, dict):
            errors.add("fields", "ERR_INVALID", "must each have a name and a value")
            return []
        name = "" if item.get("name") is None else str(item.get("name")).strip()
        value = "" if item.get("value") is None else str(item.get("value")).strip()
        if not name and not value:
            continue
        if len(name) > limits.PROFILE_FIELD_NAME_LIMIT:
            errors.add("fields", "ERR_TOO_LONG",
                       f"name is too long (maximum is {limits.PROFILE_FIELD_NAME_LIMIT} characters)")
        if len(value) > limits.PROFILE_FIELD_VALUE_LIMIT:
            errors.add("fields", "ERR_TOO_LONG",
                       f"value is too long (maximum is {limits.PROFILE_FIELD_VALUE_LIMIT} characters)")
        fields.append({"name": name, "value": value, "verified_at": None})
    if len(fields) > limits.MAX_PROFILE_FIELDS:
        errors.add("fields", "ERR_TOO_LONG", f"is too long (maximum is {limits.MAX_PROFILE_FIELDS} fields)")
    return fields


def normalize_domain(text):
    """A domain as typed ("https://Example.com/", "*.example.com") in its stored form."""
    domain = str(text or "").strip().lower()
    for prefix in ("https://", "http://", "*."):
        domain = domain.removeprefix(prefix)
    return domain.rstrip("/")


def _read_attribution_domains(params, errors):
    domains = []
    for item in params.list("attribution_domains"):
        domain = normalize_domain(item) if isinstance(item, (str, int)) else None
        if domain == "":
            continue
        try:
            ascii_domain = domain.encode("idna").decode("ascii") if domain else ""
        except UnicodeError:
            ascii_domain = ""
        if not DOMAIN_RE.match(ascii_domain):
            errors.add("attribution_domains", "ERR_INVALID", f"contains an invalid domain: {str(item)[:100]}")
            continue
        if domain not in domains:
            domains.append(domain)
    if len(domains) > MAX_ATTRIBUTION_DOMAINS:
        errors.add("attribution_domains", "ERR_TOO_LONG",
                   f"is too long (maximum is {MAX_ATTRIBUTION_DOMAINS} domains)")
    return domains


def _read_source(source, changes, errors):
    if source.given("privacy"):
        privacy = source.str("privacy")
        if privacy not in POSTING_PRIVACIES:
            errors.add("source[privacy]", "ERR_INCLUSION", "must be one of public, unlisted or private")
        else:
            changes.user["default_privacy"] = privacy
    sensitive = source.bool("sensitive")
    if sensitive is not None:
        changes.user["default_sensitive"] = sensitive
    if source.given("language"):
        language = (source.str("language") or "").strip().lower() or None
        if language is not None and not is_language(language):
            errors.add("source[language]", "ERR_INCLUSION", "must be an ISO 639-1 language code")
        else:
            changes.user["default_language"] = language
    if source.given("quote_policy"):
        policy = source.str("quote_policy")
        if policy not in QUOTE_POLICIES:
            errors.add("source[quote_policy]", "ERR_INCLUSION", "must be one of public, followers or nobody")
        else:
            changes.settings["quote_policy"] = policy


def _read_images(params, accepted, changes, errors):
    for kind in (images.AVATAR, images.HEADER):
        if kind.name not in accepted or not params.given(kind.name):
            continue
        upload = params.file(kind.name)
        if upload is None:
            if params.raw(kind.name) not in (None, ""):
                errors.add(kind.name, "ERR_INVALID", "must be an image file sent as multipart/form-data")
            continue
        try:
            changes.images[kind] = images.process_upload(upload, kind)
        except images.ImageRejected as rejection:
            errors.add(kind.name, "ERR_INVALID", str(rejection))


def _read_pleroma(params, accepted, changes, errors, settings_store):
    """Pleroma's parameters: hide_* and the other flags on the account, the settings store
    (merged per frontend, as Pleroma), no_rich_text, actor_type (bot/group) and the birthday."""
    for name in PLEROMA_FLAGS:
        if name in accepted:
            value = params.bool(name)
            if value is not None:
                changes.account[name] = value
    if "no_rich_text" in accepted:
        value = params.bool("no_rich_text")
        if value is not None:
            changes.settings["no_rich_text"] = value
    if "actor_type" in accepted and params.given("actor_type"):
        actor = params.str("actor_type")
        if actor not in ACTOR_TYPES:
            errors.add("actor_type", "ERR_INCLUSION", "must be one of Person, Service, Application or Group")
        else:
            changes.account["bot"], changes.account["group"] = ACTOR_TYPES[actor]
    if "birthday" in accepted and params.given("birthday"):
        text = (params.str("birthday") or "").strip()
        if not text:
            changes.account["birthday"] = None
        else:
            try:
                changes.account["birthday"] = date.fromisoformat(text)
            except ValueError:
                errors.add("birthday", "ERR_INVALID", "must be a date (YYYY-MM-DD)")
    if "allow_following_move" in accepted:
        value = params.bool("allow_following_move")
        if value is not None:
            changes.settings["allow_following_move"] = value
    if "also_known_as" in accepted and (params.given("also_known_as") or params.given("also_known_as[]")):
        aliases = [str(value).strip() for value in params.list("also_known_as") if str(value or "").strip()]
        if len(aliases) > MAX_ALSO_KNOWN_AS or not all(
                re.match(r"^https?://[^\s/]+", alias) and len(alias) <= 2048 for alias in aliases):
            errors.add("also_known_as", "ERR_INVALID",
                       f"must be at most {MAX_ALSO_KNOWN_AS} ActivityPub ids (http or https URLs)")
        else:
            changes.settings["also_known_as"] = list(dict.fromkeys(aliases))
    if "pleroma_background_image" in accepted and params.given("pleroma_background_image"):
        upload = params.file("pleroma_background_image")
        if upload is None:
            if params.raw("pleroma_background_image") in (None, ""):
                changes.background = ""
            else:
                errors.add("pleroma_background_image", "ERR_INVALID", "must be an image file sent as multipart/form-data")
        else:
            try:
                changes.background = images.process_upload(upload, images.BACKGROUND)
            except images.ImageRejected as rejection:
                errors.add("pleroma_background_image", "ERR_INVALID", str(rejection))
    if "pleroma_settings_store" in accepted and params.given("pleroma_settings_store"):
        store = params.raw("pleroma_settings_store")
        if isinstance(store, str):
            try:
                store = json.loads(store)
            except ValueError:
                store = None
        if not isinstance(store, dict) or not all(isinstance(value, dict) for value in store.values()):
            errors.add("pleroma_settings_store", "ERR_INVALID", "must be an object of objects, one per frontend")
        elif len(json.dumps(store)) > MAX_SETTINGS_STORE:
            errors.add("pleroma_settings_store", "ERR_TOO_LONG", "is too long")
        else:
            changes.settings["pleroma_settings_store"] = {**settings_store, **store}


def read_changes(params, accepted, settings_store=None):
    """Every requested change, validated; ValidationFailed (422) lists every problem."""
    errors = ValidationFailed()
    changes = Changes()
    _read_pleroma(params, accepted, changes, errors, settings_store or {})
    _read_texts(params, accepted, changes, errors)
    _read_flags(params, accepted, changes)
    if "fields_attributes" in accepted and params.given("fields_attributes"):
        changes.fields = _read_fields(params, errors)
    if "attribution_domains" in accepted and (params.given("attribution_domains")
                                              or params.given("attribution_domains[]")):
        changes.settings["attribution_domains"] = _read_attribution_domains(params, errors)
    if "source" in accepted:
        _read_source(params.sub("source"), changes, errors)
    _read_images(params, accepted, changes, errors)
    errors.raise_if_any()
    return changes


def update_profile(account, params, accepted=CREDENTIALS_PARAMS):
    """Apply the given parameters to a local account; returns the updated Account."""
    changes = read_changes(params, accepted, (account.user.settings or {}).get("pleroma_settings_store", {}))
    stored = []
    try:
        with transaction.atomic():
            account = Account.objects.select_for_update().get(pk=account.pk)
            user = User.objects.select_for_update().get(account_id=account.pk)
            replaced = []
            for kind, processed in changes.images.items():
                name, static_name = images.store(processed, kind, account)
                stored += [name, static_name]
                replaced += _image_names(account, kind.name)
                setattr(account, kind.name, name)
                setattr(account, f"{kind.name}_static", static_name)
            if changes.background is not None:
                replaced.append((user.settings or {}).get("pleroma_background_image"))
                name = None
                if changes.background != "":
                    name, _ = images.store(changes.background, images.BACKGROUND, account)
                    stored.append(name)
                changes.settings["pleroma_background_image"] = name
            for name, value in changes.account.items():
                setattr(account, name, value)
            if changes.fields is not None:
                account.fields = keep_verifications(changes.fields, account.fields or [])
            account.save()
            if changes.user or changes.settings:
                for name, value in changes.user.items():
                    setattr(user, name, value)
                user.settings = {**(user.settings or {}), **changes.settings}
                user.save(update_fields=[*changes.user, "settings"])
            transaction.on_commit(lambda: images.delete_files(replaced))
            if changes.fields is not None:
                _queue_link_verification(account)
    except BaseException:
        images.delete_files(stored)  # nothing half-written: new files go with the failed change
        raise
    return account


def keep_verifications(fields, old_fields):
    """A value that did not change keeps its verified_at; a changed one must be verified again."""
    for item in fields:
        previous = next((old for old in old_fields if old.get("value") == item["value"] and old.get("verified_at")),
                        None)
        item["verified_at"] = previous["verified_at"] if previous else None
    return fields


def _queue_link_verification(account):
    if any(needs_verification(item) for item in account.fields or []):
        account_id = account.pk
        from accounts.tasks import verify_account_links  # accounts.tasks imports the services

        transaction.on_commit(lambda: verify_account_links.delay(account_id))


def _image_names(account, kind_name):
    return [getattr(account, kind_name).name or None, getattr(account, f"{kind_name}_static").name or None]


@transaction.atomic
def delete_image(account, kind_name):
    """Remove the avatar or header (success also when there is none); files go after commit."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    old_names = _image_names(account, kind_name)
    if any(old_names):
        setattr(account, kind_name, None)
        setattr(account, f"{kind_name}_static", None)
        account.save()
        transaction.on_commit(lambda: images.delete_files(old_names))
    return account


# Preferences (GET /api/v1/preferences): posting defaults live on User, reading ones in settings.
def preferences(user):
    settings = user.settings or {}
    expand_media = settings.get("reading:expand:media", "default")
    return {
        "posting:default:visibility": user.default_privacy,
        "posting:default:sensitive": user.default_sensitive,
        "posting:default:language": user.default_language,
        "posting:default:quote_policy": settings.get("quote_policy", "public"),
        "reading:expand:media": expand_media if expand_media in EXPAND_MEDIA else "default",
        "reading:expand:spoilers": bool(settings.get("reading:expand:spoilers", False)),
    }


# The owner's account lifecycle (Pleroma's "Account credentials" API).
class PleromaError(ApiError):
    """Pleroma's errors: {"error": "..."} with 400 (bad input) or 403 (wrong password)."""


def confirm_password(user, password):
    # A stolen token must not become a password oracle: the account's sign-in limit applies.
    attempt = SignInAttempt(None, user.pk)
    if not password or not user.check_password(password):
        raise Forbidden("Invalid password.")
    attempt.succeeded()


def change_password(user, password, new_password, confirmation):
    confirm_password(user, password)
    new_password = new_password or ""
    if not new_password:
        raise PleromaError("New password can't be blank.")
    if new_password != (confirmation or ""):
        raise PleromaError("New password does not match confirmation.")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise PleromaError(f"New password is too short (minimum is {MIN_PASSWORD_LENGTH} characters).")
    if len(new_password) > MAX_PASSWORD_LENGTH:
        raise PleromaError(f"New password is too long (maximum is {MAX_PASSWORD_LENGTH} characters).")
    user.set_password(new_password)
    user.save(update_fields=["password"])


@transaction.atomic
def change_email(user, password, email):
    confirm_password(user, password)
    email = (email or "").strip()
    if not email:
        raise PleromaError("Email can't be blank.")
    try:
        validate_email(email)
    except ValidationError:
        raise PleromaError("Email has invalid format.")
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise PleromaError("Email has already been taken.")
    user.email = email
    user.unconfirmed_email = ""
    user.save(update_fields=["email", "unconfirmed_email"])


@transaction.atomic
def delete_account(user, password):
    """The owner leaves: every token revoked, the user disabled, the account suspended (gone)."""
    confirm_password(user, password)
    disable_user(user)
    suspend_account(user.account)  # revokes every token too


# --- Verifying profile links (Mastodon's VerifyAccountLinksWorker; the task accounts.tasks) ---

def needs_verification(field):
    return not field.get("verified_at") and is_verifiable(field.get("value"))


def verify_links(account_id):
    """Fetch each unverified link field's page and mark the field verified if it links back."""
    account = Account.objects.filter(pk=account_id, domain__isnull=True).first()
    if account is None:
        return
    targets = [account_url(account), account_uri(account)]
    verified_values = {field["value"] for field in account.fields or []
                       if needs_verification(field) and page_links_back(field["value"].strip(), targets)}
    if not verified_values:
        return
    with transaction.atomic():
        # The owner may have edited the fields while the pages were fetched: only fields
        # still holding a verified value are marked.
        account = Account.objects.select_for_update().get(pk=account_id)
        now = iso(timezone.now())
        fields = [{**field, "verified_at": now} if field.get("value") in verified_values and not field.get("verified_at")
                  else field for field in account.fields or []]
        Account.objects.filter(pk=account_id).update(fields=fields)
