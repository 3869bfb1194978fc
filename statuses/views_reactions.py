"""Pleroma's emoji reactions: PUT/DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji and
GET /api/v1/pleroma/statuses/:id/reactions[/:emoji] (who reacted, grouped by emoji)."""
from urllib.parse import unquote

from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.links import media
from relationships.queries import block_or_mute_q, hidden_accounts_q
from statuses.lookup import find_status
from statuses.models import EmojiReaction
from statuses.serializers import render_status
from statuses.services import reactions


class ReactionView(ApiView):
    """GET (who reacted with it), PUT (react), DELETE (take the reaction back)."""

    access = {"GET": Access.public("read:statuses"), "PUT": Access.user("write:statuses"),
              "DELETE": Access.user("write:statuses")}

    def get(self, request, status_id, emoji):
        return reactions_response(self, status_id, emoji)

    def put(self, request, status_id, emoji):
        status = find_status(status_id, self.viewer)  # 404 for a status the viewer may not see
        reactions.react(self.viewer, status, unquote(emoji))
        return Response(render_status(status, self.viewer))

    def delete(self, request, status_id, emoji):
        status = find_status(status_id, self.viewer)
        reactions.unreact(self.viewer, status, unquote(emoji))
        return Response(render_status(status, self.viewer))


class ReactionsView(ApiView):
    """[{name, count, me, url?, accounts, account_ids}], the viewer's blocks and mutes left out."""

    access = {"GET": Access.public("read:statuses")}

    def get(self, request, status_id):
        return reactions_response(self, status_id)


def reactions_response(self, status_id, emoji=None):
    if True:
        status = find_status(status_id, self.viewer)
        rows = (EmojiReaction.objects.filter(status=status, account__suspended_at__isnull=True)
                .select_related("account", "account__user", "account__user__role", "account__moved_to",
                                "custom_emoji").order_by("id"))
        if emoji is not None:
            name, _ = reactions.parse_emoji(unquote(emoji))
            rows = rows.filter(name=name)
        if self.viewer is not None:
            # with_muted (Pleroma): reactions of muted accounts too; blocks still apply.
            rows = rows.exclude(hidden_accounts_q(self.viewer, "account_id", mutes=False)
                                if self.params.bool("with_muted", False) else block_or_mute_q(self.viewer))
        rows = list(rows)
        rendered = dict(zip((row.account_id for row in rows),
                            AccountSerializer.render_many([row.account for row in rows], viewer=self.viewer)))
        groups = {}
        for row in rows:
            group = groups.setdefault(row.name, {"name": row.name, "count": 0, "me": False, "accounts": [],
                                                 "account_ids": []})
            if row.custom_emoji_id:
                group["url"] = media(row.custom_emoji.image)
            group["count"] += 1
            group["me"] = group["me"] or (self.viewer is not None and row.account_id == self.viewer.id)
            group["accounts"].append(rendered[row.account_id])
            group["account_ids"].append(str(row.account_id))
        return Response(list(groups.values()))
