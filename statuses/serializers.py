"""The Status entity (and StatusSource, StatusEdit, Context), rendered for a viewer.

Lists go through render_statuses(), which loads everything a page needs in a fixed number
of queries (accounts, mentions, tags, media, polls, cards, and the viewer's favourites,
reblogs, bookmarks, pins and conversation mutes), whatever the page size.
"""
import html
import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Account
from accounts.serializers import AccountSerializer, account_url, profile_mention_urls_many
from cards.serializers import PreviewCardSerializer
from fedi.formats import iso
from fedi.links import absolute, media
from fedi.prepared import Prepared
from fedi.prepared import ids as prepared_ids
from fedi.serializers import EntitySerializer
from filters.services import active_filters, filter_results
from media_attachments.models import MediaAttachment
from media_attachments.serializers import MediaAttachmentSerializer
from polls.models import PollVote
from polls.serializers import PollSerializer
from relationships.queries import blocks_or_mutes_among
from statuses.models import Bookmark, ConversationMute, EmojiReaction, Favourite, Mention, Status, StatusPin
from statuses.visibility import viewers_who_can_see, visible_q
from tags.models import Tag



def forced_sensitive(account, viewer) -> bool:
    """Moderators marked the author's media sensitive: so it shows to everyone but the author
    (Mastodon's REST::StatusSerializer#sensitive)."""
    if viewer is not None and viewer.id == account.id:
        return False
    try:
        return account.sensitization is not None
    except ObjectDoesNotExist:
        return False


def status_url(status):
    if status.url:
        return status.url
    if status.reblog_of_id is not None:
        return None
    return absolute(f"/@{status.account.username}/{status.id}")


def status_uri(status):
    if status.uri:
        return status.uri
    if status.reblog_of_id is not None:
        return absolute(f"/users/{status.account.username}/statuses/{status.id}/activity")
    return absolute(f"/users/{status.account.username}/statuses/{status.id}")


def tag_url(name):
    return absolute("/tags/" + quote(name, safe=""))


def mention_json(account):
    return {"id": str(account.id), "username": account.username, "url": account_url(account), "acct": account.acct}


def _media_serializer():
    return MediaAttachmentSerializer


# What a status row is read with, joined: small one-to-one rows. Authors (and the accounts
# replied to) come in a query of their own, and reblogged statuses in another: one query
# joining all of it (27 joins with the annotations) took PostgreSQL 16-22 ms to *plan*, for
# 3-12 ms of execution.
STATUS_RELATED = ("application", "poll", "preview__card", "quote", "quote_policy")  # quote posts
# sensitization: the forced-sensitive mark moderators set (admin_api's AccountSensitization,
# read through its reverse one-to-one, joined so it costs no query).
AUTHOR_RELATED = ("user", "user__role", "moved_to", "sensitization")


def _cached_queryset(model, items):
    """A queryset already evaluated to items, as prefetch_related leaves in an instance's
    cache (`status.mentions.all()` returns it without a query). Built directly: Django's
    own prefetching builds a filtered queryset per instance and relation, which costs
    more than the rendering of a page."""
    queryset = QuerySet(model)
    queryset._result_cache = items
    queryset._prefetch_done = True
    return queryset


# The queries of every page of statuses, compiled once (fedi.prepared).
_mentions_of = Prepared(lambda ids: Mention.objects.filter(status_id__any=ids).select_related("account").order_by("id"),
                        prepared_ids)
_tags_of = Prepared(lambda ids: Status.tags.through.objects.filter(status_id__any=ids).select_related("tag")
                    .order_by("id"), prepared_ids)
_media_of = Prepared(lambda ids: MediaAttachment.objects.filter(status_id__any=ids), prepared_ids)
_favourited = Prepared(lambda viewer_id, ids: Favourite.objects.filter(account_id=viewer_id, status_id__any=ids)
                       .values_list("status_id"), int, prepared_ids)
_reblogged = Prepared(lambda viewer_id, ids: Status.objects.filter(account_id=viewer_id, reblog_of_id__any=ids)
                      .values_list("reblog_of_id"), int, prepared_ids)
_bookmarked = Prepared(lambda viewer_id, ids: Bookmark.objects.filter(account_id=viewer_id, status_id__any=ids)
                       .values_list("status_id"), int, prepared_ids)
_muted_conversations = Prepared(lambda viewer_id, now, ids: ConversationMute.objects.active(now).filter(
    account_id=viewer_id, conversation_id__any=ids).values_list("conversation_id"), int, datetime, prepared_ids)
_reactions_of = Prepared(lambda ids: EmojiReaction.objects.filter(status_id__any=ids).order_by("id").values_list(
    "status_id", "name", "account_id", "custom_emoji__image"), prepared_ids)
_visible_parents = Prepared(lambda viewer_id, ids: Status.objects.filter(visible_q(viewer_id), id__any=ids)
                            .values_list("id"), int, prepared_ids)
_visible_parents_signed_out = Prepared(lambda ids: Status.objects.filter(visible_q(None), id__any=ids)
                                       .values_list("id"), prepared_ids)


def prefetch_lists(statuses):
    """Mentions (with their accounts), tags and media of the statuses, in one query each,
    put where `status.mentions.all()` & co. find them (what with_related's prefetching does)."""
    by_id = {}  # a status can be on the page and reblogged on it: two objects
    for status in statuses:
        by_id.setdefault(status.id, []).append(status)
    if not by_id:
        return
    ids = list(by_id)
    mentions, tags, media_lists = ({status_id: [] for status_id in ids} for _ in range(3))
    for mention in _mentions_of(ids):
        mentions[mention.status_id].append(mention)
    for link in _tags_of(ids):
        tags[link.status_id].append(link.tag)
    for attachment in _media_of(ids):
        media_lists[attachment.status_id].append(attachment)
    for status_id, objects in by_id.items():
        for status in objects:
            cache = status.__dict__.setdefault("_prefetched_objects_cache", {})
            cache["mentions"] = _cached_queryset(Mention, mentions[status_id])
            cache["tags"] = _cached_queryset(Tag, tags[status_id])
            cache["media_attachments"] = _cached_queryset(MediaAttachment, media_lists[status_id])


class ViewerState:
    """What the viewer did to the statuses of a page, loaded in one query per kind."""

    def __init__(self, viewer, statuses):
        self.viewer = viewer
        self.favourited = self.reblogged = self.bookmarked = self.pinned = self.muted = frozenset()
        self.own_votes = {}
        self.filters = None
        # Pleroma's additions, for every viewer: when the authors pinned them, the emoji
        # reactions, and which parents the viewer may see.
        self.pinned_at = {}
        self.reactions = {}
        self.reaction_rows = []
        self.visible_parents = frozenset()
        if not statuses:
            return
        ids = [status.id for status in statuses]
        self._load_pleroma(viewer, statuses, ids)
        if viewer is None:
            return
        conversations = {status.conversation_id for status in statuses if status.conversation_id}
        self.favourited = {row[0] for row in _favourited(viewer.id, ids)}
        self.reblogged = {row[0] for row in _reblogged(viewer.id, ids)}
        self.bookmarked = {row[0] for row in _bookmarked(viewer.id, ids)}
        # A status is only ever pinned by its author: the pins loaded for pinned_at say it.
        self.pinned = {status.id for status in statuses
                       if status.account_id == viewer.id and status.id in self.pinned_at}
        self.muted = ({row[0] for row in _muted_conversations(viewer.id, timezone.now(), conversations)}
                      if conversations else set())
        polls = [status.poll.id for status in statuses if _poll(status) is not None]
        if polls:
            for poll_id, choice in (PollVote.objects.filter(account=viewer, poll_id__any=polls)
                                    .order_by("id").values_list("poll_id", "choice")):
                self.own_votes.setdefault(poll_id, []).append(choice)


    def _load_pleroma(self, viewer, statuses, ids):
        """From the annotations load() adds when the statuses have them (a query for each
        kind otherwise: statuses read elsewhere)."""
        annotated = all(hasattr(status, "pleroma_reacted") for status in statuses)
        if annotated:
            self.pinned_at = {status.id: status.pleroma_pinned_at for status in statuses if status.pleroma_pinned_at}
        else:
            authors = {status.id: status.account_id for status in statuses}
            self.pinned_at = {status_id: created_at for status_id, account_id, created_at in
                              StatusPin.objects.filter(status_id__any=ids).values_list("status_id", "account_id",
                                                                                       "created_at")
                              if account_id == authors.get(status_id)}
        viewer_id = viewer.id if viewer is not None else None
        reacted = [status.id for status in statuses if status.pleroma_reacted] if annotated else ids
        rows = list(_reactions_of(reacted)) if reacted else []
        if viewer is not None and rows:
            # As Pleroma's StatusView and GET .../reactions: not those of accounts the viewer
            # blocks, mutes or is blocked by.
            excluded = blocks_or_mutes_among([viewer.id], {row[2] for row in rows})[viewer.id]
            rows = [row for row in rows if row[2] not in excluded]
        self.reaction_rows = rows
        self.reactions = _reaction_groups(rows, viewer_id)
        parents = {status.in_reply_to_id for status in statuses if status.in_reply_to_id}
        if parents:
            # A parent is never a reblog: visible_q alone says whether the viewer may see it.
            found = _visible_parents(viewer.id, parents) if viewer is not None else _visible_parents_signed_out(parents)
            self.visible_parents = {row[0] for row in found}


def _reaction_groups(rows, viewer_id):
    """{status id: {emoji: group}} of (status id, name, account id, custom image) rows."""
    reactions: dict = {}
    for status_id, name, account_id, image in rows:
        groups = reactions.setdefault(status_id, {})
        group = groups.setdefault(name, {"name": name, "count": 0, "me": False, "account_ids": []})
        if image:
            group["url"] = media(image)
        group["count"] += 1
        group["me"] = group["me"] or account_id == viewer_id
        group["account_ids"].append(str(account_id))
    return reactions


class ViewerStates:
    """ViewerState for many viewers of the same statuses at once (the streaming of one
    event to every connection of a process), in one query per kind for all of them."""

    def __init__(self, viewer_ids, statuses):
        self.statuses = list(statuses)
        viewers = sorted({int(viewer_id) for viewer_id in viewer_ids})
        self.common = ViewerState(None, self.statuses)  # pins, reactions: the same for everyone
        ids = [status.id for status in self.statuses]
        self.favourited, self.reblogged, self.bookmarked, self.muted = ({} for _ in range(4))
        self.own_votes, self.visible_parents = {}, {}
        reactors = {row[2] for row in self.common.reaction_rows}
        self.reactions_excluded = blocks_or_mutes_among(viewers, reactors) if viewers and reactors else {}
        if not viewers or not ids:
            return
        for target, rows in ((self.favourited, Favourite.objects.filter(account_id__any=viewers, status_id__any=ids)
                              .values_list("account_id", "status_id")),
                             (self.reblogged, Status.objects.filter(account_id__any=viewers, reblog_of_id__any=ids)
                              .values_list("account_id", "reblog_of_id")),
                             (self.bookmarked, Bookmark.objects.filter(account_id__any=viewers, status_id__any=ids)
                              .values_list("account_id", "status_id"))):
            for viewer_id, status_id in rows:
                target.setdefault(viewer_id, set()).add(status_id)
        conversations = sorted({status.conversation_id for status in self.statuses if status.conversation_id})
        if conversations:
            for viewer_id, conversation_id in ConversationMute.objects.active().filter(
                    account_id__any=viewers, conversation_id__any=conversations).values_list("account_id",
                                                                                             "conversation_id"):
                self.muted.setdefault(viewer_id, set()).add(conversation_id)
        polls = [status.poll.id for status in self.statuses if _poll(status) is not None]
        if polls:
            for viewer_id, poll_id, choice in (PollVote.objects.filter(account_id__any=viewers, poll_id__any=polls)
                                               .order_by("id").values_list("account_id", "poll_id", "choice")):
                self.own_votes.setdefault(viewer_id, {}).setdefault(poll_id, []).append(choice)
        parents = sorted({status.in_reply_to_id for status in self.statuses if status.in_reply_to_id})
        if parents:
            for parent in Status.objects.filter(id__any=parents).select_related("account"):
                for viewer_id in viewers_who_can_see(parent, viewers):
                    self.visible_parents.setdefault(viewer_id, set()).add(parent.id)

    def for_viewer(self, viewer):
        """The ViewerState of one of the viewers (an Account), without a query."""
        state = ViewerState.__new__(ViewerState)
        common = self.common
        state.viewer, state.filters = viewer, None
        state.pinned_at = common.pinned_at
        excluded = self.reactions_excluded.get(viewer.id, set())
        state.reaction_rows = [row for row in common.reaction_rows if row[2] not in excluded]
        state.reactions = _reaction_groups(state.reaction_rows, viewer.id)
        state.favourited = self.favourited.get(viewer.id, set())
        state.reblogged = self.reblogged.get(viewer.id, set())
        state.bookmarked = self.bookmarked.get(viewer.id, set())
        state.muted = self.muted.get(viewer.id, set())
        state.own_votes = self.own_votes.get(viewer.id, {})
        state.visible_parents = self.visible_parents.get(viewer.id, set())
        state.pinned = {status.id for status in self.statuses
                        if status.account_id == viewer.id and status.id in state.pinned_at}
        return state


@lru_cache(maxsize=4096)
def html_to_plain(content):
    """Pleroma's `text/plain` rendering of HTML content: tags dropped, breaks kept
    (remembered by content: HTML parsing is a good part of a page's rendering)."""
    if not content:
        return ""
    text = re.sub(r"<br\s*/?>", "\n", content)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text)
    return html.unescape(strip_tags(text))


def pleroma_status_json(status, viewer, state, reblog):
    """Pleroma's `pleroma` object of a Status (StatusView)."""
    reply_account = status.in_reply_to_account if status.in_reply_to_account_id else None
    pinned_at = state.pinned_at.get(status.id)
    return {
        "content": {"text/plain": html_to_plain(status.content) if reblog is None else ""},
        "spoiler_text": {"text/plain": status.spoiler_text},
        "context": absolute(f"/contexts/{status.conversation_id}") if status.conversation_id else None,
        "conversation_id": status.conversation_id,
        "direct_conversation_id": None,
        "emoji_reactions": [{"name": group["name"], "count": group["count"], "me": group["me"],
                             **({"url": group["url"]} if "url" in group else {}), "account_ids": group["account_ids"]}
                            for group in state.reactions.get(status.id, {}).values()],
        "expires_at": iso(status.expires_at),
        "in_reply_to_account_acct": reply_account.acct if reply_account is not None else None,
        "local": status.local,
        "parent_visible": status.in_reply_to_id in state.visible_parents,
        "pinned_at": iso(pinned_at),
        "quotes_count": status.quotes_count,
        "thread_muted": status.conversation_id in state.muted if viewer is not None else False,
    }


def _poll(status):
    try:
        return status.poll
    except Status.poll.RelatedObjectDoesNotExist:
        return None


def _card(status):
    try:
        return status.preview.card
    except Status.preview.RelatedObjectDoesNotExist:
        return None


class StatusSerializer(EntitySerializer):
    """Context: viewer (Account or None), state (ViewerState for the page), filter_context
    (home, public, thread, account, notifications: the viewer's filters applied), text (the
    plain text to return, for delete-and-redraft)."""

    def to_representation(self, status):
        state = self.context.get("state") or ViewerState(self.viewer, [status] + ([status.reblog_of]
                                                                                 if status.reblog_of_id else []))
        viewer = self.viewer
        reblog = None
        if status.reblog_of_id is not None:
            reblog = StatusSerializer(context={**self.context, "state": state, "text": None}).to_representation(
                status.reblog_of)
        media_serializer = _media_serializer()
        media_list = list(status.media_attachments.all()) if media_serializer else []
        poll = _poll(status)
        card = _card(status)
        owned = viewer is not None and viewer.id == status.account_id
        data = {
            "id": str(status.id),
            "uri": status_uri(status),
            "url": status_url(status),
            "created_at": iso(status.created_at),
            "edited_at": iso(status.edited_at),
            "account": self._account(status.account),
            "content": status.content if reblog is None else "",
            "text": self.context.get("text"),
            "visibility": status.visibility,
            "sensitive": status.sensitive or forced_sensitive(status.account, viewer),
            "spoiler_text": status.spoiler_text,
            "media_attachments": media_serializer.render_many(media_list) if media_serializer else [],
            "application": ({"name": status.application.name, "website": status.application.website}
                            if status.application_id and owned else None),
            "mentions": [mention_json(mention.account) for mention in status.mentions.all()],
            "tags": [{"name": tag.name, "url": tag_url(tag.name)} for tag in status.tags.all()],
            "emojis": [],
            "reblogs_count": status.reblogs_count,
            "favourites_count": status.favourites_count,
            "replies_count": status.replies_count,
            "quotes_count": status.quotes_count,
            "in_reply_to_id": str(status.in_reply_to_id) if status.in_reply_to_id else None,
            "in_reply_to_account_id": str(status.in_reply_to_account_id) if status.in_reply_to_account_id else None,
            "reblog": reblog,
            "poll": PollSerializer.render(poll, viewer=viewer, own_votes=state.own_votes) if poll else None,
            "card": PreviewCardSerializer.render(card) if card else None,
            "language": status.language,
            "quote": None,
            "quote_approval": {"automatic": [], "manual": [], "current_user": "denied"},
            "tagged_collections": [],
            "filtered": [],
            "pleroma": pleroma_status_json(status, viewer, state, reblog),
        }
        if viewer is not None:
            data.update({
                "favourited": status.id in state.favourited,
                "reblogged": status.id in state.reblogged,
                "muted": status.conversation_id in state.muted,
                "bookmarked": status.id in state.bookmarked,
                "pinned": status.id in state.pinned if owned and status.distributable and reblog is None else None,
            })
            results = self.context.get("filter_results", {}).get(status.id)
            if results:
                data["filtered"] = results
        else:
            data.update({"favourited": None, "reblogged": None, "muted": None, "bookmarked": None,
                         "pinned": None, "filtered": None})
        return data

    def _account(self, account):
        """The author's Account entity, rendered once per page (it does not depend on
        the status; a page often holds several statuses of the same author)."""
        rendered = self.context.get("rendered_accounts")
        if rendered is None:
            return AccountSerializer.render(account, viewer=self.viewer,
                                            profile_mentions=self.context.get("profile_mentions"),
                                            relationships=self.context.get("relationships"))
        if account.id not in rendered:
            rendered[account.id] = AccountSerializer.render(account, viewer=self.viewer,
                                                            profile_mentions=self.context.get("profile_mentions"),
                                                            relationships=self.context.get("relationships"))
        return rendered[account.id]


def _pleroma_annotations():
    """Subqueries for the `pleroma` object, read with the page itself (no query more):
    when the author pinned it, and whether anyone reacted."""
    return {
        "pleroma_pinned_at": Subquery(StatusPin.objects.filter(status_id=OuterRef("pk"),
                                                               account_id=OuterRef("account_id"))
                                      .values("created_at")[:1]),
        "pleroma_reacted": Exists(EmojiReaction.objects.filter(status_id=OuterRef("pk"))),
    }


_rows_of = Prepared(lambda ids: Status.objects.filter(id__any=ids).select_related(*STATUS_RELATED)
                    .annotate(**_pleroma_annotations()), prepared_ids)
_authors_of = Prepared(lambda ids: Account.objects.filter(id__any=ids).select_related(*AUTHOR_RELATED), prepared_ids)


def _load_rows(ids):
    return {status.id: status for status in _rows_of(ids)}


def load(statuses, viewer=None):
    """The statuses (objects or ids) re-read with everything rendering needs, in order: the
    rows, the statuses they reblog, their authors (and the accounts they reply to), their
    mentions, tags and media, in a fixed number of queries. A status on the page that is
    also reblogged on it is one object."""
    ids = [status if isinstance(status, int) else status.id for status in statuses]
    found = _load_rows(ids)
    rows = dict(found)
    reblogged = {status.reblog_of_id for status in found.values() if status.reblog_of_id} - rows.keys()
    if reblogged:
        rows.update(_load_rows(reblogged))
    account_ids = {status.account_id for status in rows.values()}
    account_ids.update(status.in_reply_to_account_id for status in rows.values() if status.in_reply_to_account_id)
    accounts = {account.id: account for account in _authors_of(account_ids)}
    for status in rows.values():
        cache = status._state.fields_cache
        cache["account"] = accounts.get(status.account_id)
        cache["in_reply_to_account"] = accounts.get(status.in_reply_to_account_id)
        if status.reblog_of_id is not None:
            cache["reblog_of"] = rows.get(status.reblog_of_id)
    # A reblog whose original is gone (deleted meanwhile) or whose author is: not rendered.
    found = {status_id: status for status_id, status in found.items()
             if status.account is not None and (status.reblog_of_id is None or
                                                (status.reblog_of is not None and status.reblog_of.account is not None))}
    prefetch_lists(list(found.values()) + [status.reblog_of for status in found.values() if status.reblog_of_id])
    return [found[status_id] for status_id in ids if status_id in found]


def render_statuses(statuses, viewer, *, filter_context=None, preloaded=False, profile_mentions=None,
                    shallow_quotes=False, state=None, filter_set=None, relationships=None):
    """Status entities for a page of statuses, in order, in a fixed number of queries.

    With filter_context, the viewer's filters for that context apply: statuses a `hide`
    filter matches are left out, others carry `filtered`. `state` (a ViewerState) and
    `filter_set` (the viewer's FilterSet for the context) are given when loaded already
    (ViewerStates, for many viewers at once). `relationships` (a
    relationships.serializers.PageRelationships, Pleroma's with_relationships) puts the
    viewer's Relationship in every account shown (authors, reblogged and quoted authors),
    loaded for all of them at once."""
    statuses = list(statuses) if preloaded else load(statuses, viewer)
    everything = statuses + [status.reblog_of for status in statuses if status.reblog_of_id]
    if state is None:
        state = ViewerState(viewer, everything)
    filter_results = {}
    if viewer is not None and filter_context:
        statuses, filter_results = apply_filters(viewer, statuses, filter_context, filter_set)
    authors = {status.account_id: status.account for status in everything}
    context = {"viewer": viewer, "state": state, "filter_results": filter_results,
               "profile_mentions": (profile_mentions if profile_mentions is not None
                                    else profile_mention_urls_many(authors.values())),
               "rendered_accounts": {}}
    if relationships is not None:
        relationships.want(list(authors) + [account.moved_to_id for account in authors.values()])
        context["relationships"] = relationships
    serializer = StatusSerializer(context=context)
    rendered = [serializer.to_representation(status) for status in statuses]
    from statuses.serializers_quotes import add_quotes  # quote posts: a batched lookup of their own

    add_quotes(statuses, rendered, viewer, shallow=shallow_quotes, relationships=relationships)
    add_pleroma_quote_fields(rendered)
    return rendered


def add_pleroma_quote_fields(rendered):
    """Pleroma's view of a quote in the `pleroma` object (Pleroma-FE shows it from there):
    quote (the quoted Status, as Mastodon's quote.quoted_status), quote_id, quote_url and
    quote_visible, from the `quote` attribute just rendered (so hidden just as much: a quote
    the viewer may not see has no id here)."""
    for data in rendered:
        for entity in (data, data.get("reblog")):
            if not entity or "pleroma" not in entity:
                continue
            quote = entity.get("quote") or {}
            quoted = quote.get("quoted_status")
            quoted_id = quoted["id"] if quoted else quote.get("quoted_status_id")
            entity["pleroma"].update({"quote": quoted, "quote_id": quoted_id,
                                      "quote_url": quoted["url"] if quoted else None,
                                      "quote_visible": quoted_id is not None})


def render_status(status, viewer, **context):
    return render_statuses([status], viewer, **context)[0] if status is not None else None


def apply_filters(viewer, statuses, filter_context, filter_set=None):
    """(statuses kept, {status id: [FilterResult]}) for the viewer's filters in a context."""
    if filter_set is None:
        filter_set = active_filters(viewer, filter_context)
    kept, results = [], {}
    for status in statuses:
        target = status.reblog_of if status.reblog_of_id else status
        hide, matches = filter_results(filter_set, target)
        if hide:
            continue
        kept.append(status)
        if matches:
            results[target.id] = matches
            results[status.id] = matches
    return kept, results


class StatusEditSerializer(EntitySerializer):
    """One revision (statuses.models.StatusEdit). Context: viewer, account (the author),
    media ({id: MediaAttachment} of every revision's media)."""

    def to_representation(self, edit):
        media_serializer = _media_serializer()
        media_by_id = self.context.get("media", {})
        media_list = []
        for item in edit.media:
            attachment = media_by_id.get(item["id"])
            if attachment is not None and media_serializer is not None:
                rendered = dict(media_serializer.render(attachment))
                rendered["description"] = item.get("description") or None
                media_list.append(rendered)
        return {
            "content": edit.content,
            "spoiler_text": edit.spoiler_text,
            "sensitive": edit.sensitive,
            "created_at": iso(edit.created_at),
            "account": AccountSerializer.render(self.context["account"], viewer=self.viewer),
            "poll": {"options": [{"title": title} for title in edit.poll_options]} if edit.poll_options else None,
            "media_attachments": media_list,
            "emojis": [],
            "quote": None,
        }


class StatusSourceSerializer(EntitySerializer):
    def to_representation(self, status):
        # content_type: Pleroma's addition (StatusView's source.json), how the text is rendered.
        return {"id": str(status.id), "text": status.text, "spoiler_text": status.spoiler_text,
                "content_type": status.content_type}
