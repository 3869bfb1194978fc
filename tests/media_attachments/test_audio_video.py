"""Video, gifv and audio: accepted only with ffmpeg; POST /api/v2/media processes them in the
background (202, then GET answers 206 until ready), POST /api/v1/media at once."""
import pytest
from django.core.files.storage import default_storage

from fedi.errors import Unprocessable
from media_attachments.models import MediaAttachment
from media_attachments.services import attachable_media
from media_attachments.tasks import process_media
from tests.media_attachments.conftest import (animated_gif, ffmpeg_file, name_of, post_media, stored, upload,
                                  wav_bytes)

MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


@pytest.mark.parametrize("data", [wav_bytes(), MP4_HEADER, b"\x1a\x45\xdf\xa3" + b"\x00" * 64])
def test_audio_and_video_refused_without_ffmpeg(api, alice, no_ffmpeg, data):
    for version in (1, 2):
        response = post_media(api, alice.token, {"file": upload(data, "clip.mp4", "video/mp4")}, version=version)
        assert response.status_code == 422, response.content
        assert "ffmpeg" in response.json()["error"]
        assert response.json()["error"].startswith("Validation failed: File content type is not supported")
    assert not MediaAttachment.objects.exists()


def test_garbage_in_a_video_container_is_refused(api, alice):
    response = post_media(api, alice.token, {"file": upload(MP4_HEADER, "clip.mp4", "video/mp4")})
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: File content type is invalid, File is invalid"


def test_wav_becomes_mp3_in_the_background(api, alice, django_capture_on_commit_callbacks):
    response = post_media(api, alice.token, {"file": upload(wav_bytes(1.0), "sound.png", "image/png")})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["type"] == "audio" and body["url"] is None and body["preview_url"] is None
    path = f"/api/v1/media/{body['id']}"
    assert api.get(path, token=alice.token).status_code == 206
    pending_name = MediaAttachment.objects.get(pk=body["id"]).file.name
    assert default_storage.exists(pending_name)
    # Mastodon's message for a status naming it meanwhile:
    with pytest.raises(Unprocessable, match="not finished processing"):
        attachable_media(alice.account, [body["id"]])

    # The task runs once the upload is committed.
    process_media.delay(int(body["id"]))

    response = api.get(path, token=alice.token)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "audio" and body["url"].endswith(".mp3") and body["preview_url"] is None
    assert stored(name_of(body["url"]))[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    assert not default_storage.exists(pending_name)
    meta = body["meta"]
    assert 0.9 < meta["duration"] < 1.2 and meta["length"].startswith("0:00:01")
    assert meta["audio_channels"] == "mono" and meta["audio_bitrate"] == "8000 Hz"
    assert 0.9 < meta["original"]["duration"] < 1.2 and meta["original"]["bitrate"] > 0
    assert meta["small"] is None


def test_video_with_sound_v1(api, alice, tmp_path):
    data = ffmpeg_file(tmp_path, "in.webm", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-f", "lavfi",
                       "-i", "sine=frequency=440", "-t", "1", "-c:v", "libvpx", "-c:a", "libvorbis", "-shortest")
    response = post_media(api, alice.token, {"file": upload(data, "clip.gif", "image/gif"),
                                             "description": "test pattern"}, version=1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "video"
    assert body["url"].endswith(".mp4") and body["preview_url"].endswith(".png")
    assert stored(name_of(body["url"]))[4:8] == b"ftyp"
    meta = body["meta"]
    assert meta["width"] == 160 and meta["height"] == 120 and meta["fps"] == 10 and meta["size"] == "160x120"
    assert meta["original"]["width"] == 160 and meta["original"]["frame_rate"] == "10/1"
    assert meta["small"]["size"] == "160x120"
    assert meta["audio_encode"].startswith("aac")
    assert isinstance(body["blurhash"], str)


def test_h264_video_is_copied_not_transcoded(api, alice, tmp_path, django_capture_on_commit_callbacks):
    data = ffmpeg_file(tmp_path, "in.mp4", "-f", "lavfi", "-i", "testsrc=size=128x96:rate=5", "-f", "lavfi",
                       "-i", "sine", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                       "-shortest", "-metadata", "title=secret-title")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_media(api, alice.token, {"file": upload(data, "clip.mp4", "video/mp4")})
    assert response.status_code == 202
    response = api.get(f"/api/v1/media/{response.json()['id']}", token=alice.token)
    assert response.status_code == 200
    assert response.json()["type"] == "video"
    content = stored(name_of(response.json()["url"]))
    assert b"secret-title" not in content


def test_silent_video_is_gifv(api, alice, tmp_path):
    data = ffmpeg_file(tmp_path, "in.mp4", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1",
                       "-c:v", "libx264", "-pix_fmt", "yuv420p")
    response = post_media(api, alice.token, {"file": upload(data, "clip.mp4", "video/mp4")}, version=1)
    assert response.status_code == 200
    assert response.json()["type"] == "gifv"


def test_animated_gif_becomes_gifv(api, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_media(api, alice.token, {"file": upload(animated_gif(4, (81, 41)), "a.gif", "image/gif")})
    assert response.status_code == 202
    assert response.json()["type"] == "gifv" and response.json()["url"] is None
    response = api.get(f"/api/v1/media/{response.json()['id']}", token=alice.token)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "gifv" and body["url"].endswith(".mp4") and body["preview_url"].endswith(".png")
    assert body["meta"]["width"] == 80 and body["meta"]["height"] == 40  # even, as H.264 wants
    assert "audio_encode" not in body["meta"]


def test_video_over_the_frame_rate_limit_is_refused(api, alice, tmp_path):
    data = ffmpeg_file(tmp_path, "fast.mp4", "-f", "lavfi", "-i", "testsrc=size=32x32:rate=150", "-t", "0.2",
                       "-c:v", "libx264", "-pix_fmt", "yuv420p")
    response = post_media(api, alice.token, {"file": upload(data, "fast.mp4", "video/mp4")})
    assert response.status_code == 422
    assert response.json()["error"] == "150fps videos are not supported"


def test_processing_that_fails_leaves_a_failed_attachment(api, alice, tmp_path, django_capture_on_commit_callbacks):
    response = post_media(api, alice.token, {"file": upload(wav_bytes(), "s.wav", "audio/wav")})
    assert response.status_code == 202
    media = MediaAttachment.objects.get(pk=response.json()["id"])
    # The stored upload is damaged before the worker reads it.
    with default_storage.open(media.file.name, "wb") as handle:
        handle.write(b"RIFF\x00\x00\x00\x00WAVE broken")
    process_media.delay(media.id)
    media.refresh_from_db()
    assert media.state == "failed" and not media.file
    response = api.get(f"/api/v1/media/{media.id}", token=alice.token)
    assert response.status_code == 422
    assert response.json() == {"error": "Error processing thumbnail for uploaded media"}


def test_media_deleted_while_processing(api, alice, media_root, django_capture_on_commit_callbacks):
    response = post_media(api, alice.token, {"file": upload(wav_bytes(), "s.wav", "audio/wav")})
    media_id = int(response.json()["id"])
    pending = MediaAttachment.objects.get(pk=media_id).file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/media/{media_id}", token=alice.token).status_code == 200
    assert not default_storage.exists(pending)
    assert process_media.delay(media_id).get() is None
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.django_db(transaction=True)
def test_v2_answers_200_when_the_task_ran_in_process(api, alice):
    """Without a broker (CELERY_TASK_ALWAYS_EAGER) the task runs as the upload commits, so
    the answer is already the processed attachment."""
    response = post_media(api, alice.token, {"file": upload(wav_bytes(), "s.wav", "audio/wav")})
    assert response.status_code == 200, response.content
    assert response.json()["url"].endswith(".mp3")
