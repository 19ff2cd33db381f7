#!/usr/bin/python3
# b64img — autoplugging: the plugin's typefinder and b64imgdec's rank let
# GStreamer's own tools play base64 image text nobody labelled.
#
#  - typefinding over the whole registry (every installed typefinder, the
#    utf8 text/plain one and subparse's included), by a file's known length
#    (filesrc) and by a stream of unknown length (appsrc, as from a pipe):
#    base64 JPEG/PNG text in every form people write it is image/x-base64
#    with the payload named, at GST_TYPE_FIND_MAXIMUM; texts that are no
#    base64 image get exactly the type they get without b64img (subtitles
#    still go to subparse);
#  - decodebin, uridecodebin and playbin (fakesink video sink) plug
#    b64imgdec and deliver every frame at its size;
#  - gst-discoverer-1.0 reports a video stream of the right width and
#    height, and gst-play-1.0 plays the file to its end, every frame.
# --no-png (a build without libspng): PNG texts are typefound, not decoded.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import json
import os
import re
import subprocess
import sys

import numpy as np
from PIL import Image

import gi

import b64imgtest
from b64imggi import run_to_end
from b64imgtest import (TIMEOUT, check, encoded, picture, run, scratch_dir,
                        tool)

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

W, H = 160, 120
N_FRAMES = 12

tmp = scratch_dir("b64img-autoplug-")


def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


# ---- the texts ---------------------------------------------------------------

def image_texts():
    """name -> (text, payload mime, frames a decoder gets from it)"""
    jpegs = [encoded(picture(W, H, i), "JPEG") for i in range(N_FRAMES)]
    pngs = [encoded(Image.fromarray(picture(96, 64, i)).convert("RGBA"), "PNG")
            for i in range(3)]
    b64 = [base64.b64encode(j).decode() for j in jpegs]
    url = [base64.urlsafe_b64encode(j).decode().rstrip("=") for j in jpegs]
    png64 = [base64.b64encode(p).decode() for p in pngs]
    texts = {
        "jpeg-lines.b64": ("".join(t + "\n" for t in b64), "image/jpeg",
                           N_FRAMES),
        "jpeg-one.txt": (b64[0], "image/jpeg", 1),
        # more than 64 KiB, where text/plain suggests less
        "jpeg-many.txt": ("".join(t + "\n" for t in b64 * 8), "image/jpeg",
                          8 * N_FRAMES),
        "png-lines.txt": ("".join(t + "\n" for t in png64), "image/png", 3),
        "png-uri.txt": ("".join("data:image/png;base64," + t + "\n"
                                for t in png64), "image/png", 3),
        "jpeg-uri.txt": ("".join("data:image/jpeg;base64," + t + "\n"
                                 for t in b64), "image/jpeg", N_FRAMES),
        "jpeg-url-unpadded.txt": ("".join(t + "\n" for t in url),
                                  "image/jpeg", N_FRAMES),
        "jpeg-crlf.txt": ("".join(t + "\r\n" for t in b64), "image/jpeg",
                          N_FRAMES),
        # wrapped by the tools themselves: one image over many lines
        "coreutils.txt": (tool(["base64"], jpegs[0]).decode(), "image/jpeg",
                          1),
        "openssl.txt": (tool(["openssl", "base64"], pngs[0]).decode(),
                        "image/png", 1),
        "mime-crlf.txt": ("".join(base64.encodebytes(j).decode()
                                  .replace("\n", "\r\n")
                                  for j in jpegs[:3]), "image/jpeg", 3),
        # JSON lines as web APIs write them
        "jsonl.txt": ("".join(json.dumps({"t": i / 30, "frame": t}) + "\n"
                              for i, t in enumerate(b64)), "image/jpeg",
                      N_FRAMES),
        "jsonl-uri.txt": ("".join(json.dumps(
            {"image": "data:image/png;base64," + t, "id": i}) + "\n"
            for i, t in enumerate(png64)), "image/png", 3),
        "jsonl-b64_json.txt": ("".join(json.dumps(
            {"created": 1, "data": [{"b64_json": t}]}) + "\n"
            for t in b64[:4]), "image/jpeg", 4),
        "jsonl-image_url.txt": ("".join(json.dumps(
            {"type": "image_url",
             "image_url": {"url": "data:image/jpeg;base64," + t}}) + "\n"
            for t in b64[:4]), "image/jpeg", 4),
        # PHP's json_encode writes / as \/
        "jsonl-php.txt": ("".join(json.dumps({"img": t}).replace("/", "\\/")
                                  + "\n" for t in b64[:4]), "image/jpeg", 4),
    }
    return texts


def other_texts():
    """name -> (text, caps name it must get, or None: its type without
    b64img)"""
    rnd = np.random.default_rng(5).integers(0, 256, 6000, np.uint8)
    gif = encoded(picture(W, H), "GIF")
    rnd64 = base64.b64encode(rnd.tobytes()).decode()
    jpeg = encoded(picture(W, H), "JPEG")
    srt = "".join("%d\n00:00:%02d,000 --> 00:00:%02d,500\nLine number %d.\n\n"
                  % (i + 1, i, i, i) for i in range(30))
    vtt = "WEBVTT\n\n" + "".join(
        "00:00:%02d.000 --> 00:00:%02d.500\nCue %d.\n\n" % (i, i, i)
        for i in range(30))
    return {
        "subtitles.srt": (srt, "application/x-subtitle"),
        "subtitles.vtt": (vtt, "application/x-subtitle-vtt"),
        # not one line repeated: that typefinds as MPEG-TS (packets of
        # twice its length), with or without b64img
        "prose.txt": ("".join(
            "Line %d: base64 turns bytes into text; a JPEG starts /9j/ "
            "and a PNG iVBORw0KGgo%s.\n" % (i, "," * (i % 5))
            for i in range(40)), "text/plain"),
        "plain.json": ("".join(json.dumps({"camera": i, "fps": 30,
                                           "note": "no image"}) + "\n"
                               for i in range(50)), None),
        "table.csv": ("id,name,value\n" + "".join(
            "%d,row%d,%f\n" % (i, i, i / 7) for i in range(200)), None),
        "hexdump.txt": (tool(["xxd"], jpeg).decode(), None),
        "hex.txt": (jpeg.hex() + "\n", None),
        "random.b64": (rnd64 + "\n", None),
        "random-wrapped.txt": (tool(["base64"], rnd.tobytes()).decode(),
                               None),
        "gif.b64": (base64.b64encode(gif).decode() + "\n", None),
        "gif-uri.txt": ("data:image/gif;base64," +
                        base64.b64encode(gif).decode() + "\n", None),
    }


# ---- typefinding -------------------------------------------------------------

def typefind_element(path, stream):
    """(caps string, probability) from a typefind element fed by filesrc
    (known length) or by appsrc in 4 KiB pieces (unknown length)."""
    if stream:
        pipe = Gst.parse_launch("appsrc name=src ! typefind name=tf ! "
                                "fakesink")
    else:
        pipe = Gst.parse_launch("filesrc location=%s ! typefind name=tf ! "
                                "fakesink" % path)
    found = {}

    def have_type(_tf, prob, caps):
        found["caps"] = caps.to_string()
        found["prob"] = prob

    pipe.get_by_name("tf").connect("have-type", have_type)
    pipe.set_state(Gst.State.PLAYING)
    if stream:
        src = pipe.get_by_name("src")
        data = open(path, "rb").read()
        for i in range(0, len(data), 4096):
            src.emit("push-buffer", Gst.Buffer.new_wrapped(data[i:i + 4096]))
        src.emit("end-of-stream")
    msg = pipe.get_bus().timed_pop_filtered(
        TIMEOUT * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    if msg is None:
        return None, 0
    return found.get("caps"), found.get("prob", 0)


def typefind_without_plugin(path):
    """gst-typefind-1.0 over the system plugins alone (a registry of its
    own, no b64img)."""
    env = dict(os.environ)
    for k in ("GST_PLUGIN_PATH", "GST_PLUGIN_PATH_1_0"):
        env.pop(k, None)
    env["GST_REGISTRY_1_0"] = os.path.join(tmp, "system-registry.bin")
    out = run(["gst-typefind-1.0", path], env=env, merge=True).stdout.decode()
    return out.split(" - ", 1)[1].strip() if " - " in out else out.strip()


def typefinding():
    for name, (text, mime, _n) in image_texts().items():
        path = write(name, text)
        for stream in (False, True):
            how = "stream" if stream else "file"
            caps, prob = typefind_element(path, stream)
            want = "image/x-base64, payload=(string)%s" % mime
            check(caps == want and prob == Gst.TypeFindProbability.MAXIMUM,
                  "typefind %s (%s): %s" % (name, how, want),
                  "got %s at %d" % (caps, prob))

    for name, (text, want) in other_texts().items():
        path = write(name, text)
        system = typefind_without_plugin(path)
        for stream in (False, True):
            how = "stream" if stream else "file"
            caps, _prob = typefind_element(path, stream)
            ok = caps is not None and not caps.startswith("image/x-base64")
            if want:
                ok = ok and caps.split(",")[0] == want
            if not stream:
                ok = ok and caps == system
            check(ok, "typefind %s (%s) keeps its type %s" % (
                name, how, system), "got %s" % caps)


# ---- autoplugging ------------------------------------------------------------

def run_pipeline(desc, sink_name):
    """Frames reaching fakesink @sink_name, the caps of the last one, and
    whether b64imgdec was plugged."""
    pipe = Gst.parse_launch(desc)
    sink = pipe.get_by_name(sink_name) if sink_name else None
    if sink is None:  # playbin: its video-sink
        sink = pipe.get_property("video-sink")
    frames = []
    plugged = []

    last_caps = []

    def handoff(_sink, buf, pad):
        frames.append(buf.get_size())
        last_caps[:] = [pad.get_current_caps().get_structure(0)]

    def deep_added(_bin, _sub, elem):
        f = elem.get_factory()
        if f:
            plugged.append(f.get_name())

    sink.set_property("signal-handoffs", True)
    sink.connect("handoff", handoff)
    pipe.connect("deep-element-added", deep_added)
    _warnings, errors = run_to_end(pipe)
    caps = last_caps[0] if last_caps else None
    return frames, caps, "b64imgdec" in plugged, errors[0] if errors else None


def autoplugging():
    texts = image_texts()
    names = ["jpeg-lines.b64", "jpeg-url-unpadded.txt", "coreutils.txt",
             "mime-crlf.txt", "jsonl.txt", "jsonl-b64_json.txt",
             "jsonl-image_url.txt", "jsonl-php.txt"]
    if "--no-png" not in sys.argv:
        names += ["png-uri.txt", "openssl.txt", "jsonl-uri.txt"]
    for name in names:
        text, mime, n = texts[name]
        path = os.path.join(tmp, name)
        uri = Gst.filename_to_uri(path)
        w, h = (W, H) if mime == "image/jpeg" else (96, 64)
        cases = {
            "decodebin": ("filesrc location=%s ! decodebin ! "
                          "fakesink name=out sync=false" % path, "out"),
            "uridecodebin": ("uridecodebin uri=%s ! fakesink name=out "
                             "sync=false" % uri, "out"),
            "playbin": ("playbin uri=%s video-sink=\"fakesink sync=false\" "
                        "audio-sink=fakesink text-sink=fakesink" % uri, None),
        }
        for what, (desc, sink) in cases.items():
            frames, caps, plugged, err = run_pipeline(desc, sink)
            ok = (err is None and plugged and len(frames) == n and caps
                  and caps.get_name() == "video/x-raw"
                  and caps.get_value("width") == w
                  and caps.get_value("height") == h)
            check(ok, "%s plays %s: %d frames %dx%d" % (what, name, n, w, h),
                  "error %s, b64imgdec %s, %d frames, caps %s" % (
                      err, plugged, len(frames),
                      caps.to_string() if caps else None))


def tools():
    path = os.path.join(tmp, "jpeg-lines.b64")
    out = run(["gst-discoverer-1.0", path], merge=True).stdout.decode()
    ok = (re.search(r"^\s*video(\(image\))? #0: image/x-base64", out, re.M)
          and re.search(r"^\s*Width: %d$" % W, out, re.M)
          and re.search(r"^\s*Height: %d$" % H, out, re.M))
    check(bool(ok), "gst-discoverer-1.0: a %dx%d video stream" % (W, H), out)

    outdir = os.path.join(tmp, "play")
    os.makedirs(outdir, exist_ok=True)
    sink = "multifilesink sync=false location=%s/frame-%%03d" % outdir
    res = run(["gst-play-1.0", "--videosink", sink, path],
              stdin=subprocess.DEVNULL, merge=True)
    out = res.stdout.decode(errors="replace")
    frames = sorted(os.listdir(outdir))
    sizes = {os.path.getsize(os.path.join(outdir, f)) for f in frames}
    ok = (res.returncode == 0 and "Reached end of play list" in out
          and "ERROR" not in out and len(frames) == N_FRAMES
          and sizes == {W * H * 3 // 2})
    check(ok, "gst-play-1.0 plays all %d frames (I420 %dx%d)" % (
        N_FRAMES, W, H), "rc %d, %d frames of %s bytes: %s" % (
            res.returncode, len(frames), sorted(sizes), out[-500:]))


def main():
    Gst.init(None)
    typefinding()
    autoplugging()
    tools()


if __name__ == "__main__":
    b64imgtest.main(main)
