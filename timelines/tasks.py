"""Celery tasks of the timelines app: thin wrappers around timelines.fanout (arguments are
ids, so they cross the broker as JSON)."""
from celery import shared_task


@shared_task(name="timelines.insert_into_home")
def insert_into_home(status_id, receiver_ids, mode="home"):
    from timelines.fanout import insert_into_home as run

    run(status_id, receiver_ids, mode)


@shared_task(name="timelines.insert_into_lists")
def insert_into_lists(status_id, list_ids):
    from timelines.fanout import insert_into_lists as run

    run(status_id, list_ids)


@shared_task(name="timelines.merge_into_home")
def merge_into_home(from_account_id, into_account_id):
    from timelines.fanout import merge_into_home as run

    run(from_account_id, into_account_id)


@shared_task(name="timelines.unmerge_from_home")
def unmerge_from_home(from_account_id, into_account_id):
    from timelines.fanout import unmerge_from_home as run

    run(from_account_id, into_account_id)


@shared_task(name="timelines.clear_from_feeds")
def clear_from_feeds(account_id, target_id):
    from timelines.fanout import clear_from_feeds as run

    run(account_id, target_id)


@shared_task(name="timelines.merge_into_list")
def merge_into_list(list_id, account_ids):
    from timelines.fanout import merge_into_list as run

    run(list_id, account_ids)


@shared_task(name="timelines.unmerge_from_list")
def unmerge_from_list(list_id, account_ids):
    from timelines.fanout import unmerge_from_list as run

    run(list_id, account_ids)


@shared_task(name="timelines.drop_list")
def drop_list(list_id):
    from timelines.fanout import drop_list as run

    run(list_id)


@shared_task(name="timelines.unpush_status")
def unpush_status(status_id, account_id, reblog_of_id=None, conversation_id=None):
    from timelines.fanout import unpush_status as run

    run(status_id, account_id, reblog_of_id, conversation_id)


@shared_task(name="timelines.regenerate_lists")
def regenerate_lists(account_id):
    from timelines.fanout import regenerate_lists as run

    run(account_id)


@shared_task(name="timelines.clean_inactive_feeds")
def clean_inactive_feeds():
    """Periodic housekeeping: drop the feeds of users away longer than ACTIVE_DURATION
    (they are rebuilt when they come back)."""
    from timelines.fanout import clean_inactive_feeds as run

    return run()


@shared_task(name="timelines.merge_tag_into_home")
def merge_tag_into_home(tag_id, account_id):
    from timelines.fanout import merge_tag_into_home as run

    run(tag_id, account_id)


@shared_task(name="timelines.unmerge_tag_from_home")
def unmerge_tag_from_home(tag_id, account_id):
    from timelines.fanout import unmerge_tag_from_home as run

    run(tag_id, account_id)
