"""Video, gifv and audio, with the ffmpeg the server finds (the system's or imageio-ffmpeg's:
these tests run on every machine); POST /api/v2/media processes them in the background (202,
then GET answers 206 until ready), POST /api/v1/media at once."""
import os
import stat
import threading
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from fedi.errors import Unprocessable
from instance import limits
from media_attachments import processing, services, tasks
from media_attachments.models import MediaAttachment
from media_attachments.services import attachable_media
from media_attachments.tasks import process_media
from tests.media_attachments.conftest import (animated_gif, ffmpeg_file, image_bytes, name_of, post_media, stored,
                                              stored_image, upload, wav_bytes)

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




def webm_with_sound(tmp_path, size="160x120", rate=10, seconds=1):
    return ffmpeg_file(tmp_path, "in.webm", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}", "-f", "lavfi",
                       "-i", "sine=frequency=440", "-t", str(seconds), "-c:v", "libvpx", "-c:a", "libopus",
                       "-shortest")


# --- Which ffmpeg ---------------------------------------------------------------------------

def test_the_ffmpeg_binary_is_configured_or_on_path_or_bundled(settings, monkeypatch, tmp_path):
    import imageio_ffmpeg

    bundled = imageio_ffmpeg.get_ffmpeg_exe()
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    settings.MEDIA_FFMPEG_BINARY = ""
    assert processing.ffmpeg_binary() == bundled           # no system ffmpeg: the package's
    assert processing.ffmpeg_available()
    system = tmp_path / "bin"
    system.mkdir()
    fake = system / "ffmpeg"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(system))
    assert processing.ffmpeg_binary() == str(fake)         # the system's comes first
    settings.MEDIA_FFMPEG_BINARY = bundled
    assert processing.ffmpeg_binary() == bundled           # the setting comes before both
    settings.MEDIA_FFMPEG_BINARY = str(tmp_path / "missing")
    assert processing.ffmpeg_binary() is None              # a configured one is never replaced
    assert not processing.ffmpeg_available()


def test_a_configured_ffmpeg_transcodes(api, alice, settings):
    """FFMPEG_BINARY pointing at an ffmpeg (production points it at the system's)."""
    import imageio_ffmpeg

    settings.MEDIA_FFMPEG_BINARY = imageio_ffmpeg.get_ffmpeg_exe()
    response = post_media(api, alice.token, {"file": upload(wav_bytes(), "s.wav", "audio/wav")}, version=1)
    assert response.status_code == 200, response.content
    assert response.json()["url"].endswith(".mp3")


# --- Refused uploads ------------------------------------------------------------------------

def test_text_claiming_to_be_a_video_is_refused(api, alice):
    for version in (1, 2):
        response = post_media(api, alice.token, {"file": upload(b"hello, not a video\n" * 20, "clip.mp4", "video/mp4")},
                              version=version)
        assert response.status_code == 422
        assert response.json()["error"] == "Validation failed: File content type is invalid, File is invalid"
    assert not MediaAttachment.objects.exists()


def test_video_over_the_matrix_limit_is_refused(api, alice, tmp_path):
    data = ffmpeg_file(tmp_path, "big.mp4", "-f", "lavfi", "-i", "color=c=red:size=4096x2048:rate=1", "-frames:v", "1",
                       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
    response = post_media(api, alice.token, {"file": upload(data, "big.mp4", "video/mp4")})
    assert response.status_code == 422
    assert response.json()["error"] == "4096x2048 videos are not supported"


def test_animated_gif_over_the_gif_matrix_limit_is_refused(api, alice):
    response = post_media(api, alice.token, {"file": upload(animated_gif(2, (1281, 721)), "a.gif", "image/gif")})
    assert response.status_code == 422
    assert response.json()["error"] == "1281x721 images are not supported"


def test_audio_over_the_size_limit_is_refused(api, alice, monkeypatch):
    monkeypatch.setattr(limits, "VIDEO_SIZE_LIMIT", 1024 * 1024)
    monkeypatch.setattr(limits, "IMAGE_SIZE_LIMIT", 1024 * 1024)
    response = post_media(api, alice.token, {"file": upload(wav_bytes(70.0), "long.wav", "audio/wav")})
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: File file size must be less than 1 MB"


# --- What is stored -------------------------------------------------------------------------

def test_video_meta_thumbnail_and_focus(api, alice, tmp_path):
    thumbnail = upload(image_bytes("PNG", size=(300, 200), color=(0, 90, 0)), "t.png")
    response = post_media(api, alice.token, {"file": upload(webm_with_sound(tmp_path), "v.webm", "video/webm"),
                                             "thumbnail": thumbnail, "focus": "0.5,-0.25"}, version=1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "video" and body["url"].endswith(".mp4")
    assert "/thumbnails/" in body["preview_url"]
    assert stored_image(name_of(body["preview_url"])).size == (300, 200)
    meta = body["meta"]
    assert meta["focus"] == {"x": 0.5, "y": -0.25}
    original = meta["original"]
    assert (original["width"], original["height"], original["frame_rate"]) == (160, 120, "10/1")
    assert 0.9 < original["duration"] < 1.2 and original["bitrate"] > 0
    assert meta["small"]["width"] == 300 and meta["small"]["height"] == 200 and meta["small"]["aspect"] == 1.5
    # The stored video is H.264 and AAC in MP4.
    info = processing.probe(_local(name_of(body["url"]), tmp_path), "mov")
    assert processing.video_stream(info)["codec_name"] == "h264"
    assert processing.audio_stream(info)["codec_name"] == "aac"


def test_video_preview_is_its_first_frame(api, alice, tmp_path):
    response = post_media(api, alice.token, {"file": upload(webm_with_sound(tmp_path, "320x180"), "v.webm",
                                                                   "video/webm")}, version=1)
    body = response.json()
    preview = stored_image(name_of(body["preview_url"]))
    assert preview.size == (320, 180)
    assert body["meta"]["small"] == {"width": 320, "height": 180, "size": "320x180", "aspect": 320 / 180,
                                     "frame_rate": None, "duration": None, "bitrate": None}
    assert isinstance(body["blurhash"], str) and len(body["blurhash"]) > 6


def test_audio_with_a_thumbnail_in_the_background(api, alice, django_capture_on_commit_callbacks):
    thumbnail = upload(image_bytes("JPEG", size=(1280, 720), color=(200, 0, 0)), "cover.jpg", "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_media(api, alice.token, {"file": upload(wav_bytes(1.0), "s.wav", "audio/wav"),
                                                 "thumbnail": thumbnail})
    assert response.status_code == 202
    first = response.json()
    response = api.get(f"/api/v1/media/{first['id']}", token=alice.token)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "audio" and body["url"].endswith(".mp3")
    assert body["preview_url"] == first["preview_url"] and "/thumbnails/" in body["preview_url"]
    assert body["blurhash"] == first["blurhash"]
    assert body["meta"]["small"]["size"] == "640x360"
    assert 0.9 < body["meta"]["original"]["duration"] < 1.2


def test_mp3_is_kept_without_its_tags(api, alice, tmp_path):
    data = ffmpeg_file(tmp_path, "in.mp3", "-f", "lavfi", "-i", "sine=frequency=300", "-t", "1", "-c:a", "libmp3lame",
                       "-b:a", "96k", "-metadata", "title=secret-title", "-metadata", "artist=someone")
    response = post_media(api, alice.token, {"file": upload(data, "song.mp3", "audio/mpeg")}, version=1)
    assert response.status_code == 200, response.content
    body = response.json()
    content = stored(name_of(body["url"]))
    assert b"secret-title" not in content and b"someone" not in content
    assert _audio_packets(content, tmp_path) == _audio_packets(data, tmp_path)   # copied, not re-encoded
    assert body["meta"]["audio_encode"].startswith("mp3")


def _audio_packets(data, tmp_path):
    import av

    path = tmp_path / "packets.mp3"
    path.write_bytes(data)
    with av.open(str(path)) as container:
        return [bytes(packet) for packet in container.demux(audio=0) if packet.size]


def _local(name, tmp_path):
    path = tmp_path / os.path.basename(name)
    path.write_bytes(stored(name))
    return str(path)


# --- In the background ----------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_v2_answers_202_at_once_when_tasks_run_in_process(api, alice, settings, monkeypatch):
    """The embedded default (no broker, CELERY_TASK_ALWAYS_EAGER) processes the upload in a media
    thread: the request answers 202 while ffmpeg has not even started."""
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.MEDIA_PROCESSING_THREADS = 1
    go = threading.Event()
    real_process = processing.process

    def held_back(path, found):
        assert go.wait(30)
        return real_process(path, found)

    monkeypatch.setattr(services.processing, "process", held_back)
    response = post_media(api, alice.token, {"file": upload(animated_gif(5, (64, 32)), "a.gif", "image/gif")})
    assert response.status_code == 202, response.content
    assert response.json()["type"] == "gifv" and response.json()["url"] is None
    path = f"/api/v1/media/{response.json()['id']}"
    assert api.get(path, token=alice.token).status_code == 206
    go.set()
    assert tasks._threads.wait(60)
    response = api.get(path, token=alice.token)
    assert response.status_code == 200
    assert response.json()["url"].endswith(".mp4") and response.json()["meta"]["original"]["width"] == 64


def test_uploads_left_processing_are_resumed(api, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):   # the process stopped before the task ran
        response = post_media(api, alice.token, {"file": upload(wav_bytes(), "s.wav", "audio/wav")})
    media_id = int(response.json()["id"])
    assert tasks.resume_processing.delay().get() == 0          # a recent upload is left to its worker
    MediaAttachment.objects.filter(pk=media_id).update(created_at=timezone.now() - timedelta(hours=1))
    assert tasks.resume_processing.delay().get() == 1
    assert MediaAttachment.objects.get(pk=media_id).state == "ready"
    assert api.get(f"/api/v1/media/{media_id}", token=alice.token).status_code == 200


def test_the_cover_of_an_audio_file_is_its_preview(api, alice, tmp_path):
    cover = tmp_path / "cover.png"
    cover.write_bytes(image_bytes("PNG", size=(500, 500), color=(250, 200, 0)))
    data = ffmpeg_file(tmp_path, "song.mp3", "-f", "lavfi", "-i", "sine", "-i", str(cover), "-t", "1",
                       "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "png",
                       "-disposition:v", "attached_pic")
    response = post_media(api, alice.token, {"file": upload(data, "song.mp3", "audio/mpeg")}, version=1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "audio" and body["preview_url"].endswith(".jpeg")
    preview = stored_image(name_of(body["preview_url"])).convert("RGB")
    assert preview.size == (480, 480) and preview.getpixel((10, 10))[2] < 40
    assert body["meta"]["small"]["size"] == "480x480" and isinstance(body["blurhash"], str)
    assert b"PNG" not in stored(name_of(body["url"]))     # the picture left the stored file
    # A thumbnail the client sends comes first.
    thumbnail = upload(image_bytes("PNG", size=(64, 64), color=(0, 0, 200)), "t.png")
    response = post_media(api, alice.token, {"file": upload(data, "song.mp3", "audio/mpeg"), "thumbnail": thumbnail},
                          version=1)
    assert "/thumbnails/" in response.json()["preview_url"] and response.json()["meta"]["small"]["size"] == "64x64"
