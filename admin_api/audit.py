"""Writing the audit log: every moderation service calls `record` inside its transaction,
so an action and its entry are written together or not at all."""
from admin_api.models import AuditLogEntry


def describe(target) -> str:
    """How the log names a target once it may be gone."""
    if getattr(target, "_meta", None) is not None and target._meta.label == "accounts.Account":
        return f"@{target.username}@{target.domain}" if target.domain else f"@{target.username}"
    if getattr(target, "_meta", None) is not None and target._meta.label == "reports.Report":
        return f"report #{target.pk} on account {target.target_account_id}"
    for name in ("domain", "ip", "canonical_email_hash"):
        value = getattr(target, name, None)
        if value:
            return str(value)
    return str(target)


def record(actor, action: str, target, summary: str = "") -> AuditLogEntry:
    """actor: the acting Account (None for the system); target: a model instance."""
    target_type = target.__class__.__name__
    return AuditLogEntry.objects.create(account=actor, action=action, target_type=target_type,
                                        target_id=str(target.pk) if target.pk is not None else "",
                                        summary=summary or describe(target))
