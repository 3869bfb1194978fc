"""JSON schemas of Pleroma's additions (from the Pleroma seed: the `pleroma` objects of the
Account, Status, Attachment and v1 Instance entities); the Mastodon OpenAPI file does not
cover them. check(schema, body) fails the test on any mismatch."""
from jsonschema import Draft202012Validator

STRING_OR_NULL = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}


def _object(properties, required=None):
    return {"type": "object", "properties": properties, "required": list(required or properties)}


ACCOUNT_PLEROMA = _object({
    "is_admin": BOOL, "is_moderator": BOOL, "is_confirmed": BOOL,
    "hide_favorites": BOOL, "hide_followers": BOOL, "hide_follows": BOOL,
    "hide_followers_count": BOOL, "hide_follows_count": BOOL,
    "relationship": {"type": "object"}, "background_image": STRING_OR_NULL,
    "skip_thread_containment": BOOL, "tags": {"type": "array"},
    "accepts_chat_messages": {"type": ["boolean", "null"]}, "birthday": STRING_OR_NULL, "favicon": STRING_OR_NULL,
})
SOURCE_PLEROMA = _object({"actor_type": {"enum": ["Person", "Service", "Group", "Application"]},
                          "discoverable": BOOL, "show_role": BOOL, "no_rich_text": BOOL})
CREDENTIAL_ACCOUNT_PLEROMA = {**ACCOUNT_PLEROMA, "required": ACCOUNT_PLEROMA["required"] + ["settings_store"],
                              "properties": {**ACCOUNT_PLEROMA["properties"], "settings_store": {"type": "object"}}}

EMOJI_REACTION = _object({"name": {"type": "string"}, "count": {"type": "integer", "minimum": 1}, "me": BOOL,
                          "url": {"type": "string"}, "account_ids": {"type": "array", "items": {"type": "string"}}},
                         required=["name", "count", "me"])
STATUS_PLEROMA = _object({
    "content": _object({"text/plain": {"type": "string"}}),
    "spoiler_text": _object({"text/plain": {"type": "string"}}),
    "conversation_id": {"type": ["integer", "null"]}, "direct_conversation_id": {"type": ["integer", "null"]},
    "emoji_reactions": {"type": "array", "items": EMOJI_REACTION}, "expires_at": STRING_OR_NULL,
    "in_reply_to_account_acct": STRING_OR_NULL, "local": BOOL, "parent_visible": BOOL,
    "pinned_at": STRING_OR_NULL, "quotes_count": {"type": "integer"}, "thread_muted": BOOL,
})
# Pleroma 2.5's quote fields (StatusView), on every status rendered through render_statuses.
STATUS_PLEROMA["properties"].update({"quote": {"type": ["object", "null"]}, "quote_id": STRING_OR_NULL,
                                     "quote_url": STRING_OR_NULL, "quote_visible": BOOL})
ATTACHMENT_PLEROMA = _object({"mime_type": STRING_OR_NULL})
INSTANCE_PLEROMA = _object({
    "max_toot_chars": {"type": "integer"},
    "poll_limits": _object({"max_options": {"type": "integer"}, "max_option_chars": {"type": "integer"},
                            "min_expiration": {"type": "integer"}, "max_expiration": {"type": "integer"}}),
    "upload_limit": {"type": "integer"}, "avatar_upload_limit": {"type": "integer"},
    "background_upload_limit": {"type": "integer"}, "banner_upload_limit": {"type": "integer"},
    "background_image": STRING_OR_NULL,
    "pleroma": _object({"metadata": _object({
        "features": {"type": "array", "items": {"type": "string"}},
        "fields_limits": _object({"max_fields": {"type": "integer"}, "max_remote_fields": {"type": "integer"},
                                  "name_length": {"type": "integer"}, "value_length": {"type": "integer"}}),
        "post_formats": {"type": "array", "items": {"type": "string"}},
        "federation": _object({"enabled": BOOL}),
    })}),
})
NOTIFICATION_PLEROMA = _object({"is_seen": BOOL, "is_muted": BOOL})


def check(schema, body):
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda error: list(error.path))
    assert not errors, "; ".join(f"{list(error.path)}: {error.message}" for error in errors[:5])


# Pleroma's chats (PleromaAPI.ChatView, Chat.MessageReferenceView).
CHAT_MESSAGE = {**_object({
    "id": {"type": "string"}, "chat_id": {"type": "string"}, "account_id": {"type": "string"},
    "content": STRING_OR_NULL, "created_at": {"type": "string", "format": "date-time"},
    "emojis": {"type": "array", "items": _object({"shortcode": {"type": "string"}, "url": {"type": "string"},
                                                  "static_url": {"type": "string"},
                                                  "visible_in_picker": BOOL},
                                                 required=["shortcode", "url", "static_url", "visible_in_picker"])},
    "attachment": {"type": ["object", "null"]}, "card": {"type": ["object", "null"]}, "unread": BOOL,
    "idempotency_key": {"type": "string"},
}, required=["id", "chat_id", "account_id", "content", "created_at", "emojis", "attachment", "card", "unread"]),
    "additionalProperties": False}
CHAT = {**_object({
    "id": {"type": "string"}, "account": {"type": "object", "required": ["id", "acct", "pleroma"]},
    "unread": {"type": "integer", "minimum": 0}, "last_message": {"anyOf": [CHAT_MESSAGE, {"type": "null"}]},
    "updated_at": {"type": "string"},
}), "additionalProperties": False}


def check_status(body):
    """A Status entity: the Mastodon OpenAPI file's schema and attributes, plus the `pleroma`
    object (for Pleroma endpoints, which the spec does not cover)."""
    from tests.openapi import _validator, missing_keys

    pointer = "#/components/schemas/Status"
    errors = list(_validator(pointer).iter_errors(body))
    assert not errors, "; ".join(f"{list(error.absolute_path)}: {error.message[:200]}" for error in errors[:5])
    from tests.openapi import SPEC_URI, registry

    schema = registry().resolver(base_uri=SPEC_URI).lookup(SPEC_URI + pointer).contents
    assert not missing_keys(schema, body), missing_keys(schema, body)
    check(STATUS_PLEROMA, body["pleroma"])


def check_statuses(body):
    assert isinstance(body, list)
    for status in body:
        check_status(status)


# Pleroma's healthcheck (Pleroma.Healthcheck's struct).
COUNTS = _object({"processed_jobs": {"type": "integer", "minimum": 0}, "success": {"type": "integer", "minimum": 0},
                  "failure": {"type": "integer", "minimum": 0}})
HEALTHCHECK = {**_object({
    "healthy": BOOL, "active": {"type": "integer", "minimum": 0}, "idle": {"type": "integer", "minimum": 0},
    "pool_size": {"type": "integer", "minimum": 0}, "memory_used": {"type": "number", "exclusiveMinimum": 0},
    "job_queue_stats": _object({
        "processed_jobs": {"type": "integer", "minimum": 0},
        "queues": {"type": "object", "additionalProperties": {
            **COUNTS, "properties": {**COUNTS["properties"], "waiting": {"type": "integer", "minimum": 0}}}},
        "workers": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": COUNTS}},
    }),
}), "additionalProperties": False}


# Pleroma's own reports (PleromaAPI.ReportView).
REPORT = {**_object({
    "id": {"type": "string"}, "account": {"type": "object", "required": ["id", "acct", "pleroma"]},
    "actor": {"type": "object", "required": ["id", "acct", "pleroma"]}, "content": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"}, "statuses": {"type": "array"},
    "state": {"enum": ["open", "closed", "resolved"]},
}), "additionalProperties": False}
REPORTS = _object({"reports": {"type": "array", "items": REPORT}, "total": {"type": "integer", "minimum": 0}})
EMOJI_PACK = _object({"files": {"type": "object", "additionalProperties": {"type": "string"}},
                      "files_count": {"type": "integer"}, "pack": {"type": "object"}})
