"""An ffprobe for every install: the streams and format of a video or audio file, read with
PyAV (which bundles FFmpeg's libraries), printed as ffprobe's JSON would show them.

    python -m media_attachments.avprobe PATH DEMUXER

processing.probe() runs this in a child process, not in the web process: a crafted file
that makes FFmpeg's demuxers loop or crash costs a child with a timeout, never a server
thread. Only the named demuxer may read the file, and only from the local file protocol
(no playlists pointing at URLs). Nothing of Django is imported here, so it starts fast.
"""
import json
import os
import sys

import av


def _rate(value):
    """A stream rate (a Fraction or None) as ffprobe writes it: "num/den", "0/0" when unknown."""
    if not value:
        return "0/0"
    return f"{value.numerator}/{value.denominator}"


def _stream(stream):
    context = stream.codec_context
    # The codec's canonical name ("mp3"), as ffprobe shows it, not the decoder's ("mp3float").
    codec_name = context.codec.canonical_name if context and context.codec else None
    entry = {"index": stream.index, "codec_type": stream.type, "codec_name": codec_name,
             "profile": getattr(context, "profile", None)}
    disposition = getattr(stream, "disposition", 0)
    attached_pic = getattr(getattr(av.stream, "Disposition", None), "attached_pic", None)
    entry["disposition"] = {"attached_pic": int(bool(attached_pic is not None and disposition & attached_pic))}
    if stream.type == "video":
        entry.update({"width": context.width, "height": context.height,
                      "pix_fmt": context.format.name if context.format else None,
                      "avg_frame_rate": _rate(stream.average_rate), "r_frame_rate": _rate(stream.base_rate)})
    elif stream.type == "audio":
        layout = getattr(context, "layout", None)
        entry.update({"sample_rate": str(context.sample_rate) if context.sample_rate else None,
                      "channels": context.channels, "channel_layout": layout.name if layout else None})
    return entry


def probe(path, demuxer=None):
    """{"streams": [...], "format": {...}} of the file, as ffprobe -show_streams -show_format."""
    options = {"protocol_whitelist": "file"}
    with av.open("file:" + os.path.abspath(path), format=demuxer or None, options=options) as container:
        streams = [_stream(stream) for stream in container.streams if stream.type in ("video", "audio")]
        duration = container.duration / av.time_base if container.duration is not None else None
        fmt = {"format_name": container.format.name, "duration": f"{duration:.6f}" if duration is not None else None,
               "bit_rate": str(container.bit_rate) if container.bit_rate else None}
    return {"streams": streams, "format": fmt}


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: python -m media_attachments.avprobe PATH [DEMUXER]", file=sys.stderr)
        return 2
    try:
        info = probe(argv[1], argv[2] if len(argv) == 3 else None)
    except Exception as error:  # noqa: BLE001 - FFmpeg fails in many ways on bad files; all say "unreadable"
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    json.dump(info, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
