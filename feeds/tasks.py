"""Celery tasks of the feeds app: thin wrappers around feeds.fanout (arguments are ids, so
they cross the broker as JSON). Their names keep the "timelines." prefix of the app they
were first in, so tasks queued before a deploy still run after it."""
from celery import shared_task

from feeds import fanout


@shared_task(name="timelines.insert_into_home")
def insert_into_home(status_id, receiver_ids, mode="home"):
    fanout.insert_into_home(status_id, receiver_ids, mode)


@shared_task(name="timelines.insert_into_lists")
def insert_into_lists(status_id, list_ids):
    fanout.insert_into_lists(status_id, list_ids)


@shared_task(name="timelines.merge_into_home")
def merge_into_home(from_account_id, into_account_id):
    fanout.merge_into_home(from_account_id, into_account_id)


@shared_task(name="timelines.unmerge_from_home")
def unmerge_from_home(from_account_id, into_account_id):
    fanout.unmerge_from_home(from_account_id, into_account_id)


@shared_task(name="timelines.clear_from_feeds")
def clear_from_feeds(account_id, target_id):
    fanout.clear_from_feeds(account_id, target_id)


@shared_task(name="timelines.merge_into_list")
def merge_into_list(list_id, account_ids):
    fanout.merge_into_list(list_id, account_ids)


@shared_task(name="timelines.unmerge_from_list")
def unmerge_from_list(list_id, account_ids):
    fanout.unmerge_from_list(list_id, account_ids)


@shared_task(name="timelines.drop_list")
def drop_list(list_id):
    fanout.drop_list(list_id)


@shared_task(name="timelines.unpush_status")
def unpush_status(status_id, account_id, reblog_of_id=None, conversation_id=None):
    fanout.unpush_status(status_id, account_id, reblog_of_id, conversation_id)


@shared_task(name="timelines.regenerate_lists")
def regenerate_lists(account_id):
    fanout.regenerate_lists(account_id)


@shared_task(name="timelines.clean_inactive_feeds")
def clean_inactive_feeds():
    """Periodic housekeeping: drop the feeds of users away longer than ACTIVE_DURATION
    (they are rebuilt when they come back)."""
    return fanout.clean_inactive_feeds()


@shared_task(name="timelines.merge_tag_into_home")
def merge_tag_into_home(tag_id, account_id):
    fanout.merge_tag_into_home(tag_id, account_id)


@shared_task(name="timelines.unmerge_tag_from_home")
def unmerge_tag_from_home(tag_id, account_id):
    fanout.unmerge_tag_from_home(tag_id, account_id)
