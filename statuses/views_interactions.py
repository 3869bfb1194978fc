"""Acting on a status (favourite, reblog, bookmark, pin, mute), who favourited or reblogged
it, its edit history, and translation."""
from rest_framework.response import Response

from accounts.models import Account
from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.errors import Forbidden, ServiceUnavailable
from fedi.pagination import paginate
from media_attachments.models import MediaAttachment
from relationships.queries import block_or_mute_q
from statuses.lookup import find_status
from statuses.models import Favourite, Status, Visibility
from statuses.serializers import StatusEditSerializer, render_status
from statuses.services import interactions
from statuses.services.editing import snapshot
from statuses.views_bookmark_folders import find_folder
from statuses.visibility import PUBLIC_VISIBILITIES, visible_q


class StatusActionView(ApiView):
    """POST /api/v1/statuses/:id/<action>: do it, answer the status as the viewer now sees it."""

    action = None

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        result = type(self).action(self.viewer, status)
        return Response(render_status(result if isinstance(result, Status) else status, self.viewer))


def _view(scope, action):
    return type(action.__name__.title().replace("_", "") + "View", (StatusActionView,),
                {"access": {"POST": Access.user(scope)}, "action": staticmethod(action)})


FavouriteView = _view("write:favourites", interactions.favourite)
UnfavouriteView = _view("write:favourites", interactions.unfavourite)


class BookmarkView(StatusActionView):
    """POST /api/v1/statuses/:id/bookmark, with Pleroma's folder_id (one of the viewer's folders)."""

    access = {"POST": Access.user("write:bookmarks")}

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        folder = None
        folder_id = self.params.str("folder_id", strip=True)
        if folder_id:
            folder = find_folder(self.viewer, folder_id)
        interactions.bookmark(self.viewer, status, folder)
        return Response(render_status(status, self.viewer))


UnbookmarkView = _view("write:bookmarks", interactions.unbookmark)
PinView = _view("write:accounts", interactions.pin)
UnpinView = _view("write:accounts", interactions.unpin)
MAX_MUTE_SECONDS = 100 * 365 * 24 * 3600  # as an account mute's duration


class MuteView(StatusActionView):
    """POST /api/v1/statuses/:id/mute, with Pleroma's expires_in (seconds in the query or the
    body; 0 or null: until unmuted)."""

    access = {"POST": Access.user("write:mutes")}

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        expires_in = self.params.int("expires_in", 0, min_value=0, max_value=MAX_MUTE_SECONDS)
        interactions.mute_conversation(self.viewer, status, expires_in=expires_in)
        return Response(render_status(status, self.viewer))


UnmuteView = _view("write:mutes", interactions.unmute_conversation)


class ReblogView(ApiView):
    access = {"POST": Access.user("write:statuses")}

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        reblogged = interactions.reblog(self.viewer, status, self.params.str("visibility"))
        return Response(render_status(reblogged, self.viewer))


class UnreblogView(ApiView):
    access = {"POST": Access.user("write:statuses")}

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        interactions.unreblog(self.viewer, status)
        return Response(render_status(status, self.viewer))


def _accounts_page(view, rows, account_of):
    accounts = [account_of(row) for row in rows.items]
    return rows.response(AccountSerializer.render_many(accounts, viewer=view.viewer))


def _account_rows(view, queryset):
    """Rows pointing at accounts, leaving out those the viewer blocks, mutes or is blocked by."""
    queryset = queryset.filter(account__suspended_at__isnull=True).select_related(
        "account", "account__user", "account__user__role", "account__moved_to")
    if view.viewer is not None:
        queryset = queryset.exclude(block_or_mute_q(view.viewer))
    return queryset


class FavouritedByView(ApiView):
    access = {"GET": Access.public("read:accounts")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        rows = _account_rows(self, Favourite.objects.filter(status=status))
        return _accounts_page(self, paginate(self, rows, default_limit=40, max_limit=80), lambda row: row.account)


class RebloggedByView(ApiView):
    access = {"GET": Access.public("read:accounts")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        # Only reblogs the viewer may see, and of those only public and unlisted ones, as
        # Mastodon: a followers-only reblog is no one else's business (its URL is a 404).
        reblogs = Status.objects.filter(visible_q(self.viewer), reblog_of=status, visibility__in=PUBLIC_VISIBILITIES)
        rows = _account_rows(self, reblogs)
        return _accounts_page(self, paginate(self, rows, default_limit=40, max_limit=80), lambda row: row.account)


class HistoryView(ApiView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, status_id):
        status = find_status(status_id, self.viewer)
        edits = list(status.edits.order_by("id")) or [snapshot(status)]
        media_ids = {item["id"] for edit in edits for item in edit.media}

        media = {item.id: item for item in MediaAttachment.objects.filter(id__in=media_ids)}
        account = Account.objects.with_profiles().get(pk=status.account_id)
        return Response(StatusEditSerializer.render_many(edits, viewer=self.viewer, account=account, media=media))


class TranslateView(ApiView):
    access = {"POST": Access.public("read:statuses")}

    def post(self, request, status_id):
        status = find_status(status_id, self.viewer)
        if status.visibility in (Visibility.PRIVATE, Visibility.DIRECT):
            raise Forbidden()
        # No translation backend is built in: say so plainly (Mastodon answers 503 too).
        raise ServiceUnavailable("Translation is not available on this server")
