"""Direct conversations (Mastodon's AccountConversation): each local participant of a
direct status has one row per thread and set of other participants, with its statuses,
the last one, and whether it is unread.

    deliver_direct(status)                 a direct status was posted (from fan-out)
    remove_status(status_id, conversation_id)  a status was deleted
    render_conversations(rows, viewer)     Conversation entities for a page
    render_conversation(id, viewer)        one, for the streaming API (None if not theirs)
    find_conversation(viewer, id)          one of the viewer's (404 otherwise)
    conversations_of(viewer, recipients)   the viewer's, optionally with these participants
    delete_conversation(row)               DELETE /api/v1/conversations/:id
"""
from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import PROFILE_RELATED, Account
from accounts.serializers import AccountSerializer
from feeds import fanout
from feeds.models import AccountConversation
from feeds.signals import conversation_changed
from fedi.errors import NotFound
from fedi.params import is_id
from statuses.models import Mention
from statuses.serializers import render_statuses


def _participants(status, recipient_id, mentioned_ids):
    ids = (set(mentioned_ids) | {status.account_id}) - {recipient_id}
    return ",".join(str(account_id) for account_id in sorted(ids))


def deliver_direct(status):
    """Add a direct status to the conversations of its local author and of the local
    accounts it mentions that do not block, mute or domain-block the author (as
    Mastodon's NotifyService drops the mention), and tell their `direct` streams."""
    if status.conversation_id is None:
        return
    mentions = list(Mention.objects.filter(status=status).values_list("account_id", "account__domain"))
    mentioned_ids = [account_id for account_id, _ in mentions]
    recipients = [account_id for account_id, domain in mentions if domain is None and account_id != status.account_id]
    crutches = fanout.Crutches(recipients, [status])
    recipients = [recipient for recipient in recipients
                  if not (crutches.blocks_or_mutes(recipient, [status.account_id])
                          or (recipient, status.account_id) in crutches.blocked_by
                          or crutches.domain_blocked(recipient, status.account))]
    if status.account.domain is None:
        recipients.insert(0, status.account_id)
    for recipient in recipients:
        add_status(recipient, status, _participants(status, recipient, mentioned_ids))


def add_status(recipient_id, status, participants):
    for _ in range(3):
        try:
            with transaction.atomic():
                row, _ = AccountConversation.objects.select_for_update().get_or_create(
                    account_id=recipient_id, conversation_id=status.conversation_id, participants=participants)
                if status.id in row.status_ids:
                    return row
                row.status_ids = sorted(set(row.status_ids) | {status.id})
                row.last_status_id = row.status_ids[-1]
                row.unread = status.account_id != recipient_id
                row.save()
            break
        except IntegrityError:  # created concurrently: take the other one
            continue
    else:  # pragma: no cover
        return None
    _publish(recipient_id, row.id)
    return row


def remove_status(status_id, conversation_id):
    """A deleted status leaves its conversations; an emptied conversation goes."""
    for row in AccountConversation.objects.filter(conversation_id=conversation_id):
        if status_id not in row.status_ids:
            continue
        with transaction.atomic():
            locked = AccountConversation.objects.select_for_update().filter(pk=row.pk).first()
            if locked is None or status_id not in locked.status_ids:
                continue
            row = locked
            row.status_ids = [value for value in row.status_ids if value != status_id]
            if not row.status_ids:
                row.delete()
                continue
            row.last_status_id = max(row.status_ids)
            row.save()
        _publish(row.account_id, row.id)


def _publish(account_id, conversation_id):
    # streaming (above timelines) tells the account's `direct` streams: its receiver.
    conversation_changed.send(sender=AccountConversation, account_id=account_id,
                              conversation_id=conversation_id)


def mark_read(row):
    if row.unread:
        AccountConversation.objects.filter(pk=row.pk).update(unread=False)
        row.unread = False
    return row


def render_conversations(rows, viewer):
    """Conversation entities: id, unread, accounts (the other participants, or the viewer
    alone when there are none), last_status — in a fixed number of queries."""
    rows = list(rows)
    account_ids = {account_id for row in rows for account_id in row.participant_ids}
    accounts = {account.id: account for account in Account.objects.filter(id__in=account_ids)
                .select_related(*PROFILE_RELATED)} if account_ids else {}
    statuses = {int(data["id"]): data for data in
                render_statuses([row.last_status_id for row in rows if row.last_status_id], viewer)}
    result = []
    for row in rows:
        participants = [accounts[account_id] for account_id in row.participant_ids if account_id in accounts]
        result.append({
            "id": str(row.id),
            "unread": row.unread,
            "accounts": AccountSerializer.render_many(participants or [viewer], viewer=viewer),
            "last_status": statuses.get(row.last_status_id),
        })
    return result


def render_conversation(conversation_id, viewer):
    """One Conversation entity as `viewer` (an Account) sees it, or None when it is not
    theirs (the streaming API's `conversation` renderer)."""
    row = AccountConversation.objects.filter(pk=int(conversation_id), account_id=viewer.id).first()
    if row is None:
        return None
    return render_conversations([row], viewer)[0]


def find_conversation(viewer, conversation_id):
    text = str(conversation_id)
    if not is_id(text):
        raise NotFound()
    row = AccountConversation.objects.filter(pk=int(text), account_id=viewer.id).first()
    if row is None:
        raise NotFound()
    return row


MAX_RECIPIENT_FILTER = 20


def conversations_of(viewer, recipient_ids=()):
    """The viewer's conversations that have a status (Pleroma's recipients[]: those whose
    participants include every account given)."""
    rows = AccountConversation.objects.filter(account_id=viewer.id, last_status__isnull=False)
    return rows.filter(participants_q(recipient_ids, viewer)) if recipient_ids else rows


def delete_conversation(row: AccountConversation) -> None:
    """The viewer's conversation goes from their list (the statuses stay)."""
    row.delete()


def participants_q(account_ids, viewer):
    """Pleroma's recipients[]: conversations whose participants include every account given
    (the viewer is in all of theirs). `participants` holds the others' ids, comma-separated."""
    q = Q()
    for account_id in {int(value) for value in account_ids if int(value) != viewer.id}:
        text = str(account_id)
        q &= (Q(participants=text) | Q(participants__startswith=f"{text},") | Q(participants__endswith=f",{text}")
              | Q(participants__contains=f",{text},"))
    return q
