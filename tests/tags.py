#!/usr/bin/python3
# b64img — EXIF tags: b64imgdec turns a JPEG's EXIF (APP1) into tags with
# GStreamer's EXIF reader, image-orientation included, so that
# `b64imgdec ! videoflip video-direction=auto` turns phone photos upright
# as PIL's ImageOps.exif_transpose does. JPEGs made by PIL with each of
# the 8 orientations, one per line, then frames without EXIF and with
# another orientation: every frame out is PIL's exif_transpose of PIL's
# decode (max diff 1, same size), the tags change with the frames that
# carry them (a frame without EXIF goes back to rotate-0), with threads=1
# and 2. A broken EXIF segment (garbage, an IFD offset past its end) is
# no EXIF: the frame decodes as it is.
# PNG text chunks written by PIL (tEXt in Latin-1, iTXt in UTF-8) become
# tags: Title, Author, Description, Comment as GStreamer's own tags, any
# other keyword as an extended comment "key=value"; compressed zTXt is
# left out; the tags change with the frames that carry them.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import io
import os
import sys
import warnings

import numpy as np
from PIL import Image, ImageOps, PngImagePlugin

import gi

import b64imgtest
from b64imggi import collect_rgb, run_to_end
from b64imgtest import check, encoded, picture, pil_rgb, scratch_dir, within

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

W, H = 48, 32  # not square: rotations change the size
ORIENTATION_TAG = 0x0112
# EXIF orientation -> GStreamer's image-orientation
GST_NAMES = {1: "rotate-0", 2: "flip-rotate-0", 3: "rotate-180",
             4: "flip-rotate-180", 5: "flip-rotate-270", 6: "rotate-90",
             7: "flip-rotate-90", 8: "rotate-270"}

tmp = scratch_dir("b64img-tags-")
# PIL says so when it meets the broken EXIF made on purpose below
warnings.filterwarnings("ignore", message="Corrupt EXIF")


def jpeg(seed, orientation=None):
    kw = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION_TAG] = orientation
        exif[0x010f] = "b64img test camera"  # Make
        kw["exif"] = exif.tobytes()
    # ramps and a block off-centre: each flip and turn shows
    return encoded(picture(W, H, seed, block=True), "JPEG", quality=92, **kw)


def broken_exif(seed, tiff):
    """A plain JPEG with an APP1 EXIF segment holding @tiff."""
    j = jpeg(seed)
    seg = b"Exif\0\0" + tiff
    return (j[:2] + b"\xff\xe1" + (2 + len(seg)).to_bytes(2, "big") + seg
            + j[2:])


def upright(data):
    im = Image.open(io.BytesIO(data))
    return np.asarray(ImageOps.exif_transpose(im).convert("RGB"))


def run(path, threads):
    """Frames out of videoflip video-direction=auto, and the
    image-orientation of each tag event b64imgdec pushed."""
    pipe = Gst.parse_launch(
        "filesrc location=%s ! b64imgdec name=dec threads=%d ! "
        "video/x-raw,format=RGB ! videoflip video-direction=auto ! "
        "video/x-raw,format=RGB ! appsink name=out" % (path, threads))
    frames, orientations = [], []

    def probe(_pad, info):
        ev = info.get_event()
        if ev.type == Gst.EventType.TAG:
            ok, v = ev.parse_tag().get_string("image-orientation")
            orientations.append(v if ok else None)
        return Gst.PadProbeReturn.OK

    collect_rgb(pipe.get_by_name("out"), frames)
    pipe.get_by_name("dec").get_static_pad("src").add_probe(
        Gst.PadProbeType.EVENT_DOWNSTREAM, probe)
    _warnings, errors = run_to_end(pipe)
    err = errors[0] if errors else None
    return frames, orientations, err


def png(seed, text=(), itxt=(), ztxt=()):
    info = PngImagePlugin.PngInfo()
    for k, v in text:
        info.add_text(k, v)
    for k, v in itxt:
        info.add_itxt(k, v)
    for k, v in ztxt:
        info.add_text(k, v, zip=True)
    return encoded(picture(W, H, seed, block=True), "PNG", pnginfo=info)


def png_tags():
    """PNG text chunks as tags, one tag event per change."""
    pngs = [png(1, text=[("Title", "Depth map"), ("Author", "b64img"),
                         ("Sensor", "ToF 12-bit")],
                itxt=[("Comment", "Gr\u00fc\u00dfe \u6df1\u5ea6")],
                ztxt=[("Secret", "zipped")]),
            png(2),
            png(3, text=[("Description", "caf\u00e9")])]
    path = os.path.join(tmp, "png-text.txt")
    with open(path, "wb") as f:
        for p in pngs:
            f.write(base64.b64encode(p) + b"\n")
    pipe = Gst.parse_launch("filesrc location=%s ! b64imgdec name=dec ! "
                            "fakesink" % path)
    seen = []

    def probe(_pad, info):
        ev = info.get_event()
        if ev.type == Gst.EventType.TAG:
            tl = ev.parse_tag()
            got = {}
            for name in ("title", "artist", "comment", "description",
                         "extended-comment"):
                vals = [tl.get_value_index(name, i)
                        for i in range(tl.get_tag_size(name))]
                if vals:
                    got[name] = vals
            seen.append(got)
        return Gst.PadProbeReturn.OK

    pipe.get_by_name("dec").get_static_pad("src").add_probe(
        Gst.PadProbeType.EVENT_DOWNSTREAM, probe)
    _warnings, errors = run_to_end(pipe)
    want = [{"title": ["Depth map"], "artist": ["b64img"],
             "comment": ["Gr\u00fc\u00dfe \u6df1\u5ea6"],
             "extended-comment": ["Sensor=ToF 12-bit"]},
            {},
            {"description": ["caf\u00e9"]}]
    check(not errors and seen == want,
          "PNG text chunks as tags (tEXt, iTXt; zTXt left out), changing "
          "with the frames", "errors %s, tags %s" % (errors, seen))


def main():
    Gst.init(None)
    if "--no-png" not in sys.argv:
        png_tags()
    # every orientation, then none, another, none again, the same twice
    plan = list(range(1, 9)) + [None, 6, None, 3, 3]
    jpegs = [jpeg(i, o) for i, o in enumerate(plan)]
    path = os.path.join(tmp, "photos.txt")
    with open(path, "wb") as f:
        for j in jpegs:
            f.write(base64.b64encode(j) + b"\n")
    # broken EXIF is no EXIF: the frame decodes as it is
    rnd = bytes(np.random.default_rng(3).integers(0, 256, 40, np.uint8))
    broken = [broken_exif(20, rnd),
              broken_exif(21, b"MM\0*\x7f\xff\xff\xf0" + rnd),
              broken_exif(22, b"II*\0\x08\0\0\0\xff\xff" + rnd)]
    plan += [None] * len(broken)
    jpegs += broken
    with open(path, "ab") as f:
        for j in broken:
            f.write(base64.b64encode(j) + b"\n")
    refs = [upright(j) for j in jpegs[:-len(broken)]] + [
        pil_rgb(j) for j in broken]
    # a tag event where the orientation changes (none counts as rotate-0)
    names = [GST_NAMES[o or 1] for o in plan]
    changes = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]

    for threads in (1, 2):
        frames, orientations, err = run(path, threads)
        check(err is None and len(frames) == len(refs),
              "threads=%d: %d frames through videoflip" % (
                  threads, len(refs)),
              "error %s, %d frames" % (err, len(frames)))
        for i, (o, ref) in enumerate(zip(plan, refs)):
            f = frames[i] if i < len(frames) else None
            ok = f is not None and within(f, ref, 1)
            check(ok, "threads=%d frame %d (EXIF orientation %s): upright "
                  "as PIL's exif_transpose, %dx%d" % (
                      threads, i, o, ref.shape[1], ref.shape[0]),
                  "got %s" % (None if f is None else (f.shape,)))
        check(orientations == changes,
              "threads=%d: image-orientation tags as the frames change: %s"
              % (threads, " ".join(changes)), "got %s" % orientations)


if __name__ == "__main__":
    b64imgtest.main(main)
