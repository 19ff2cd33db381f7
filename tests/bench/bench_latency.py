#!/usr/bin/python3
# b64img — latency benchmark: a live 30 fps source through b64imgenc and
# b64imgdec with threads=1, 2 and 4.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints a Markdown section with the latency each element adds to a live
stream, median and 99th percentile, for threads=1, 2 and 4:

  videotestsrc is-live=true ! I420 WxH 30/1 ! b64imgenc threads=T !
      fakesink
  videotestsrc is-live=true ! I420 WxH 30/1 ! b64imgenc ! b64imgdec
      threads=T ! fakesink

Added latency of a frame: the pipeline clock's running time when the
element pushed it (a probe on its src pad) minus when it arrived (a probe
on its sink pad), matched by PTS. On an idle machine a live source pushes
each frame at its PTS, so this is the time from input PTS to the sink that
the element adds; on a loaded one the source itself runs late, and
measuring from the PTS would time the source. With threads=N a frame
should still only wait for its own work.

Usage: bench_latency.py [FRAMES [SIZE]]   (defaults 150 frames, 640x480)
"""
import statistics
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

THREADS = (1, 2, 4)
FPS = 30


def run(element, threads, frames, w, h):
    """Per-frame latency in ms added by @element (b64imgenc/b64imgdec)."""
    caps = "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1" % (
        w, h, FPS)
    front = "b64imgenc ! " if element == "b64imgdec" else ""
    desc = ("videotestsrc is-live=true pattern=ball num-buffers=%d ! %s ! "
            "%s%s name=e threads=%d ! fakesink sync=false"
            % (frames, caps, front, element, threads))
    pipeline = Gst.parse_launch(desc)
    e = pipeline.get_by_name("e")
    lock = threading.Lock()
    arrived = {}  # PTS -> running time at the element's sink pad
    lat = []

    def now():
        clock = pipeline.get_clock()
        return clock.get_time() - pipeline.get_base_time()

    def on_sink(_pad, info):
        with lock:
            arrived[info.get_buffer().pts] = now()
        return Gst.PadProbeReturn.OK

    def on_src(_pad, info):
        t = now()
        pts = info.get_buffer().pts
        with lock:
            start = arrived.pop(pts, None)
        if start is not None:
            lat.append((t - start) / 1e6)
        return Gst.PadProbeReturn.OK

    e.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_sink)
    e.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_src)
    pipeline.set_state(Gst.State.PLAYING)
    msg = pipeline.get_bus().timed_pop_filtered(
        (frames // FPS + 30) * Gst.SECOND,
        Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if msg is None or msg.type != Gst.MessageType.EOS:
        raise RuntimeError("%s threads=%d: no EOS" % (element, threads))
    # the first frames include start-up (pool, threads, negotiation)
    return lat[5:]


def p99(values):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.99 * (len(s) - 1))))]


def main():
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    size = sys.argv[2] if len(sys.argv) > 2 else "640x480"
    w, h = (int(v) for v in size.split("x"))
    Gst.init(None)
    print("## Latency: a live %d fps source, %s I420\n" % (FPS, size))
    print("`tests/bench/bench_latency.py %d %s`: `videotestsrc is-live=true "
          "pattern=ball`, %d frames per row (the first 5 left out); added "
          "latency of a frame = running time when the element pushed it "
          "minus when it arrived (b64imgdec after a `b64imgenc` of one "
          "thread). Median and 99th percentile in ms; "
          "*vs 1* = p99 minus the p99 of threads=1.\n" % (frames, size,
                                                          frames))
    print("| element | threads | median ms | p99 ms | max ms | vs 1 (p99) |")
    print("|---|---:|---:|---:|---:|---:|")
    for element in ("b64imgenc", "b64imgdec"):
        base = None
        for t in THREADS:
            lat = run(element, t, frames, w, h)
            q = p99(lat)
            base = q if base is None else base
            print("| `%s` | %d | %.2f | %.2f | %.2f | %+.2f |" % (
                element, t, statistics.median(lat), q, max(lat), q - base))
    print()


if __name__ == "__main__":
    main()
