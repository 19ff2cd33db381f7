#!/usr/bin/python3
# b64img — 16-bit PNG benchmark: a 640x480 uint16 depth map through
# b64imgenc/b64imgdec against OpenCV's imencode/imdecode with base64.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints a Markdown section with frames per second (median of RUNS) and
text size, one thread each:

  b64imgenc image-format=png: appsrc (GRAY16_LE) ! b64imgenc ! appsink
  cv2.imencode('.png', uint16) + base64.b64encode
  b64imgdec: appsrc (text) ! b64imgdec ! video/x-raw,format=GRAY16_LE !
             appsink
  base64.b64decode + cv2.imdecode(IMREAD_UNCHANGED)

OpenCV's PNG writer defaults to zlib level 1 and b64imgenc to 6, so the
encoder is also timed at png-compression-level=1: the same work as
OpenCV's default.

Usage: bench_png16.py [FRAMES [RUNS]]   (defaults 60 and 5)
"""
import base64
import statistics
import sys
import time

import cv2
import gi
import numpy as np

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

W, H = 640, 480
cv2.setNumThreads(1)


def depth_maps(n):
    """Depth-camera-like frames in millimetres: a sloping floor, a moving
    sphere, sensor noise, and holes (0) where nothing was measured."""
    rnd = np.random.default_rng(14)
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    frames = []
    for i in range(n):
        d = 1500 + 8 * y + 2 * x
        cx, cy = 200 + 7 * i % 240, 240
        r2 = (x - cx) ** 2 + (y - cy) ** 2
        d = np.where(r2 < 90 ** 2, 900 + np.sqrt(np.maximum(0, 90 ** 2 - r2)),
                     d)
        d += rnd.normal(0, 4, d.shape)
        d[rnd.random(d.shape) < 0.02] = 0
        frames.append(np.clip(d, 0, 65535).astype(np.uint16))
    return frames


def run_pipeline(desc, caps, payloads):
    """Pushes @payloads through @desc between an appsrc and an appsink;
    returns (seconds, outputs)."""
    pipe = Gst.parse_launch("appsrc name=src ! %s ! appsink name=sink "
                            "sync=false" % desc)
    src, sink = pipe.get_by_name("src"), pipe.get_by_name("sink")
    src.set_property("caps", Gst.Caps.from_string(caps))
    src.set_property("format", Gst.Format.TIME)
    bufs = [Gst.Buffer.new_wrapped(p) for p in payloads]
    out = []
    pipe.set_state(Gst.State.PLAYING)
    t0 = time.perf_counter()
    for i, b in enumerate(bufs):
        b.pts = i * Gst.SECOND // 30
        src.emit("push-buffer", b)
        s = sink.emit("pull-sample")
        out.append(s.get_buffer().get_size())
    t = time.perf_counter() - t0
    src.emit("end-of-stream")
    pipe.set_state(Gst.State.NULL)
    return t, out


def median_fps(fn, frames, runs):
    fps = []
    for _ in range(runs):
        t, sizes = fn()
        fps.append(frames / t)
    return statistics.median(fps), sizes


def main():
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    Gst.init(None)
    maps = depth_maps(frames)
    raw = [m.tobytes() for m in maps]  # GRAY16_LE, 1280-byte rows
    caps = "video/x-raw,format=GRAY16_LE,width=%d,height=%d,framerate=30/1" % (
        W, H)
    texts = [base64.b64encode(cv2.imencode(".png", m)[1]) + b"\n"
             for m in maps]

    rows = []

    def gst_enc(level):
        return lambda: run_pipeline(
            "b64imgenc image-format=png png-compression-level=%d" % level,
            caps, raw)

    def cv_enc():
        t0 = time.perf_counter()
        out = [len(base64.b64encode(cv2.imencode(".png", m)[1]))
               for m in maps]
        return time.perf_counter() - t0, out

    def gst_dec():
        return run_pipeline(
            "b64imgdec ! video/x-raw,format=GRAY16_LE",
            "image/x-base64,framed=true", texts)

    def cv_dec():
        t0 = time.perf_counter()
        out = [cv2.imdecode(np.frombuffer(base64.b64decode(t), np.uint8),
                            cv2.IMREAD_UNCHANGED).nbytes for t in texts]
        return time.perf_counter() - t0, out

    for name, fn in (
            ("`b64imgenc image-format=png` (level 6, default)", gst_enc(6)),
            ("`b64imgenc image-format=png png-compression-level=1`",
             gst_enc(1)),
            ("`cv2.imencode('.png')` (level 1, default) + `base64`", cv_enc)):
        fps, sizes = median_fps(fn, frames, runs)
        rows.append(("Encode", name, fps, statistics.mean(sizes)))
    for name, fn in (
            ("`b64imgdec` → GRAY16_LE", gst_dec),
            ("`base64` + `cv2.imdecode(IMREAD_UNCHANGED)`", cv_dec)):
        fps, sizes = median_fps(fn, frames, runs)
        rows.append(("Decode", name, fps, None))

    print("## 16-bit PNG: a 640x480 depth map (GRAY16_LE)\n")
    print("`tests/bench/bench_png16.py %d %d`: %d synthetic depth frames "
          "(millimetres, noise and holes), one thread, median of %d runs. "
          "OpenCV %s.\n" % (frames, runs, frames, runs, cv2.__version__))
    print("| | way | fps | text bytes/frame |")
    print("|---|---|---:|---:|")
    for kind, name, fps, size in rows:
        print("| %s | %s | %.0f | %s |" % (kind, name, fps,
                                          "%.0f" % size if size else ""))
    print("\nRatios: encode at level 1 / OpenCV %.2f; decode / OpenCV %.2f.\n"
          % (rows[1][2] / rows[2][2], rows[3][2] / rows[4][2]))


if __name__ == "__main__":
    main()
