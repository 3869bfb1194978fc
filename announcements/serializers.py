"""The Announcement entity (with Announcement::Account, Announcement::Status, Status::Tag,
CustomEmoji and Reaction inside).

Lists go through render_announcements(announcements, viewer), which loads everything for
the whole page in a constant number of queries. AnnouncementSerializer.render(announcement,
viewer=account) renders one on its own (streaming.render uses it).
"""
from django.db.models import Prefetch

from accounts.models import Account
from accounts.serializers import account_url
from announcements import services
from announcements.models import Announcement
from fedi.formats import iso
from fedi.serializers import EntitySerializer
from fedi.text import extract
from instance.serializers import CustomEmojiSerializer
from statuses.models import Status, Visibility
from statuses.serializers import status_url
from tags.serializers import tag_url
from tags.services import display_name


def _visible_statuses():
    return Status.objects.filter(visibility__in=[Visibility.PUBLIC, Visibility.UNLISTED]).select_related("account")


def with_related(queryset):
    """An Announcement queryset with the linked accounts, statuses and tags prefetched."""
    return queryset.prefetch_related(
        Prefetch("mentions", queryset=Account.objects.order_by("id")),
        Prefetch("statuses", queryset=_visible_statuses().order_by("id")),
        "tags",
    )


def preload(announcements, viewer):
    """The context that renders these announcements without further queries."""
    ids = [a.id for a in announcements]
    reactions = services.reactions_of(ids, viewer)
    shortcodes = set()
    for announcement in announcements:
        shortcodes.update(extract(announcement.text or "").emojis)
    for rows in reactions.values():
        shortcodes.update(name for name, _count, _me in rows)
    return {
        "viewer": viewer,
        "reactions": reactions,
        "read_ids": services.read_ids(ids, viewer),
        "custom_emojis": services.custom_emojis_by_shortcode(shortcodes),
    }


def mention_json(account):
    return {"id": str(account.id), "username": account.username, "url": account_url(account), "acct": account.acct}


def status_json(status):
    return {"id": str(status.id), "url": status_url(status)}


def tag_json(tag):
    return {"name": display_name(tag), "url": tag_url(tag)}


def reaction_json(name, count, me, custom_emoji):
    data = {"name": name, "count": count, "me": me, "url": None, "static_url": None}
    if custom_emoji is not None:
        rendered = CustomEmojiSerializer.render(custom_emoji)
        data["url"], data["static_url"] = rendered["url"], rendered["static_url"]
    return data


class AnnouncementSerializer(EntitySerializer):
    """Context: viewer (Account or None: then `read` and `me` are null), and what preload()
    gives for a page (reactions, read_ids, custom_emojis); missing parts are queried."""

    def to_representation(self, announcement):
        context = self.context
        viewer = self.viewer
        if "reactions" not in context:
            context = {**preload([announcement], viewer), **context}
        emojis = context["custom_emojis"]
        reactions = context["reactions"].get(announcement.id, [])
        has_dates = announcement.starts_at is not None or announcement.ends_at is not None
        return {
            "id": str(announcement.id),
            "content": announcement.content,
            "starts_at": iso(announcement.starts_at) if announcement.starts_at else None,
            "ends_at": iso(announcement.ends_at) if announcement.ends_at else None,
            "all_day": bool(announcement.all_day and has_dates),
            "published_at": iso(announcement.published_at or announcement.created_at),
            "updated_at": iso(announcement.updated_at),
            "read": (announcement.id in context["read_ids"]) if viewer is not None else None,
            "mentions": [mention_json(account) for account in announcement.mentions.all()],
            "statuses": [status_json(status) for status in self._statuses(announcement)],
            "tags": [tag_json(tag) for tag in announcement.tags.all()],
            "emojis": [CustomEmojiSerializer.render(emojis[code])
                       for code in extract(announcement.text or "").emojis if code in emojis],
            "reactions": [reaction_json(name, count, me if viewer is not None else None, emojis.get(name))
                          for name, count, me in reactions],
        }

    @staticmethod
    def _statuses(announcement):
        cache = getattr(announcement, "_prefetched_objects_cache", {})
        if "statuses" in cache:
            return list(announcement.statuses.all())

        return [s for s in announcement.statuses.select_related("account").order_by("id")
                if s.visibility in (Visibility.PUBLIC, Visibility.UNLISTED)]


def render_announcements(announcements, viewer):
    """A page of announcements for the viewer (an Account or None), in constant queries."""
    announcements = list(announcements)
    return AnnouncementSerializer.render_many(announcements, **preload(announcements, viewer))


def load(queryset=None):
    """Announcements ready to render (queryset: Announcement.objects by default)."""
    return with_related(queryset if queryset is not None else Announcement.objects.all())


def render_for_streaming(viewer, announcement_id, filter_context=None):
    """The `announcement` streaming event's payload (registered with streaming.render in
    announcements.apps): the entity as this viewer sees it, None once it is gone."""
    announcement = Announcement.objects.filter(id=int(announcement_id)).first()
    if announcement is None:
        return None
    return AnnouncementSerializer.render(announcement, viewer=viewer.account if viewer else None)
