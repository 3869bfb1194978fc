"""Changing relationships, with Mastodon's rules (FollowService, UnfollowService,
BlockService, MuteService, AuthorizeFollowService, AfterAccountDomainBlockService...).

Counters: Account.following_count / followers_count change only here, with F() updates in
the same transaction as the Follow rows, counted from rows actually created or deleted, so
they stay right when two requests race.
"""
import re
from collections import Counter
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Account
from fedi.errors import Forbidden, NotFound, Unprocessable, ValidationFailed
from fedi.ids import pk_of
from relationships import signals
from relationships.domains import is_local_domain, local_domains, normalize_domain
from relationships.models import (AccountDomainBlock, AccountNote, AccountPin, Block, Follow, FollowRequest,
                                  Mute)
from relationships.queries import is_blocked_between, is_domain_blocked

UNCHANGED = object()  # an option the client did not send: keep what is stored
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


# --- Following ---------------------------------------------------------------------------

def normalize_languages(languages):
    """Language codes to follow, or None for every language (an empty list means that too)."""
    if languages is None:
        return None
    codes = [str(code).strip().lower() for code in languages if str(code or "").strip()]
    for code in codes:
        if not _LANGUAGE.match(code):
            raise ValidationFailed().add("languages", "ERR_INVALID", f"contains {code!r}, which is not a language code")
    return list(dict.fromkeys(codes)) or None


def _options(reblogs, notify, languages):
    """The options a client sent, as model field values (absent ones left out)."""
    options = {}
    if reblogs is not None:
        options["show_reblogs"] = reblogs
    if notify is not None:
        options["notify"] = notify
    if languages is not UNCHANGED:
        options["languages"] = normalize_languages(languages)
    return options


def _update_options(row, options):
    changed = [name for name, value in options.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, options[name])
    if changed:
        row.save(update_fields=changed)
    return row


@transaction.atomic
def follow(account, target, *, reblogs=None, notify=None, languages=UNCHANGED):
    """Follow `target`, or ask to when it is locked (a FollowRequest). Following again
    changes the options sent (reblogs, notify, languages). Returns the Follow or FollowRequest."""
    if target.id == account.id or target.is_suspended:
        raise NotFound()  # Mastodon: following_not_possible? -> RecordNotFound
    if (is_blocked_between(account, target) or target.moved_to_id is not None
            or is_domain_blocked(account, target.domain)):
        raise Forbidden()  # Mastodon: following_not_allowed? -> NotPermittedError
    options = _options(reblogs, notify, languages)
    existing = Follow.objects.select_for_update().filter(account=account, target_account=target).first()
    if existing is not None:
        return _update_options(existing, options)
    pending = FollowRequest.objects.select_for_update().filter(account=account, target_account=target).first()
    if pending is not None:
        return _update_options(pending, options)
    # Remote accounts accept follows over federation, so they stay requests until they do.
    if target.locked or account.is_silenced or not target.is_local:
        request, created = FollowRequest.objects.get_or_create(account=account, target_account=target, defaults=options)
        if created:
            signals.follow_notice.send(sender=Follow, kind="follow_request",
                recipient=target, from_account=account, undone=False)
        return request
    follow_row, created = _create_follow(account, target, options)
    if created:
        signals.follow_notice.send(sender=Follow, kind="follow",
            recipient=target, from_account=account, undone=False)
    return follow_row


def set_notify(account, target, notify: bool):
    """Pleroma's subscribe/unsubscribe: the `notify` option of an existing follow (or
    follow request); False when there is none."""
    changed = (Follow.objects.filter(account=account, target_account=target).update(notify=notify)
               + FollowRequest.objects.filter(account=account, target_account=target).update(notify=notify))
    return changed > 0


def _create_follow(account, target, options):
    row, created = Follow.objects.get_or_create(account=account, target_account=target, defaults=options)
    if created:
        Account.objects.filter(pk=pk_of(account)).update(following_count=F("following_count") + 1)
        Account.objects.filter(pk=pk_of(target)).update(followers_count=F("followers_count") + 1)
        # their recent posts come into the home feed (timelines)
        signals.followed.send(sender=Follow, account_id=pk_of(account), target_id=pk_of(target), follow=row)
    return row, created


def _delete_follows(follows):
    """Delete the Follow rows of a queryset, with their counters and endorsements (an
    account can feature only accounts it follows). Returns how many were deleted."""
    rows = list(follows.select_for_update().values_list("id", "account_id", "target_account_id"))
    if not rows:
        return 0
    Follow.objects.filter(id__in=[row[0] for row in rows]).delete()
    for account_id, count in Counter(row[1] for row in rows).items():
        Account.objects.filter(pk=account_id).update(following_count=F("following_count") - count)
    for account_id, count in Counter(row[2] for row in rows).items():
        Account.objects.filter(pk=account_id).update(followers_count=F("followers_count") - count)
    pairs = [Q(account_id=row[1], target_account_id=row[2]) for row in rows]
    AccountPin.objects.filter(reduce(or_, pairs)).delete()
    # their posts leave the home feed (timelines)
    signals.unfollowed.send(sender=Follow, pairs=[(row[1], row[2]) for row in rows])
    for _, follower, followed in rows:
        signals.follow_notice.send(sender=Follow, kind="follow",
            recipient=followed, from_account=follower, undone=True)
    return len(rows)


def _delete_requests(requests):
    """Delete the FollowRequest rows of a queryset, and the notifications they caused."""
    pairs = list(requests.values_list("account_id", "target_account_id"))
    deleted, _ = requests.delete()
    for requester, target in pairs:
        signals.follow_notice.send(sender=Follow, kind="follow_request",
            recipient=target, from_account=requester, undone=True)
    return deleted


def _between(a, b):
    """Rows from a to b or from b to a."""
    return Q(account=a, target_account=b) | Q(account=b, target_account=a)


@transaction.atomic
def unfollow(account, target):
    """Stop following `target`, or withdraw a pending request to."""
    _delete_follows(Follow.objects.filter(account=account, target_account=target))
    _delete_requests(FollowRequest.objects.filter(account=account, target_account=target))


@transaction.atomic
def remove_from_followers(account, follower):
    _delete_follows(Follow.objects.filter(account=follower, target_account=account))


@transaction.atomic
def authorize_follow_request(account, requester):
    """Accept `requester`'s request to follow `account` (404 when there is none)."""
    request = FollowRequest.objects.select_for_update().filter(account=requester, target_account=account).first()
    if request is None:
        raise NotFound()
    _create_follow(requester, account, request.option_values())
    request.delete()
    signals.follow_notice.send(sender=Follow, kind="follow_request",
        recipient=account, from_account=requester, undone=True)


@transaction.atomic
def reject_follow_request(account, requester):
    deleted = _delete_requests(FollowRequest.objects.filter(account=requester, target_account=account))
    if not deleted:
        raise NotFound()


def follow_by_handle(account, handle, **options):
    """POST /api/v1/follows: follow "username" or "username@domain"; returns the target."""
    username, _, domain = (handle or "").strip().lstrip("@").partition("@")
    if not username:
        raise ValidationFailed().add("uri", "ERR_BLANK")
    if domain and not is_local_domain(domain):
        raise Unprocessable("Remote accounts are not supported yet")
    target = (Account.objects.with_profiles()
              .filter(username__iexact=username, domain__isnull=True).first())
    if target is None:
        raise NotFound()
    follow(account, target, **options)
    return target


# --- Blocks and mutes ----------------------------------------------------------------------

@transaction.atomic
def block(account, target):
    """Block `target`: follows, follow requests and endorsements between the two go, both ways."""
    if target.id == account.id:
        return  # as Mastodon's BlockService: blocking yourself does nothing
    Block.objects.get_or_create(account=account, target_account=target)
    # their posts leave the account's feeds (timelines)
    signals.blocked_or_muted.send(sender=Follow, account_id=account.id, target_id=target.id)
    _delete_follows(Follow.objects.filter(_between(account, target)))
    _delete_requests(FollowRequest.objects.filter(_between(account, target)))
    AccountPin.objects.filter(_between(account, target)).delete()


@transaction.atomic
def unblock(account, target):
    Block.objects.filter(account=account, target_account=target).delete()


@transaction.atomic
def mute(account, target, *, notifications=True, duration=0):
    """Mute `target` (and its notifications unless notifications=False) for `duration`
    seconds, 0 meaning until unmuted. Muting again replaces both options."""
    if target.id == account.id:
        return  # as Mastodon's MuteService
    expires_at = timezone.now() + timedelta(seconds=duration) if duration else None
    Mute.objects.update_or_create(account=account, target_account=target,
                                  defaults={"hide_notifications": notifications, "expires_at": expires_at})
    # their posts leave the account's feeds (timelines)
    signals.blocked_or_muted.send(sender=Follow, account_id=account.id, target_id=target.id)


@transaction.atomic
def unmute(account, target):
    Mute.objects.filter(account=account, target_account=target).delete()


def purge_expired_mutes(now=None):
    """Delete mutes past their expiry (they already count as no mute; this is housekeeping)."""
    return Mute.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


# --- Endorsements and notes ---------------------------------------------------------------

@transaction.atomic
def pin(account, target):
    """Feature `target` on the profile; only accounts one follows can be featured."""
    if not Follow.objects.filter(account=account, target_account=target).exists():
        raise ValidationFailed("Validation failed: You must be already following the person you want to endorse")
    AccountPin.objects.get_or_create(account=account, target_account=target)


@transaction.atomic
def unpin(account, target):
    AccountPin.objects.filter(account=account, target_account=target).delete()


@transaction.atomic
def set_note(account, target, comment):
    """Set the private note on `target`; a blank comment removes it."""
    comment = comment or ""
    if not comment.strip():
        AccountNote.objects.filter(account=account, target_account=target).delete()
        return
    if len(comment) > AccountNote.MAX_LENGTH:
        raise ValidationFailed().add("comment", "ERR_TOO_LONG",
                               f"is too long (maximum is {AccountNote.MAX_LENGTH} characters)")
    AccountNote.objects.update_or_create(account=account, target_account=target, defaults={"comment": comment})


# --- Domain blocks ----------------------------------------------------------------------

def _is_own_domain(domain):
    hosts = {name.split(":")[0] for name in local_domains()}
    return domain in local_domains() or domain.split(":")[0] in hosts


@transaction.atomic
def block_domain(account, domain):
    """Hide a remote domain from `account`: follows between the account and that domain's
    accounts go, both ways, and so do pending follow requests. Returns the stored domain."""
    domain = normalize_domain(domain)
    if _is_own_domain(domain):
        raise ValidationFailed().add("domain", "ERR_INVALID", "is this server's own domain")
    AccountDomainBlock.objects.get_or_create(account=account, domain=domain)
    on_domain = Account.objects.filter(domain__iexact=domain).values("id")
    both_ways = Q(account=account, target_account__in=on_domain) | Q(account__in=on_domain, target_account=account)
    _delete_follows(Follow.objects.filter(both_ways))
    _delete_requests(FollowRequest.objects.filter(both_ways))
    return domain


@transaction.atomic
def unblock_domain(account, domain):
    domain = normalize_domain(domain)
    AccountDomainBlock.objects.filter(account=account, domain=domain).delete()
    return domain


