"""The ScheduledStatus entity."""
from fedi.formats import iso
from fedi.serializers import EntitySerializer
from media_attachments.serializers import MediaAttachmentSerializer


def _media_json(media_list):
    return MediaAttachmentSerializer.render_many(media_list)


# Every key Mastodon's params carry (statuses.services.posting stores them all; these
# defaults only fill rows written otherwise).
PARAMS_DEFAULTS = {
    "text": "", "poll": None, "media_ids": None, "sensitive": None, "spoiler_text": None, "visibility": "public",
    "language": None, "scheduled_at": None, "idempotency": None, "in_reply_to_id": None, "application_id": 0,
    "with_rate_limit": False, "quoted_status_id": None, "quote_approval_policy": None,
}


def _params(scheduled):
    params = {**PARAMS_DEFAULTS, **(scheduled.params or {})}
    if not params["quote_approval_policy"]:  # the spec wants one: the author's default
        user = getattr(scheduled.account, "user", None)
        params["quote_approval_policy"] = (user.settings or {}).get("quote_policy", "public") if user else "public"
    return params


class ScheduledStatusSerializer(EntitySerializer):
    def to_representation(self, scheduled):
        return {
            "id": str(scheduled.id),
            "scheduled_at": iso(scheduled.scheduled_at),
            "params": _params(scheduled),
            "media_attachments": _media_json(list(scheduled.media_attachments.all())),
        }
