from django.apps import AppConfig


class PleromaApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pleroma_api"

    def ready(self):
        # Imported in ready(): models and the other apps' modules load once the registry is.
        from celery.signals import task_failure, task_success

        # The healthcheck's job counters (pleroma_api.services_health).
        task_success.connect(_task_succeeded, weak=False, dispatch_uid="pleroma_api.task_success")
        task_failure.connect(_task_failed, weak=False, dispatch_uid="pleroma_api.task_failure")

        from statuses.signals import conversation_addressing

        conversation_addressing.connect(_conversation_addressing, weak=False,
                                        dispatch_uid="pleroma_api.conversation_addressing")


def _conversation_addressing(sender=None, account=None, conversation_id=None, **kwargs):
    """Pleroma's in_reply_to_conversation_id: the account's conversation (feeds'
    AccountConversation, the Conversation entity's id) and who is in it."""
    from accounts.models import Account
    from feeds.models import AccountConversation
    from fedi.params import is_id

    if account is None or not is_id(str(conversation_id)):
        return None
    row = AccountConversation.objects.filter(pk=int(conversation_id), account_id=account.id).first()
    if row is None:
        return None
    others = Account.objects.filter(id__in=row.participant_ids, suspended_at__isnull=True)
    return {"to": [other.acct for other in others], "in_reply_to_id": row.last_status_id}


def _queue_of(task):
    info = getattr(getattr(task, "request", None), "delivery_info", None) or {}
    return info.get("routing_key") or None


def _task_succeeded(sender=None, **kwargs):
    from pleroma_api.services_health import count_job

    if sender is not None:
        count_job(sender.name, _queue_of(sender), True)


def _task_failed(sender=None, **kwargs):
    from pleroma_api.services_health import count_job

    if sender is not None:
        count_job(sender.name, _queue_of(sender), False)
