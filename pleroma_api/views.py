"""Pleroma's own client endpoints that belong to no other app (Pleroma's PleromaAPI and
TwitterAPI controllers): thin views over pleroma_api.services and the owning apps' services."""
import json
import os
import tempfile
import zipfile

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from rest_framework.response import Response

from accounts.search import local_account
from accounts.serializers import AccountSerializer
from accounts.services import confirmation, profile
from accounts.services.users import disable_user
from accounts.views_web import not_found_page
from accounts.models import User
from fedi.api import Access, ApiView
from fedi.errors import ApiError, BadRequest, Forbidden, NotFound, Unprocessable
from fedi.formats import iso
from fedi.links import media
from fedi.pagination import paginate
from instance_api.discovery import authorize_interaction
from instance.models import CustomEmoji
from instance.services import site_settings
from pleroma_api import services
from pleroma_api.services_health import system_info
from pleroma_api.services_move import move_account
from pleroma_api.services_remote import remote_interaction_url, subscribed_status
from relationships import services as relationships
from relationships.queries import relationship
from relationships.serializers import RelationshipSerializer
from relationships.views import find_target
from statuses.lookup import find_status
from statuses.models import Favourite, Status
from statuses.serializers import render_statuses, status_url
from statuses.services.quotes import quotes_of
from statuses.visibility import can_see, visible_q

SUCCESS = {"status": "success"}
DEFAULT_LIMIT, MAX_LIMIT = 20, 40


# --- Accounts ----------------------------------------------------------------------------------

class SubscribeView(ApiView):
    """POST /api/v1/pleroma/accounts/:id/subscribe | unsubscribe: notified of new posts
    (the follow's `notify`, as Mastodon's follow ?notify=true)."""

    access = {"POST": Access.user("write:follows")}
    notify = True

    def post(self, request, account_id):
        target = find_target(account_id)
        if not relationships.set_notify(self.viewer, target, self.notify):
            raise Unprocessable("You must follow the account to subscribe to it")
        return Response(RelationshipSerializer.render(relationship(self.viewer, target.id)))


class UnsubscribeView(SubscribeView):
    notify = False


class AccountFavouritesView(ApiView):
    """GET /api/v1/pleroma/accounts/:id/favourites: hidden (403) unless the account shows
    them (hide_favorites off) or it is the viewer's own."""

    access = {"GET": Access.public("read:favourites")}

    def get(self, request, account_id):
        target = find_target(account_id)
        if target.hide_favorites and (self.viewer is None or self.viewer.id != target.id):
            raise Forbidden("Can't get favorites")
        rows = Favourite.objects.filter(account=target).filter(visible_q(self.viewer, "status__"))
        page = paginate(self, rows.values("id", "status_id"), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
        return page.response(render_statuses([row["status_id"] for row in page.items], self.viewer))


class BirthdaysView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        day = self.params.int("day", min_value=1, max_value=31)
        month = self.params.int("month", min_value=1, max_value=12)
        if day is None or month is None:
            raise BadRequest("day and month are required")
        if not services.valid_day(day, month):
            raise BadRequest("Invalid date")
        accounts = list(services.birthdays(self.viewer, day, month)[:MAX_LIMIT])
        return Response(AccountSerializer.render_many(accounts, viewer=self.viewer))


class ScrobbleView(ApiView):
    access = {"POST": Access.user("write")}

    def post(self, request):
        params = self.params
        row = services.scrobble(
            self.viewer, title=params.str("title", strip=True, max_length=1024) or "",
            album=params.str("album", strip=True, max_length=1024) or "",
            artist=params.str("artist", strip=True, max_length=1024) or "",
            length=params.int("length", min_value=0, max_value=2 ** 31 - 1),
            # Pleroma's documented name is externalLink; newer Pleroma also takes external_link.
            external_link=(params.str("externalLink", strip=True, max_length=2048)
                           or params.str("external_link", strip=True, max_length=2048) or ""),
            visibility=params.str("visibility", "public", strip=True) or "public")
        return Response(scrobble_json(row, self.viewer))


def scrobble_json(row, viewer, account_json=None):
    return {"id": str(row.id), "account": account_json or AccountSerializer.render(row.account, viewer=viewer),
            "title": row.title, "album": row.album, "artist": row.artist, "length": row.length,
            "externalLink": row.external_link or None, "created_at": iso(row.created_at)}


class ScrobblesView(ApiView):
    access = {"GET": Access.public("read")}

    def get(self, request, account_id):
        target = find_target(account_id)
        page = paginate(self, services.scrobbles_visible(target, self.viewer), default_limit=DEFAULT_LIMIT,
                        max_limit=MAX_LIMIT)
        account_json = AccountSerializer.render(target, viewer=self.viewer)
        return page.response([scrobble_json(row, self.viewer, account_json) for row in page.items])


class AliasesView(ApiView):
    access = {"GET": Access.user("read:accounts"), "PUT": Access.user("write:accounts"),
              "DELETE": Access.user("write:accounts")}

    def get(self, request):
        return Response({"aliases": services.aliases(request.user)})

    def put(self, request):
        services.add_alias(request.user, self.params.str("alias", strip=True, max_length=2048))
        return Response(SUCCESS)

    def delete(self, request):
        services.delete_alias(request.user, self.params.str("alias", strip=True, max_length=2048))
        return Response(SUCCESS)


class MoveAccountView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request):
        move_account(request.user, self.params.str("password"), self.params.str("target_account", strip=True))
        return Response(SUCCESS)


class DisableAccountView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request):
        profile.confirm_password(request.user, self.params.str("password"))
        disable_user(request.user)
        return Response(SUCCESS)


class ConfirmationResendView(ApiView):
    """POST /api/v1/pleroma/accounts/confirmation_resend?email= (or nickname=): 204 whatever
    the address, so it tells nobody which addresses have accounts."""

    access = {"POST": Access.public()}
    authentication_classes = []

    def post(self, request):
        email = self.params.str("email", strip=True, max_length=320)
        nickname = self.params.str("nickname", strip=True, max_length=64)
        if not email and not nickname:
            raise BadRequest("email or nickname is required")
        lookup = Q(email__iexact=email) if email else Q(account__username__iexact=nickname,
                                                         account__domain__isnull=True)
        user = User.objects.filter(lookup).first()
        if user is not None and confirmation.is_awaiting_confirmation(user):
            confirmation.request_confirmation(user)
        return Response(status=204)


class MascotView(ApiView):
    access = {"GET": Access.user("read:accounts"), "PUT": Access.user("write:accounts")}

    def get(self, request):
        return Response(services.mascot(request.user))

    def put(self, request):
        return Response(services.set_mascot(request.user, self.params.file("file")))


class NotificationSettingsView(ApiView):
    access = {"PUT": Access.user("write:accounts")}

    def put(self, request):
        values = {name: self.params.bool(name) for name in services.NOTIFICATION_SETTINGS}
        services.update_notification_settings(request.user, values)
        return Response(SUCCESS)


class FrontendSettingsView(ApiView):
    """GET/PATCH /api/v1/pleroma/settings/:app: a frontend's own settings, kept on the server."""

    access = {"GET": Access.user("read:accounts"), "PATCH": Access.user("write:accounts")}

    def get(self, request, app):
        return Response(services.frontend_settings(request.user, app))

    def patch(self, request, app):
        return Response(services.update_frontend_settings(request.user, app, dict(self.params.data)))


# --- Statuses ----------------------------------------------------------------------------------

class QuotesView(ApiView):
    """GET /api/v1/pleroma/statuses/:id/quotes: the statuses quoting a status the viewer may
    see (anyone's, not only the viewer's own as Mastodon's /api/v1/statuses/:id/quotes), those
    the viewer may see, newest first, paged by id with a Link header (Pleroma's
    PleromaAPI.StatusController.quotes). As Pleroma's, it leaves out blocked accounts' but
    not muted ones' (Mastodon's own list leaves out both). An unseen or unknown status: 404."""

    access = {"GET": Access.public("read:statuses")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        page = paginate(self, quotes_of(status, self.viewer, mutes=False).values_list("id", flat=True),
                        default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
        return page.response(render_statuses(list(page.items), self.viewer))


# --- Instance ----------------------------------------------------------------------------------

class FrontendConfigurationsView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response({"pleroma_fe": {}, "masto_fe": {}})


class HealthcheckView(ApiView):
    """GET /api/v1/pleroma/healthcheck: Pleroma's figures (pleroma_api.services_health);
    503 with the same body when unhealthy."""

    access = {"GET": Access.public()}

    def get(self, request):
        body = system_info()
        return Response(body, status=200 if body["healthy"] else 503)


class FederationStatusView(ApiView):
    """No federation here: nothing is unreachable."""

    access = {"GET": Access.public()}

    def get(self, request):
        return Response({"unreachable_since": {}})


def local_emojis():
    return CustomEmoji.objects.filter(domain__isnull=True, disabled=False).order_by("shortcode")


class EmojiView(ApiView):
    """GET /api/v1/pleroma/emoji: {shortcode: {image_url, tags}}."""

    access = {"GET": Access.public()}

    def get(self, request):
        return Response({emoji.shortcode: {"image_url": media(emoji.image), "tags": [emoji.category or "Custom"]}
                         for emoji in local_emojis()})


PACK_NAME = "local"
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024


def pack_metadata():
    return {"description": "This server's custom emoji", "license": "", "homepage": "", "fallback-src": "",
            "fallback-src-sha256": "", "share-files": True, "can-download": True, "src": "", "src-sha256": ""}


def pack_json(page=1, page_size=None):
    """The custom emoji as Pleroma's pack entity; `files` paged as Pleroma's (page, page_size),
    files_count counting them all."""
    emojis = list(local_emojis())
    shown = emojis if page_size is None else emojis[(page - 1) * page_size:page * page_size]
    return {"files": {emoji.shortcode: media(emoji.image) for emoji in shown}, "files_count": len(emojis),
            "pack": pack_metadata()}


def _page_params(params, default_size):
    return (params.int("page", 1, min_value=1, max_value=10 ** 6, clamp=True),
            params.int("page_size", default_size, min_value=1, max_value=10 ** 4, clamp=True))


def _pack_name(params):
    name = params.str("name", strip=True)
    if not name:
        raise BadRequest("param is missing or the value is empty: name")
    if name != PACK_NAME:
        raise NotFound(f"Pack {name} does not exist")
    return name


class EmojiPacksView(ApiView):
    """GET /api/v1/pleroma/emoji/packs?page=&page_size=: the custom emoji as one pack, "local"."""

    access = {"GET": Access.public()}

    def get(self, request):
        page, page_size = _page_params(self.params, 50)
        packs = [PACK_NAME][(page - 1) * page_size:page * page_size]
        return Response({"count": 1, "packs": {name: pack_json() for name in packs}})


class EmojiPackView(ApiView):
    """GET /api/v1/pleroma/emoji/pack?name=&page=&page_size= (30 emoji a page, as Pleroma)."""

    access = {"GET": Access.public()}

    def get(self, request):
        _pack_name(self.params)
        page, page_size = _page_params(self.params, 30)
        return Response(pack_json(page, page_size))


class EmojiPackArchiveView(ApiView):
    """GET /api/v1/pleroma/emoji/packs/archive?name=: the pack as a zip (its pack.json and
    image files, as Pleroma shares a pack)."""

    access = {"GET": Access.public()}

    def get(self, request):
        _pack_name(self.params)
        archive = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        files, total = {}, 0
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for emoji in local_emojis():
                name = f"{emoji.shortcode}{os.path.splitext(emoji.image.name)[1].lower()}"
                try:
                    with default_storage.open(emoji.image.name, "rb") as source:
                        data = source.read(MAX_ARCHIVE_BYTES + 1)
                except OSError:
                    continue  # a file gone from storage: the pack goes without it
                total += len(data)
                if total > MAX_ARCHIVE_BYTES:
                    raise ApiError("The pack is too large to download", status=413)
                zipped.writestr(name, data)
                files[emoji.shortcode] = name
            zipped.writestr("pack.json", json.dumps({"files": files, "pack": pack_metadata()}, indent=2))
        archive.seek(0)
        return FileResponse(archive, as_attachment=True, filename=f"{PACK_NAME}.zip", content_type="application/zip")


class RemoteInteractionView(ApiView):
    """POST /api/v1/pleroma/remote_interaction {ap_id, profile}: {"url": the profile's server's
    subscribe address for ap_id} (pleroma_api.services_remote); 404 {"error": "Couldn't find
    user"} for a handle this server cannot finger (any other server's: no federation here)."""

    access = {"POST": Access.public()}
    authentication_classes = []

    def post(self, request):
        return Response({"url": remote_interaction_url(self.params.str("ap_id", strip=True, max_length=2048) or "",
                                                       self.params.str("profile", strip=True, max_length=2048) or "")})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def remote_subscribe(request):
    """GET /main/ostatus?nickname= | ?status_id=: Pleroma's remote-follow form for an account
    (or a status) of this server, an HTML page. This server does not federate, so the page
    says so instead of offering the form; an unknown account or unseen status: a 404 page.
    POST /main/ostatus (the form's submission): Pleroma's answer without federation (its
    FederatingPlug), 404 {"error": "Not found"}."""
    if request.method == "POST":
        return JsonResponse({"error": "Not found"}, status=404)
    context = {"site_name": site_settings().title, "domain": settings.LOCAL_DOMAIN, "error": None,
               "status_id": None, "nickname": None}
    status_id = (request.GET.get("status_id") or "").strip()[:32]
    nickname = (request.GET.get("nickname") or "").strip()[:64]
    if status_id:
        status = (Status.objects.select_related("account").filter(pk=int(status_id)).first()
                  if status_id.isdigit() and len(status_id) < 20 else None)
        context["status_id"] = status_id
        if status is None or status.reblog_of_id is not None or not can_see(None, status):
            context["error"] = "Could not find status"
        else:
            context["nickname"] = status.account.acct
    else:
        account = local_account(nickname) if nickname else None
        if account is None or account.is_suspended:
            context["error"] = "Could not find user"
        else:
            context["nickname"] = account.username
    return render(request, "pleroma_api/remote_interaction.html", context, status=404 if context["error"] else 200)


@require_safe
def ostatus_subscribe(request):
    """GET /ostatus_subscribe?acct=: Pleroma's remote-follow address (RemoteFollowController).
    A status of this server (its URL or URI) that an anonymous reader may see: redirected to
    its page (its URL), as Pleroma redirects to the status's page; one it may not see, a 404
    page; anything else names an account, as /authorize_interaction (this server's profile
    page, or a 404 page: no other server is reached)."""
    acct = (request.GET.get("acct") or request.GET.get("uri") or "").strip()[:2048]
    status, named = subscribed_status(acct)
    if status is not None:
        return HttpResponseRedirect(status_url(status))
    if named:
        return not_found_page(request, "This post does not exist or is not public.")
    return authorize_interaction(request)


class CaptchaView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response({"type": "none"})
