"""Video, audio and animated GIFs through a real client on both set-ups: Mastodon.py's
`media_post` (POST /api/v2/media) answers 202, GET /api/v1/media/:id answers 206 until the
upload is processed (in the Celery worker on the production set-up, in a media thread of the
web process on the embedded default) and then 200 with Mastodon's shapes; a status posted
with the three renders them, and the stored files are what their URLs claim."""
import shutil
import subprocess
import time
import wave
from io import BytesIO

import pytest
import requests
from mastodon.errors import MastodonAPIError
from PIL import Image

from tests.system.conftest import record

READY_SECONDS = 120


def ffmpeg():
    """The ffmpeg the server would use when no system one is installed (imageio-ffmpeg's)."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def animated_gif(frames=10, size=(160, 90)):
    colors = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255)]
    images = [Image.new("RGB", size, colors[index % len(colors)]) for index in range(frames)]
    buffer = BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def short_video(tmp_path):
    """Two seconds of a test pattern at 25 fps with a sine tone, VP9/Opus in WebM: the server
    must transcode it to H.264/AAC MP4."""
    path = tmp_path / "clip.webm"
    subprocess.run([ffmpeg(), "-nostdin", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                    "-t", "2", "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libvorbis", "-shortest", str(path)],
                   check=True, timeout=120)
    return path.read_bytes()


def wav(seconds=1.5, rate=22050):
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x10\x00\xf0" * int(seconds * rate / 2))
    return buffer.getvalue()


def status_codes(api):
    """The status code of every response Mastodon.py receives from now on (a requests hook on
    its session: the client itself is unchanged)."""
    codes = []
    api.session.hooks.setdefault("response", []).append(
        lambda response, *args, **kwargs: codes.append((response.request.method, response.url, response.status_code)))
    return codes


def wait_ready(deployment, api, media_id):
    """Poll GET /api/v1/media/:id as a client would: 206 while processing, then 200."""
    url = f"{deployment.url}/api/v1/media/{media_id}"
    headers = {"Authorization": f"Bearer {api.access_token}"}
    seen = []
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        response = requests.get(url, headers=headers, timeout=30)
        seen.append(response.status_code)
        if response.status_code == 200:
            return response.json(), seen
        assert response.status_code == 206, (response.status_code, response.text)
        time.sleep(0.1)
    pytest.fail(f"media {media_id} not ready after {READY_SECONDS}s (seen {sorted(set(seen))}):\n"
                + deployment.logs_tail())


def fetch(url):
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, (url, response.status_code)
    # An upload opened by itself runs nothing (README: Security).
    assert response.headers.get("Content-Security-Policy") == "default-src 'none'; sandbox", response.headers
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    return response.content


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("media")
    return {
        "gif": (animated_gif(), "image/gif", "anim.gif"),
        "video": (short_video(tmp_path), "video/webm", "clip.webm"),
        "audio": (wav(), "audio/wav", "tone.wav"),
    }


def test_gif_video_and_audio_through_mastodon_py(deployment, files):
    api = deployment.user()
    codes = status_codes(api)
    uploaded = {}
    for kind, (data, mime_type, file_name) in files.items():
        started = time.monotonic()
        media = api.media_post(BytesIO(data), mime_type=mime_type, file_name=file_name,
                               description=f"a {kind} from the system tests")
        answered = time.monotonic()
        assert codes[-1][0] == "POST" and codes[-1][1].endswith("/api/v2/media"), codes[-1]
        # Processed in the background: 202 with no url yet.
        assert codes[-1][2] == 202, (kind, codes[-1])
        assert media["url"] is None, (kind, media)
        ready, seen = wait_ready(deployment, api, media["id"])
        done = time.monotonic()
        record(deployment.name, f"media {kind} ({len(data) // 1024} KB): POST answered", answered - started, "s")
        record(deployment.name, f"media {kind}: POST to ready (polls seen: {sorted(set(seen))})", done - started, "s")
        assert ready["description"] == f"a {kind} from the system tests"
        uploaded[kind] = ready

    gif = uploaded["gif"]
    assert gif["type"] == "gifv"
    assert gif["url"].endswith(".mp4")
    assert fetch(gif["url"])[4:8] == b"ftyp"
    assert gif["meta"]["original"]["width"] == 160 and gif["meta"]["original"]["height"] == 90
    assert gif["preview_url"] and fetch(gif["preview_url"])
    assert gif["blurhash"]

    video = uploaded["video"]
    assert video["type"] == "video"
    assert video["url"].endswith(".mp4")
    assert fetch(video["url"])[4:8] == b"ftyp"
    original = video["meta"]["original"]
    assert original["width"] == 320 and original["height"] == 240
    assert 1.8 < original["duration"] < 2.3, original
    assert original["frame_rate"] in ("25/1", "25"), original
    assert original["bitrate"] > 0
    assert video["preview_url"] is not None
    preview = Image.open(BytesIO(fetch(video["preview_url"])))
    assert preview.size[0] > 0 and preview.size[1] > 0
    assert video["meta"]["small"]["width"] > 0
    assert video["blurhash"]

    audio = uploaded["audio"]
    assert audio["type"] == "audio"
    assert audio["url"].endswith(".mp3")
    assert fetch(audio["url"])[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    original = audio["meta"]["original"]
    assert 1.3 < original["duration"] < 1.8, original
    assert original["bitrate"] > 0

    # As Mastodon, a video or audio goes alone in a status...
    with pytest.raises(MastodonAPIError, match="Cannot attach a video to a post that already contains images"):
        api.status_post("three kinds of media", media_ids=[media["id"] for media in uploaded.values()])
    # ...and a status with each renders it, for its author and for another reader.
    reader = deployment.user()
    for kind, media in uploaded.items():
        status = api.status_post(f"a {kind}", media_ids=[media["id"]])
        for viewer in (api, reader):
            shown = viewer.status(status["id"])
            assert len(shown["media_attachments"]) == 1
            rendered = shown["media_attachments"][0]
            assert rendered["id"] == media["id"] and rendered["type"] == media["type"]
            assert rendered["url"] == media["url"]
            assert rendered["preview_url"] == media["preview_url"]
            assert rendered["meta"]["original"] == media["meta"]["original"]
            assert rendered["description"] == media["description"]
