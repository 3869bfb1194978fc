"""Turning an upload into the files and metadata of a MediaAttachment, as Mastodon does.

The type of an upload is read from its content, never from its name or declared type:
Pillow recognizes images (JPEG, PNG, GIF, WebP, AVIF); video and audio are recognized by
their container's signature and then read by media_attachments.avprobe (PyAV, in a child
process).

FFmpeg comes with the Python dependencies, so every install handles video, audio and
animated GIFs: PyAV (FFmpeg's libraries) reads files, and the `ffmpeg` program transcodes
them. That program is settings.MEDIA_FFMPEG_BINARY (env FFMPEG_BINARY) when set, else the
system's `ffmpeg` on PATH, else the static build shipped by the imageio-ffmpeg package
(`ffmpeg_binary()`). Without any (an unsupported platform), images still work and video
and audio are refused (`ffmpeg_available()`).

    found = identify(path, size)          # raises a 422 (fedi.errors) when refused
    result = process(path, found)         # a Processed: files to store, type, meta, blurhash
    result.cleanup()                      # removes its temporary files

Images are turned upright (EXIF orientation), stripped of metadata, scaled down to
IMAGE_STORED_MATRIX_LIMIT pixels and given a preview of MEDIA_SMALL_MATRIX_LIMIT pixels.
Animated GIFs (up to GIF_MATRIX_LIMIT pixels a frame) become `gifv`, an MP4 with no sound
at most MAX_FRAME_RATE frames a second, and stay animated GIF images without ffmpeg.
Videos are remuxed (H.264/AAC already) or transcoded to H.264/AAC MP4 (at most
MAX_VIDEO_FRAMES frames) and get a first-frame preview; a video with no sound is a `gifv`,
as on Mastodon. Audio is kept when it is MP3 already (its tags removed), else transcoded to
MP3.
"""
import importlib.util
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from io import BytesIO

import blurhash
from django.conf import settings
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError, features

from fedi.errors import Unprocessable, ValidationFailed
from fedi.images import GIF_MATRIX_LIMIT, animation_refusal, encode_image
from instance import limits

# Pillow format -> (format written, extension, content type); None: chosen by transparency.
IMAGE_OUTPUTS = {
    "JPEG": ("JPEG", "jpeg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "GIF": ("PNG", "png", "image/png"),      # a still GIF is stored as PNG (Mastodon's gif transcoder)
    "WEBP": ("WEBP", "webp", "image/webp"),
    "AVIF": None,                            # converted to JPEG, or PNG when transparent
}
MAX_VIDEO_FRAMES = 36_000                    # frames of a transcoded video (Mastodon's; 5 minutes at 120 fps)
MAX_FRAME_RATE = 120                         # a faster variable frame rate is brought down to this
BLURHASH_COMPONENTS = (4, 4)                 # Mastodon's BLURHASH_OPTIONS
BLURHASH_SAMPLE_SIDE = 64                    # the hash is computed on an image this size at most
PROBE_TIMEOUT = 60                           # seconds
# Video and audio containers by signature -> the only ffmpeg demuxer allowed to read them.
AUDIO_VIDEO_DEMUXERS = ("mov", "matroska", "ogg", "mp3", "wav", "flac", "aac", "asf")
# ISO base media brands that are still images, not video (AVIF/HEIF read by no image plugin).
STILL_IMAGE_BRANDS = {b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
ASF_GUID = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
AUDIO_CODECS_PASSED = {"aac", None}


def image_formats():
    names = ["JPEG", "PNG", "GIF", "WEBP"]
    if features.check("avif"):
        names.append("AVIF")
    return names


def ffmpeg_binary():
    """The ffmpeg program to run: MEDIA_FFMPEG_BINARY when set (a path or a name on PATH; None
    when it is not there: a configured binary is never silently replaced), else `ffmpeg` on
    PATH, else the one shipped by imageio-ffmpeg; None when there is none."""
    configured = getattr(settings, "MEDIA_FFMPEG_BINARY", "")
    if configured:
        return shutil.which(configured)
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg  # only when there is no system ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError, OSError):
        return None


def ffmpeg_available():
    """Whether video and audio can be accepted: an ffmpeg program, and PyAV to read files."""
    return ffmpeg_binary() is not None and importlib.util.find_spec("av") is not None


def ffmpeg_timeout():
    return getattr(settings, "MEDIA_FFMPEG_TIMEOUT", 900)


# --- Errors (Mastodon's messages) ---------------------------------------------------------

def invalid_file(attribute="file"):
    """The upload is not a supported, readable file: Mastodon's
    "Validation failed: File content type is invalid, File is invalid"."""
    return ValidationFailed().add(f"{attribute}_content_type", "ERR_INVALID").add(attribute, "ERR_INVALID")


def too_big(limit, attribute="file"):
    megabytes = limit // (1024 * 1024)
    return ValidationFailed().add(f"{attribute}_file_size", "ERR_INVALID", f"must be less than {megabytes} MB")


def no_ffmpeg():
    return ValidationFailed().add("file_content_type", "ERR_INVALID",
                                  "is not supported by this server (video and audio need ffmpeg, which is not available)")


class ProcessingFailed(Exception):
    """ffmpeg could not turn an accepted file into the stored one."""


# --- Identification ----------------------------------------------------------------------

@dataclass
class Identified:
    kind: str                       # "image", "gifv", "video" or "audio"
    image_format: str = None        # Pillow's format, for images and GIFs
    animated: bool = False          # an animated GIF (kept as an animated image without ffmpeg)
    demuxer: str = None             # the ffmpeg demuxer reading the file
    probe: dict = None              # ffprobe's answer, for video and audio


def sniff_audio_video(head):
    """The ffmpeg demuxer for a file starting with `head`, when it is a known video or audio
    container, else None. Only these demuxers ever read an upload (no playlists, no images)."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return None if head[8:12] in STILL_IMAGE_BRANDS else "mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(ASF_GUID):
        return "asf"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer = (head[1] >> 1) & 0x03
        if layer == 0 and head[1] & 0xF0 == 0xF0:
            return "aac"             # ADTS
        if layer != 0:
            return "mp3"             # an MPEG audio frame
    return None


def _read_head(path, size=64):
    with open(path, "rb") as handle:
        return handle.read(size)


def _open_image(path):
    """A lazily opened image, None when Pillow does not recognize the content."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path, formats=image_formats())
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Unprocessable(f"Images of more than {limits.IMAGE_MATRIX_LIMIT} pixels are not supported")
        except UnidentifiedImageError:
            return None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError):
            raise invalid_file()


def identify(path, size):
    """What the file at `path` is; raises a 422 when it is refused (type, size, dimensions)."""
    if size > max(limits.IMAGE_SIZE_LIMIT, limits.VIDEO_SIZE_LIMIT):
        raise too_big(max(limits.IMAGE_SIZE_LIMIT, limits.VIDEO_SIZE_LIMIT))
    image = _open_image(path)
    if image is not None:
        with image:
            width, height = image.size
            if width < 1 or height < 1:
                raise invalid_file()
            if width * height > limits.IMAGE_MATRIX_LIMIT:
                raise Unprocessable(f"{width}x{height} images are not supported")
            animated = image.format == "GIF" and getattr(image, "is_animated", False)
            image_format = image.format
        if animated and width * height > GIF_MATRIX_LIMIT:
            raise Unprocessable(animation_refusal(width, height, 1))  # Mastodon's limit for GIFs
        if animated and ffmpeg_available():
            if size > limits.VIDEO_SIZE_LIMIT:
                raise too_big(limits.VIDEO_SIZE_LIMIT)
            return Identified("gifv", image_format=image_format, animated=True, demuxer="gif")
        if size > limits.IMAGE_SIZE_LIMIT:
            raise too_big(limits.IMAGE_SIZE_LIMIT)
        return Identified("image", image_format=image_format, animated=animated)
    demuxer = sniff_audio_video(_read_head(path))
    if demuxer is None:
        raise invalid_file()
    if not ffmpeg_available():
        raise no_ffmpeg()
    if size > limits.VIDEO_SIZE_LIMIT:
        raise too_big(limits.VIDEO_SIZE_LIMIT)
    info = probe(path, demuxer)
    if info is None:
        raise invalid_file()
    video, audio = video_stream(info), audio_stream(info)
    if video is not None:
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        if width < 1 or height < 1:
            raise invalid_file()
        if width * height > limits.VIDEO_MATRIX_LIMIT:
            raise Unprocessable(f"{width}x{height} videos are not supported")
        fps = frame_rate(video)
        if math.floor(fps) > limits.VIDEO_FRAME_RATE_LIMIT:
            raise Unprocessable(f"{math.floor(fps)}fps videos are not supported")
        return Identified("video" if audio is not None else "gifv", demuxer=demuxer, probe=info)
    if audio is not None:
        return Identified("audio", demuxer=demuxer, probe=info)
    raise invalid_file()


# --- Probing --------------------------------------------------------------------------------

def _input_args(path, demuxer):
    args = ["-protocol_whitelist", "file"]
    if demuxer:
        args += ["-f", demuxer]
    return args + ["-i", "file:" + os.path.abspath(path)]


def probe(path, demuxer=None):
    """The streams and format of a file as ffprobe shows them (a dict), or None when it cannot
    be read. Read by media_attachments.avprobe in a child process (see there why)."""
    command = [sys.executable, "-m", "media_attachments.avprobe", os.path.abspath(path)]
    if demuxer:
        command.append(demuxer)
    try:
        result = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT, check=False,
                                cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    try:
        info = json.loads(result.stdout or b"{}")
    except ValueError:
        return None
    if not info.get("streams"):
        return None
    return info


def video_stream(info):
    for stream in info.get("streams", []):
        if stream.get("codec_type") == "video" and not (stream.get("disposition") or {}).get("attached_pic"):
            return stream
    return None


def audio_stream(info):
    for stream in info.get("streams", []):
        if stream.get("codec_type") == "audio":
            return stream
    return None


def _rational(text):
    try:
        numerator, _, denominator = str(text or "").partition("/")
        value = float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0
    return value if math.isfinite(value) else 0.0


def frame_rate_text(stream):
    for key in ("avg_frame_rate", "r_frame_rate"):
        if _rational(stream.get(key)) > 0:
            return stream[key]
    return None


def frame_rate(stream):
    return _rational(frame_rate_text(stream))


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value):
    number = _float(value)
    return int(number) if number is not None else None


def _length(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    return f"{int(hours)}:{int(minutes):02d}:{rest:05.2f}"


def _channels(stream):
    layout = stream.get("channel_layout")
    if layout:
        return layout
    count = _int(stream.get("channels"))
    return {1: "mono", 2: "stereo"}.get(count, f"{count} channels" if count else None)


def _audio_encode(stream):
    name = stream.get("codec_name")
    profile = stream.get("profile")
    return f"{name} ({profile})" if name and profile else name


def av_meta(info, kind):
    """Mastodon's meta of a video, gifv or audio file (from ffprobe on the stored file)."""
    fmt = info.get("format") or {}
    duration = _float(fmt.get("duration"))
    bitrate = _int(fmt.get("bit_rate"))
    meta = {}
    if duration is not None:
        meta["length"] = _length(duration)
        meta["duration"] = round(duration, 2)
    original = {"duration": duration, "bitrate": bitrate}
    video = video_stream(info) if kind != "audio" else None
    if video is not None:
        width, height = _int(video.get("width")), _int(video.get("height"))
        fps = frame_rate(video)
        meta.update({"fps": round(fps), "size": f"{width}x{height}", "width": width, "height": height,
                     "aspect": width / height if width and height else None})
        original = {"width": width, "height": height, "frame_rate": frame_rate_text(video),
                    "duration": duration, "bitrate": bitrate}
    audio = audio_stream(info)
    if audio is not None:
        meta.update({"audio_encode": _audio_encode(audio),
                     "audio_bitrate": f"{audio.get('sample_rate')} Hz" if audio.get("sample_rate") else None,
                     "audio_channels": _channels(audio)})
    meta["original"] = {key: value for key, value in original.items() if value is not None}
    return meta


# --- Images --------------------------------------------------------------------------------

def geometry(width, height):
    return {"width": width, "height": height, "size": f"{width}x{height}", "aspect": width / height}


def bounded_size(width, height, max_pixels):
    """(width, height) scaled down to at most max_pixels, keeping the aspect ratio."""
    if width * height <= max_pixels:
        return width, height
    scale = math.sqrt(max_pixels / (width * height))
    new_width, new_height = max(1, int(width * scale)), max(1, int(height * scale))
    while new_width * new_height > max_pixels:  # rounding
        if new_width >= new_height:
            new_width -= 1
        else:
            new_height -= 1
    return new_width, new_height


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _normalized(image):
    """An upright copy in RGB, RGBA or L, with no metadata."""
    upright = ImageOps.exif_transpose(image) or image
    if upright.mode not in ("RGB", "RGBA", "L"):
        upright = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    elif upright.mode == "L" and "transparency" in upright.info:
        upright = upright.convert("RGBA")
    upright.info = {}
    return upright


def _bounded(image, max_pixels):
    size = bounded_size(image.width, image.height, max_pixels)
    if size == image.size:
        return image
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def compute_blurhash(image):
    """Mastodon's blurhash (4x4 components) of an image."""
    sample = image.convert("RGBA") if _has_alpha(image) else image.convert("RGB")
    if sample.mode == "RGBA":  # transparent parts count as white, as most clients show them
        background = Image.new("RGB", sample.size, (255, 255, 255))
        background.paste(sample, mask=sample.getchannel("A"))
        sample = background
    sample.thumbnail((BLURHASH_SAMPLE_SIDE, BLURHASH_SAMPLE_SIDE), Image.Resampling.BILINEAR)
    width, height = sample.size
    data = sample.tobytes()  # RGB triples, row by row
    rows = [[list(data[offset:offset + 3]) for offset in range(row * width * 3, (row + 1) * width * 3, 3)]
            for row in range(height)]
    return blurhash.encode(rows, *BLURHASH_COMPONENTS)


@dataclass
class Processed:
    """The result of processing: what to store and what to record."""
    type: str
    content_type: str
    extension: str
    original_bytes: bytes = None          # the original, in memory (images) ...
    original_path: str = None             # ... or in a temporary file (video, audio)
    small_bytes: bytes = None
    small_extension: str = None
    meta: dict = field(default_factory=dict)
    blurhash: str = None
    temp_dir: str = None

    def cleanup(self):
        if self.temp_dir:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None


def _load(image):
    """Decode every pixel now, so truncated and corrupt files are refused here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Unprocessable(f"Images of more than {limits.IMAGE_MATRIX_LIMIT} pixels are not supported")
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError,
                MemoryError):
            raise invalid_file()


def make_preview(image, extension="png"):
    """(bytes, extension, geometry, blurhash) of a preview of an upright, stripped image."""
    small = _bounded(image, limits.MEDIA_SMALL_MATRIX_LIMIT)
    image_format = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[extension]
    return encode_image(small, image_format), extension, geometry(*small.size), compute_blurhash(small)


IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError,
                MemoryError, ZeroDivisionError)


def process_image(path, found):
    """A still image (or an animated GIF kept as one): upright, stripped, bounded, previewed."""
    try:
        return _process_image(path, found)
    except IMAGE_ERRORS:  # Pillow fails in many ways on odd files; none of them is a server error
        raise invalid_file()


def _process_image(path, found):
    image = _open_image(path)
    if image is None:
        raise invalid_file()
    with image:
        if found.animated:
            return _process_animated_gif(image)
        _load(image)
        output = IMAGE_OUTPUTS[image.format]
        picture = _normalized(image)
    if output is None:  # AVIF: the widest-read format that keeps what it has
        output = ("PNG", "png", "image/png") if picture.mode == "RGBA" else ("JPEG", "jpeg", "image/jpeg")
    image_format, extension, content_type = output
    if image_format == "JPEG" and picture.mode == "RGBA":
        picture = picture.convert("RGB")
    original = _bounded(picture, limits.IMAGE_STORED_MATRIX_LIMIT)
    small_bytes, small_extension, small_geometry, hash_ = make_preview(original, extension)
    return Processed(
        type="image", content_type=content_type, extension=extension,
        original_bytes=encode_image(original, image_format),
        small_bytes=small_bytes, small_extension=small_extension,
        meta={"original": geometry(*original.size), "small": small_geometry}, blurhash=hash_)


def _process_animated_gif(image):
    """Without ffmpeg an animated GIF stays an animated GIF image: re-encoded (which drops
    comments and application data), bounded, with its first frame as the preview."""
    refusal = animation_refusal(image.width, image.height, getattr(image, "n_frames", 1))
    if refusal:
        raise Unprocessable(refusal)
    size = bounded_size(image.width, image.height, limits.IMAGE_STORED_MATRIX_LIMIT)
    frames, durations = [], []
    try:
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            converted = frame.convert("RGBA")
            if converted.size != size:
                converted = converted.resize(size, Image.Resampling.LANCZOS)
            converted.info = {}
            frames.append(converted)
        loop = image.info.get("loop", 0)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError):
        raise invalid_file()
    buffer = BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=durations, loop=loop,
                   disposal=2)
    small_bytes, small_extension, small_geometry, hash_ = make_preview(frames[0], "png")
    return Processed(
        type="image", content_type="image/gif", extension="gif", original_bytes=buffer.getvalue(),
        small_bytes=small_bytes, small_extension=small_extension,
        meta={"original": geometry(*size), "small": small_geometry}, blurhash=hash_)


def process_thumbnail(path, size):
    """A custom thumbnail: an image, upright, stripped, within the preview size.
    Returns (bytes, extension, blurhash, geometry); a 422 about `thumbnail` when refused."""
    try:
        return _process_thumbnail(path, size)
    except IMAGE_ERRORS:
        raise invalid_file("thumbnail")


def _process_thumbnail(path, size):
    if size > limits.IMAGE_SIZE_LIMIT:
        raise too_big(limits.IMAGE_SIZE_LIMIT, "thumbnail")
    try:
        image = _open_image(path)
    except ValidationFailed:
        image = None
    if image is None:
        raise invalid_file("thumbnail")
    with image:
        if image.width * image.height > limits.IMAGE_MATRIX_LIMIT:
            raise Unprocessable(f"{image.width}x{image.height} images are not supported")
        try:
            _load(image)
        except ValidationFailed:
            raise invalid_file("thumbnail")
        picture = _normalized(image)
    extension = "png" if picture.mode == "RGBA" else "jpeg"
    content, extension, small_geometry, hash_ = make_preview(picture, extension)
    return content, extension, hash_, small_geometry


# --- Video and audio ------------------------------------------------------------------------

def _run_ffmpeg(arguments):
    binary = ffmpeg_binary()
    if binary is None:
        raise ProcessingFailed("ffmpeg is not available")
    command = [binary, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments]
    try:
        result = subprocess.run(command, capture_output=True, timeout=ffmpeg_timeout(), check=False)
    except FileNotFoundError:
        raise ProcessingFailed("ffmpeg is not installed")
    except subprocess.TimeoutExpired:
        raise ProcessingFailed("ffmpeg took too long")
    if result.returncode != 0:
        raise ProcessingFailed(result.stderr.decode("utf-8", "replace")[-500:])


# Mastodon's VIDEO_FORMAT: H.264 in MP4, even dimensions (cropped, not scaled: no blur),
# browser-safe colours, at most MAX_VIDEO_FRAMES frames, no metadata.
H264_OUTPUT = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
               "-vf", "crop=floor(iw/2)*2:floor(ih/2)*2", "-frames:v", str(MAX_VIDEO_FRAMES)]
# A frame rate above the cap (Mastodon's vfr_frame_rate_threshold) is brought down to it
# (ffmpeg 5 and later refuse Mastodon's `-vsync vfr -r 120`; -fpsmax is the same cap).
FRAME_RATE_CAP = ["-fpsmax", str(MAX_FRAME_RATE)]
AAC_OUTPUT = ["-c:a", "aac", "-b:a", "192k"]
MP4_FLAGS = ["-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart", "-f", "mp4"]


def _passthrough(info):
    """Whether a video can be copied into MP4 as it is (Mastodon's passthrough options)."""
    video, audio = video_stream(info), audio_stream(info)
    return (video is not None and video.get("codec_name") == "h264" and video.get("pix_fmt") == "yuv420p"
            and (audio or {}).get("codec_name") in AUDIO_CODECS_PASSED)


def _video_preview(video_path, work):
    """The first frame of a video as a preview: (bytes, extension, geometry, blurhash)."""
    frame_path = os.path.join(work, "frame.png")
    _run_ffmpeg([*_input_args(video_path, "mov"), "-map", "0:v:0", "-frames:v", "1", "-f", "image2",
                 "-c:v", "png", frame_path])
    try:
        with Image.open(frame_path, formats=["PNG"]) as frame:
            frame.load()
            picture = _normalized(frame)
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError):
        raise ProcessingFailed("no frame could be read from the video")
    return make_preview(picture.convert("RGB"), "png")


def _high_frame_rate(info):
    video = video_stream(info) if info else None
    return video is not None and _rational(video.get("r_frame_rate")) > MAX_FRAME_RATE


def _mp3_already(found):
    audio = audio_stream(found.probe or {})
    return found.demuxer == "mp3" and audio is not None and audio.get("codec_name") == "mp3"


def _cover_art(path, found, work):
    """The picture embedded in an audio file (an album cover) as its preview, as Mastodon
    makes it the thumbnail: (bytes, extension, geometry, blurhash), or None. A cover that
    cannot be read is left out; the sound is what was uploaded."""
    if not any(stream.get("codec_type") == "video" for stream in (found.probe or {}).get("streams", [])):
        return None
    cover_path = os.path.join(work, "cover.png")
    try:
        _run_ffmpeg([*_input_args(path, found.demuxer), "-map", "0:v:0", "-frames:v", "1", "-f", "image2",
                     "-c:v", "png", cover_path])
        with Image.open(cover_path, formats=["PNG"]) as cover:
            if cover.width * cover.height > limits.IMAGE_MATRIX_LIMIT:
                return None
            _load(cover)
            picture = _normalized(cover)
        return make_preview(picture.convert("RGB"), "jpeg")
    except (ProcessingFailed, ValidationFailed, UnidentifiedImageError, *IMAGE_ERRORS):
        return None


def _process_audio(path, found, work):
    output = os.path.join(work, "original.mp3")
    if _mp3_already(found):  # kept as it is, only its tags and pictures go
        codec = ["-c:a", "copy"]
    else:
        codec = ["-c:a", "libmp3lame", "-q:a", "2"]
    _run_ffmpeg([*_input_args(path, found.demuxer), "-map", "0:a:0", "-vn", *codec, "-map_metadata", "-1",
                 "-fflags", "+bitexact", "-f", "mp3", output])
    info = probe(output, "mp3")
    if info is None or audio_stream(info) is None:
        raise ProcessingFailed("the transcoded audio could not be read")
    result = Processed(type="audio", content_type="audio/mpeg", extension="mp3", original_path=output,
                       meta=av_meta(info, "audio"), temp_dir=work)
    cover = _cover_art(path, found, work)
    if cover is not None:
        result.small_bytes, result.small_extension, result.meta["small"], result.blurhash = cover
    return result


def process_audio_video(path, found):
    """Transcode (or remux) a video, gifv or audio file; the result lives in a temporary
    directory until cleanup()."""
    work = tempfile.mkdtemp(prefix="fedi-media-")
    try:
        if found.kind == "audio":
            return _process_audio(path, found, work)
        output = os.path.join(work, "original.mp4")
        if found.kind == "gifv" and found.demuxer == "gif":
            # GIF frame delays can be as short as 1/100 s: always capped, never any sound.
            _run_ffmpeg([*_input_args(path, "gif"), "-map", "0:v:0", "-an", *H264_OUTPUT, *FRAME_RATE_CAP,
                         *MP4_FLAGS, output])
        elif found.probe is not None and _passthrough(found.probe):
            _run_ffmpeg([*_input_args(path, found.demuxer), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
                         *MP4_FLAGS, output])
        else:
            cap = FRAME_RATE_CAP if _high_frame_rate(found.probe) else []
            _run_ffmpeg([*_input_args(path, found.demuxer), "-map", "0:v:0", "-map", "0:a:0?", *H264_OUTPUT, *cap,
                         *AAC_OUTPUT, *MP4_FLAGS, output])
        info = probe(output, "mov")
        if info is None or video_stream(info) is None:
            raise ProcessingFailed("the transcoded video could not be read")
        kind = "video" if audio_stream(info) is not None else "gifv"
        small_bytes, small_extension, small_geometry, hash_ = _video_preview(output, work)
        meta = av_meta(info, kind)
        meta["small"] = small_geometry
        return Processed(type=kind, content_type="video/mp4", extension="mp4", original_path=output,
                         small_bytes=small_bytes, small_extension=small_extension, meta=meta, blurhash=hash_,
                         temp_dir=work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def process(path, found):
    """The Processed result of an identified file (see identify)."""
    if found.kind == "image":
        return process_image(path, found)
    return process_audio_video(path, found)
