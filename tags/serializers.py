"""The Tag and FeaturedTag entities.

Lists go through render_tags(tags, viewer), which loads the history of every tag and the
viewer's follows and features in three queries, whatever the number of tags.
"""
from urllib.parse import quote

from fedi.formats import iso_date
from fedi.links import absolute
from fedi.serializers import EntitySerializer
from tags.services import display_name, featured_tags_of, histories, viewer_tag_state


def tag_url(tag):
    """The tag's page on this server (/tags/name)."""
    return absolute("/tags/" + quote(tag.name, safe=""))


def featured_tag_url(featured_tag):
    """The owner's statuses with the tag (/@user/tagged/name)."""
    return absolute(f"/@{featured_tag.account.acct}/tagged/" + quote(featured_tag.tag.name, safe=""))


class TagSerializer(EntitySerializer):
    """Context: viewer (Account or None), histories ({tag id: history}), following and
    featuring (sets of tag ids); render_tags fills them for a page. Signed out, following
    and featuring are null."""

    def to_representation(self, tag):
        history = self.context.get("histories")
        if history is None:
            history = histories([tag.id])
        data = {
            "id": str(tag.id) if tag.id is not None else "",
            "name": display_name(tag),
            "url": tag_url(tag),
            "history": history.get(tag.id) or histories([])[None],
            "following": None,
            "featuring": None,
        }
        viewer = self.viewer
        if viewer is not None:
            following, featuring = self.context.get("following"), self.context.get("featuring")
            if following is None or featuring is None:
                following, featuring = viewer_tag_state(viewer, [tag.id])
            data["following"] = tag.id in following
            data["featuring"] = tag.id in featuring
        return data


def render_tags(tags, viewer):
    """Tag entities for a list of Tags (saved or not), in order, in three queries."""
    tags = list(tags)
    ids = [tag.id for tag in tags]
    following, featuring = viewer_tag_state(viewer, ids)
    context = {"viewer": viewer, "histories": histories(ids), "following": following, "featuring": featuring}
    return [TagSerializer(tag, context=context).data for tag in tags]


def render_tag(tag, viewer):
    return render_tags([tag], viewer)[0]


class FeaturedTagSerializer(EntitySerializer):
    """A FeaturedTag (with its tag and account loaded): statuses_count is a string and
    last_status_at a date, as Mastodon sends them."""

    def to_representation(self, featured_tag):
        return {
            "id": str(featured_tag.id),
            "name": featured_tag.name or display_name(featured_tag.tag),
            "url": featured_tag_url(featured_tag),
            "statuses_count": str(featured_tag.statuses_count),
            "last_status_at": iso_date(featured_tag.last_status_at),
        }


def render_featured_tags(account):
    """The FeaturedTag entities of an account (its Profile and /featured_tags), one query."""
    return FeaturedTagSerializer.render_many(list(featured_tags_of(account)))
