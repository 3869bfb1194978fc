"""Timelines (home, list, public, hashtag, link), conversations, bookmarks, favourites.

Every list pages with max_id / since_id / min_id / limit (default 20, max 40) and a Link
header; timelines page by status id, conversations by their last status's id, bookmarks
and favourites by the bookmark / favourite row. Timelines, bookmarks and favourites also
take Pleroma's offset (that many statuses skipped after the cursors' filter).
"""
from rest_framework.response import Response

from feeds.conversations import (MAX_RECIPIENT_FILTER, conversations_of, delete_conversation, find_conversation,
                                 mark_read, render_conversations)
from feeds.lists import find_list
from feeds.store import HOME, LIST
from fedi.api import Access, ApiView
from fedi.errors import NotFound, Unauthorized
from fedi.pagination import limit_param, offset_param, page_of, paginate
from fedi.params import is_id
from instance.serializers import TIMELINES_ACCESS
from relationships.serializers import page_relationships
from statuses.serializers import render_statuses
from timelines import queries
from timelines.pleroma_params import feed_origin_q, pleroma_q, with_muted

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


def page_params(view):
    """(limit, offset) of a timeline page: Pleroma's offset skips that many statuses after
    the cursors' filter (fedi.pagination.offset_param)."""
    limit = limit_param(view.params, DEFAULT_LIMIT, MAX_LIMIT)
    return limit, offset_param(view.params, limit)


def timelines_access():
    """The instance's timelines_access setting (Instance entity, Mastodon 4.5): for each
    feed and origin, "public", "authenticated" or "disabled"."""
    return TIMELINES_ACCESS


class FeedView(ApiView):
    """A timeline built from a queryset of statuses."""

    filter_context = "public"
    instance_param = False

    def render_page(self, queryset):
        queryset = queryset.filter(pleroma_q(self.params, self.viewer, instance=self.instance_param))
        limit, offset = page_params(self)
        page = paginate(self, queryset.values_list("id", flat=True), limit=limit, offset=offset)
        return page.response(render_statuses(page.items, self.viewer, filter_context=self.filter_context,
                                             relationships=page_relationships(self)))

    def allowed(self, feed, local, remote):
        """False when the feed is disabled for this request; 401 when it needs a user."""
        settings = timelines_access().get(feed, {})
        origins = ["local"] if local and not remote else ["remote"] if remote and not local else ["local", "remote"]
        levels = [settings.get(origin, "public") for origin in origins]
        if self.viewer is None and "authenticated" in levels:
            raise Unauthorized()
        return "disabled" not in levels


class HomeTimelineView(ApiView):
    access = {"GET": Access.user("read:statuses")}

    def get(self, request):
        viewer = self.viewer
        return feed_response(self, HOME, viewer.id)


def feed_response(view, kind, feed_id, extra_q=None, lst=None):
    params = view.params
    extra = pleroma_q(params, view.viewer) & feed_origin_q(params)
    limit, offset = page_params(view)
    if with_muted(params):
        # Pleroma's with_muted: the feed holds no muted account's statuses; read from the database.
        queryset = (queries.home_with_muted(view.viewer) if kind == HOME
                    else queries.list_with_muted(view.viewer, lst))
        page = paginate(view, queryset.filter(extra).values_list("id", flat=True), limit=limit, offset=offset)
        return page.response(render_statuses(page.items, view.viewer, filter_context="home",
                                             relationships=page_relationships(view)))
    if extra:
        extra_q = extra if extra_q is None else extra_q & extra
    ids = queries.feed_page(view.viewer, kind, feed_id, max_id=params.id("max_id"), since_id=params.id("since_id"),
                            min_id=params.id("min_id"), limit=limit, extra_q=extra_q, skip=offset)
    page = page_of(view.request._request, ids, limit)
    return page.response(render_statuses(ids, view.viewer, filter_context="home",
                                         relationships=page_relationships(view)))


class ListTimelineView(ApiView):
    access = {"GET": Access.user("read:lists")}

    def get(self, request, list_id):
        lst = find_list(self.viewer, list_id)
        return feed_response(self, LIST, lst.id, queries.list_members_q(lst), lst)


class DirectTimelineView(FeedView):
    """GET /api/v1/timelines/direct (deprecated since Mastodon 3.0, still used): paged by id."""

    access = {"GET": Access.user("read:statuses")}
    filter_context = "thread"

    def get(self, request):
        return self.render_page(queries.direct_statuses(self.viewer))


class PublicTimelineView(FeedView):
    access = {"GET": Access.public("read:statuses")}
    instance_param = True  # Pleroma's instance=domain

    def get(self, request):
        params = self.params
        local, remote = params.bool("local", False), params.bool("remote", False)
        if not self.allowed("live_feeds", local, remote):
            return Response([])
        return self.render_page(queries.public_statuses(self.viewer, local=local, remote=remote,
                                                        only_media=params.bool("only_media", False),
                                                        with_muted=with_muted(params)))


class TagTimelineView(FeedView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request, hashtag):
        params = self.params
        local, remote = params.bool("local", False), params.bool("remote", False)
        if not self.allowed("hashtag_feeds", local, remote):
            return Response([])
        tag = queries.find_tag(hashtag)
        if tag is None:
            return Response([])  # as Mastodon: an unknown hashtag has no statuses
        return self.render_page(queries.tag_statuses(
            self.viewer, tag, any_tags=params.list("any"), all_tags=params.list("all"), none_tags=params.list("none"),
            local=local, remote=remote, only_media=params.bool("only_media", False),
            with_muted=with_muted(params)))


class LinkTimelineView(FeedView):
    access = {"GET": Access.public("read:statuses")}

    def get(self, request):
        if not self.allowed("trending_link_feeds", False, False):
            return Response([])
        card = queries.linked_card(self.params.str("url", strip=True))
        if card is None:
            raise NotFound()
        return self.render_page(queries.link_statuses(self.viewer, card))


# --- Bookmarks and favourites ----------------------------------------------------------------

class StatusRowsView(ApiView):
    """Statuses listed through rows of the viewer's (a bookmark, a favourite): the Link
    header carries the row's id."""

    def rows(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def get(self, request):
        limit, offset = page_params(self)
        page = paginate(self, self.rows().values("id", "status_id"), limit=limit, offset=offset)
        return page.response(render_statuses([row["status_id"] for row in page.items], self.viewer,
                                             relationships=page_relationships(self)))


class BookmarksView(StatusRowsView):
    access = {"GET": Access.user("read:bookmarks")}

    def rows(self):
        rows = queries.bookmarks_of(self.viewer)
        folder_id = self.params.str("folder_id", strip=True)  # Pleroma's bookmark folders
        if folder_id:
            rows = rows.filter(folder_id=int(folder_id) if is_id(folder_id) else -1)
        return rows


class FavouritesView(StatusRowsView):
    access = {"GET": Access.user("read:favourites")}

    def rows(self):
        return queries.favourites_of(self.viewer)


# --- Conversations -------------------------------------------------------------------------

class ConversationsView(ApiView):
    access = {"GET": Access.user("read:statuses")}

    def get(self, request):
        rows = conversations_of(self.viewer, self.params.ids("recipients")[:MAX_RECIPIENT_FILTER])
        page = paginate(self, rows, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT, key="last_status_id")
        return page.response(render_conversations(page.items, self.viewer))


class ConversationView(ApiView):
    access = {"DELETE": Access.user("write:conversations")}

    def delete(self, request, conversation_id):
        delete_conversation(find_conversation(self.viewer, conversation_id))
        return Response({})


class ConversationReadView(ApiView):
    access = {"POST": Access.user("write:conversations")}

    def post(self, request, conversation_id):
        row = mark_read(find_conversation(self.viewer, conversation_id))
        return Response(render_conversations([row], self.viewer)[0])
