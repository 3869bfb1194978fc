"""What the statuses app calls: attachable_media, attach, delete_media_files, and the
serializer's render_many."""
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from fedi.errors import Unprocessable
from media_attachments.models import MediaAttachment
from media_attachments.serializers import MediaAttachmentSerializer
from media_attachments.services import attach, attachable_media, create_media, delete_media_files
from statuses.models import ScheduledStatus, Status
from tests.media_attachments.conftest import image_bytes, upload

NOT_FOUND = "Media {} not found or already attached to another post"


def new_image(account, color=(10, 20, 30)):
    return create_media(account, upload(image_bytes(color=color)))


def new_row(account, **fields):
    return MediaAttachment.objects.create(account=account, **{"type": "image", "state": "ready", **fields})


def error_of(call):
    with pytest.raises(Unprocessable) as raised:
        call()
    return raised.value.message


def test_in_the_order_given(alice):
    media = [new_image(alice.account) for _ in range(4)]
    wanted = [media[2].id, str(media[0].id), media[3].id, media[1].id]
    assert [item.id for item in attachable_media(alice.account, wanted)] == [media[2].id, media[0].id, media[3].id,
                                                                             media[1].id]
    assert attachable_media(alice.account, []) == []
    assert [item.id for item in attachable_media(alice.account, [media[0].id, media[0].id])] == [media[0].id]


def test_at_most_four(alice):
    media = [new_row(alice.account) for _ in range(5)]
    message = error_of(lambda: attachable_media(alice.account, [item.id for item in media]))
    assert message == "Cannot attach more than 4 files"


def test_unknown_and_others_media_are_not_found(alice, bob):
    mine = new_row(alice.account)
    theirs = new_row(bob.account)
    message = error_of(lambda: attachable_media(alice.account, [mine.id, theirs.id, 42, "x"]))
    assert message == NOT_FOUND.format(f"{theirs.id}, 42, x")


def test_attached_to_another_status(alice):
    first = Status.objects.create(account=alice.account, text="one")
    second = Status.objects.create(account=alice.account, text="two")
    media = new_row(alice.account, status=first)
    assert error_of(lambda: attachable_media(alice.account, [media.id])) == NOT_FOUND.format(media.id)
    assert error_of(lambda: attachable_media(alice.account, [media.id], status=second)) == NOT_FOUND.format(media.id)
    # Editing the status it belongs to keeps it.
    assert attachable_media(alice.account, [media.id], status=first) == [media]


def test_reserved_by_a_scheduled_status(alice):
    scheduled = ScheduledStatus.objects.create(account=alice.account, scheduled_at=timezone.now() + timedelta(days=1))
    media = new_row(alice.account, scheduled_status=scheduled)
    assert error_of(lambda: attachable_media(alice.account, [media.id])) == NOT_FOUND.format(media.id)
    assert attachable_media(alice.account, [media.id], scheduled_status=scheduled) == [media]


@pytest.mark.parametrize("kind", ["video", "audio"])
def test_video_or_audio_only_alone(alice, kind):
    video = new_row(alice.account, type=kind)
    image = new_row(alice.account)
    gifv = new_row(alice.account, type="gifv")
    assert attachable_media(alice.account, [video.id]) == [video]
    assert attachable_media(alice.account, [image.id, gifv.id]) == [image, gifv]
    for ids in ([video.id, image.id], [image.id, video.id], [gifv.id, video.id]):
        assert error_of(lambda: attachable_media(alice.account, ids)) == \
            "Cannot attach a video to a post that already contains images"


@pytest.mark.parametrize("state", ["processing", "failed"])
def test_not_ready(alice, state):
    media = new_row(alice.account, state=state)
    assert error_of(lambda: attachable_media(alice.account, [media.id])) == \
        "Cannot attach files that have not finished processing. Try again in a moment!"


def test_attach_in_one_update(alice, django_assert_num_queries):
    status = Status.objects.create(account=alice.account, text="hi")
    scheduled = ScheduledStatus.objects.create(account=alice.account, scheduled_at=timezone.now() + timedelta(days=1))
    media = [new_row(alice.account), new_row(alice.account, scheduled_status=scheduled)]
    with django_assert_num_queries(1):
        assert attach(media, status) == 2
    assert all(item.status_id == status.id for item in media)
    assert set(MediaAttachment.objects.filter(status=status, scheduled_status=None)) == set(media)
    assert error_of(lambda: attachable_media(alice.account, [media[0].id])) == NOT_FOUND.format(media[0].id)


def test_delete_media_files(alice, django_capture_on_commit_callbacks):
    status = Status.objects.create(account=alice.account, text="hi")
    media = [new_image(alice.account), new_image(alice.account)]
    kept = new_image(alice.account)
    attach(media, status)
    names = [name for item in media for name in item.stored_names()]
    assert len(names) == 4 and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        delete_media_files(media)
    assert not MediaAttachment.objects.filter(id__in=[item.id for item in media]).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert all(default_storage.exists(name) for name in kept.stored_names())
    delete_media_files(media)  # already gone: nothing to do


def test_deleting_an_account_removes_its_files(alice, django_capture_on_commit_callbacks):
    media = new_image(alice.account)
    names = media.stored_names()
    with django_capture_on_commit_callbacks(execute=True):
        alice.account.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_render_many_without_queries(alice, django_assert_num_queries):
    media = [new_image(alice.account) for _ in range(3)] + [new_row(alice.account, type="video", state="processing")]
    media = list(MediaAttachment.objects.filter(id__in=[item.id for item in media]))
    with django_assert_num_queries(0):
        rendered = MediaAttachmentSerializer.render_many(media)
    assert [item["id"] for item in rendered] == [str(item.id) for item in media]
    assert rendered[0]["url"].startswith("http") and rendered[3]["url"] is None
