"""Pleroma's account move (POST /api/pleroma/move_account): the account points at its new
one (moved_to), and a Celery task moves its local followers there, each notified (`move`)."""
from django.db import transaction

from accounts.models import Account, User
from accounts.search import find_by_handle
from accounts.serializers import AccountSerializer, account_uri
from accounts.services.profile import confirm_password
from fedi.errors import ApiError, NotFound
from notifications.services import notify
from pleroma_api.tasks import move_followers
from relationships import services as relationships
from relationships.models import Follow


def move_account(user: User, password: str, target_handle: str) -> Account:
    confirm_password(user, password)
    source = user.account
    target = find_by_handle((target_handle or "").strip().lstrip("@")) if target_handle else None
    if target is None:
        raise NotFound("Target account not found.")
    if target.id == source.id:
        raise ApiError("You can't move to yourself.", status=400)
    # As Pleroma: the new account must name this one among its aliases (also_known_as).
    target_user = User.objects.filter(account_id=target.id).first()
    aliases = ((target_user.settings or {}).get("also_known_as", []) if target_user is not None else [])
    if account_uri(source) not in aliases:
        raise ApiError("Target account must have the origin in `alsoKnownAs`", status=400)
    Account.objects.filter(pk=source.pk).update(moved_to=target)
    transaction.on_commit(lambda: move_followers.delay(source.id, target.id))
    return target


def process_move(source_id: int, target_id: int) -> int:
    """Each local follower of the source follows the target instead and gets a `move`
    notification; how many moved."""
    source = Account.objects.filter(pk=source_id).first()
    target = Account.objects.filter(pk=target_id).first()
    if source is None or target is None:
        return 0
    moved = 0
    target_json = AccountSerializer.render(target)
    for follow in Follow.objects.filter(target_account=source, account__domain__isnull=True).select_related("account"):
        follower = follow.account
        try:
            relationships.follow(follower, target)
        except ApiError:  # blocked either way, or not allowed: the follow of the source stays
            continue
        relationships.unfollow(follower, source)
        notify(follower, "move", source, target=target_json, object_id=target.id)
        moved += 1
    return moved
