"""The notifications that lower apps' events cause (connected in notifications.apps).

The apps below notifications (statuses, ...) never import it: they send their own signals
(<app>/signals.py) and these receivers turn them into notifications.
"""
import logging

from accounts.models import Account
from notifications.services import notify, notify_after_commit, notify_staff, retract, retract_after_commit
from polls.models import PollVote
from relationships.models import Follow
from statuses.models import Quote, Visibility

logger = logging.getLogger(__name__)


def status_distributed(sender, status, **kwargs):
    """Mentions and `status` notifications for followers who asked (Mastodon's
    LocalNotificationWorker calls in DistributionWorker)."""
    if status.reblog_of_id is not None:
        return
    for mention in status.mentions.select_related("account").filter(silent=False):
        if mention.account.is_local:
            notify(mention.account, "mention", status.account, status)
    _quote_notice(status)
    if status.visibility == Visibility.DIRECT:
        return
    followers = (Follow.objects.filter(target_account_id=status.account_id, notify=True)
                 .select_related("account"))
    for follow in followers:
        notify(follow.account, "status", status.account, status)


def _quote_notice(status):
    """`quote`: the quoted author hears of an accepted quote of their post (Mastodon 4.5 sends
    it once the quote is accepted; a pending one notifies when accepted: quote_accepted)."""
    quote = Quote.objects.select_related("quoted_account").filter(status=status).first()
    if quote is None or quote.state != Quote.State.ACCEPTED or quote.quoted_account is None:
        return
    if quote.quoted_account_id != status.account_id and quote.quoted_account.is_local:
        notify(quote.quoted_account, "quote", status.account, status)


def quote_accepted(sender, quote, **kwargs):
    """A pending quote was accepted later: the quoted author hears of it then."""
    status = quote.status
    if quote.quoted_account_id and quote.quoted_account_id != status.account_id:
        notify(quote.quoted_account_id, "quote", status.account_id, status)


def status_edited(sender, status, **kwargs):
    """Rebloggers hear of the edit; so do the local authors of accepted quotes of it
    (`quoted_update`, whose `status` is their quote post, not the edited one)."""
    for reblog in sender.objects.filter(reblog_of=status).select_related("account"):
        if reblog.account.is_local:
            notify(reblog.account, "update", status.account, status)
    quoting = (sender.objects.filter(quote__quoted_status=status, quote__state=Quote.State.ACCEPTED,
                                     reblog_of__isnull=True)
               .exclude(account_id=status.account_id).select_related("account"))
    for quote_post in quoting:
        if quote_post.account.is_local:
            notify(quote_post.account, "quoted_update", status.account, quote_post)


def status_interaction(sender, kind, account, status, undone, **kwargs):
    """favourite/reblog/emoji reaction notifications for the author, retracted when undone."""
    if undone:
        retract(status.account, kind, account, status)
    elif status.account.is_local:
        notify(status.account, kind, account, status, **kwargs.get("extra", {}))


def follow_notice(sender, kind, recipient, from_account, undone, **kwargs):
    """follow / follow_request notifications, after the follow's commit (retracted when undone)."""
    if undone:
        retract_after_commit(recipient, kind, from_account)
    else:
        notify_after_commit(recipient, kind, from_account)


def signed_up(sender, account, **kwargs):
    """admin.sign_up notifications to the staff who manage users."""
    notify_staff("admin.sign_up", account, "manage_users")


def poll_closed(sender, poll, **kwargs):
    """A poll ended: its local author and local voters hear of it."""
    author = poll.account
    if author.is_local:
        _safely(notify, author, "poll", author, poll.status)
    voter_ids = PollVote.objects.filter(poll=poll).exclude(account_id=author.id).values("account_id")
    for voter in Account.objects.filter(id__in=voter_ids).order_by("id"):
        if voter.is_local:
            _safely(notify, voter, "poll", author, poll.status)


def _safely(function, *args):
    try:
        function(*args)
    except Exception:  # one failed notification must not stop the others
        logger.exception("poll notification failed")
