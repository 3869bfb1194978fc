"""Rules of Pleroma's own endpoints that belong to no other app: aliases, the settings
store per frontend, notification settings, mascots, birthdays and scrobbles. Values live in
the user's `settings` JSON (accounts.User.settings) under Pleroma's names."""
import datetime
import json

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from PIL import Image, UnidentifiedImageError

from accounts.models import Account, User
from accounts.search import find_by_handle, findable_accounts, with_profiles
from accounts.serializers import account_uri
from fedi.errors import ApiError, NotFound, Unprocessable
from fedi.ids import next_id
from fedi.links import absolute, media
from pleroma_api.models import Scrobble
from relationships.models import Follow

MAX_ALIASES = 10
MAX_SETTINGS_BYTES = 100_000
MAX_APP_NAME = 64
SCROBBLE_VISIBILITIES = ("public", "unlisted", "private", "direct")
DEFAULT_MASCOT = {"id": "default-mascot", "url": "/static/instance/preview.png", "type": "image",
                  "pleroma": {"mime_type": "image/png"}}
MASCOT_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
MAX_MASCOT_BYTES = 2 * 1024 * 1024


class PleromaError(ApiError):
    status = 400


def _save_settings(user: User, **changes) -> None:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.settings = {**(locked.settings or {}), **changes}
        locked.save(update_fields=["settings"])
    user.settings = locked.settings


# --- Aliases (also_known_as) ---------------------------------------------------------------

def aliases(user: User) -> list[str]:
    return list((user.settings or {}).get("also_known_as", []))


def add_alias(user: User, handle: str) -> None:
    target = find_by_handle((handle or "").strip().lstrip("@")) if handle else None
    if target is None:
        raise NotFound("Account not found")
    current = aliases(user)
    uri = account_uri(target)
    if uri not in current:
        if len(current) >= MAX_ALIASES:
            raise PleromaError(f"Too many aliases (maximum is {MAX_ALIASES})")
        _save_settings(user, also_known_as=current + [uri])


def delete_alias(user: User, handle: str) -> None:
    target = find_by_handle((handle or "").strip().lstrip("@")) if handle else None
    if target is None:
        raise NotFound("Account not found")
    current = aliases(user)
    uri = account_uri(target)
    if uri not in current:
        raise NotFound("Account has no such alias.")
    _save_settings(user, also_known_as=[alias for alias in current if alias != uri])


# --- Settings store per frontend -----------------------------------------------------------

def _app_name(app: str) -> str:
    if not app or len(app) > MAX_APP_NAME or not all(ch.isalnum() or ch in "-_." for ch in app):
        raise NotFound("Not found")
    return app


def frontend_settings(user: User, app: str) -> dict:
    return dict(((user.settings or {}).get("pleroma_settings_store", {}) or {}).get(_app_name(app), {}) or {})


def update_frontend_settings(user: User, app: str, values: dict) -> dict:
    """Merge `values` into the app's settings (a null value removes a key), as Pleroma."""
    app = _app_name(app)
    if not isinstance(values, dict):
        raise Unprocessable("Settings must be an object")
    store = dict((user.settings or {}).get("pleroma_settings_store", {}) or {})
    merged = {**(store.get(app) or {}), **values}
    merged = {key: value for key, value in merged.items() if value is not None}
    if len(json.dumps(merged)) > MAX_SETTINGS_BYTES:
        raise Unprocessable("Settings are too large")
    store[app] = merged
    _save_settings(user, pleroma_settings_store=store)
    return merged


# --- Notification settings -------------------------------------------------------------------

NOTIFICATION_SETTINGS = ("block_from_strangers", "hide_notification_contents")


def update_notification_settings(user: User, values: dict) -> None:
    stored = dict((user.settings or {}).get("pleroma_notification_settings", {}) or {})
    stored.update({name: bool(value) for name, value in values.items() if name in NOTIFICATION_SETTINGS
                   and value is not None})
    _save_settings(user, pleroma_notification_settings=stored)


# --- Mascot ------------------------------------------------------------------------------------

def mascot(user: User) -> dict:
    stored = (user.settings or {}).get("pleroma_mascot")
    if not stored:
        return {**DEFAULT_MASCOT, "url": absolute(DEFAULT_MASCOT["url"])}
    return {"id": stored["id"], "url": media(stored["name"]), "type": "image",
            "pleroma": {"mime_type": stored["mime_type"]}}


def set_mascot(user: User, upload) -> dict:
    """An image only (Pleroma refuses anything else with 415)."""
    if upload is None:
        raise PleromaError("param is missing or the value is empty: file")
    if upload.size > MAX_MASCOT_BYTES:
        raise ApiError("File is too large", status=413)
    try:
        with Image.open(upload) as image:
            mime_type = Image.MIME.get(image.format)
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError):
        mime_type = None
    if mime_type not in MASCOT_TYPES:
        raise ApiError("mascots can only be images", status=415)
    upload.seek(0)
    identifier = str(next_id())
    name = default_storage.save(f"mascots/{identifier}.{MASCOT_TYPES[mime_type]}", upload)
    previous = (user.settings or {}).get("pleroma_mascot")
    _save_settings(user, pleroma_mascot={"id": identifier, "name": name, "mime_type": mime_type})
    if previous and previous.get("name"):
        transaction.on_commit(lambda: default_storage.delete(previous["name"]))
    return mascot(user)


# --- Birthdays ---------------------------------------------------------------------------------

def birthdays(viewer: Account, day: int, month: int):
    """Accounts the viewer follows whose (shown) birthday is on that day and month."""
    followed = Follow.objects.filter(account=viewer).values("target_account_id")
    return (with_profiles(findable_accounts()).filter(id__in=followed, show_birthday=True,
                                                      birthday__month=month, birthday__day=day)
            .order_by("id"))


def valid_day(day: int, month: int) -> bool:
    try:
        datetime.date(2000, month, day)  # a leap year: 29 February is somebody's birthday
    except ValueError:
        return False
    return True


# --- Scrobbles -----------------------------------------------------------------------------------

def scrobble(account: Account, *, title: str, album: str = "", artist: str = "", length: int | None = None,
             external_link: str = "", visibility: str = "public") -> Scrobble:
    if not title:
        raise Unprocessable("title can't be blank")
    if visibility not in SCROBBLE_VISIBILITIES:
        raise Unprocessable("Invalid visibility")
    return Scrobble.objects.create(account=account, title=title, album=album or "", artist=artist or "",
                                   length=length, external_link=external_link or "", visibility=visibility)


def scrobbles_visible(account: Account, viewer: Account | None):
    """The account's scrobbles the viewer may see: public and unlisted for everyone, the
    followers-only ones for followers, all for the owner."""
    rows = Scrobble.objects.filter(account=account)
    if viewer is not None and viewer.id == account.id:
        return rows
    allowed = Q(visibility__in=("public", "unlisted"))
    if viewer is not None and Follow.objects.filter(account=viewer, target_account=account).exists():
        allowed |= Q(visibility="private")
    return rows.filter(allowed)
