#!/usr/bin/python3
# b64img — the Python way, for comparison: OpenCV and PIL with base64.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Times the per-frame Python conversions b64img replaces, on the frames
and JPEGs that `bench_pipelines gen` wrote, one thread, and prints the same
tab-separated lines as bench_pipelines:

  name w h frames runs median_fps min_fps max_fps cpu_ms bpp peak -1

Usage: bench_python.py DIR W H FRAMES RUNS

Encode: cv2.imencode('.jpg', q85) + base64.b64encode from a BGR array (as
cv2 captures give), and PIL Image.fromarray + save(JPEG, quality=85) +
base64.b64encode from an RGB array. Decode: base64.b64decode + cv2.imdecode
(to BGR), and base64.b64decode + Image.open + load + np.asarray (to RGB).
"""
import base64
import io
import os
import statistics
import struct
import sys
import time

import cv2
import numpy as np
from PIL import Image

cv2.setNumThreads(1)


def load(d, w, h):
    raw = np.fromfile(os.path.join(d, "frames-%dx%d.rgb" % (w, h)),
                      dtype=np.uint8)
    frames = raw.reshape(-1, h, w, 3)
    jpegs = []
    with open(os.path.join(d, "jpegs-%dx%d.bin" % (w, h)), "rb") as f:
        data = f.read()
    pos = 0
    while pos + 4 <= len(data):
        (n,) = struct.unpack_from("<I", data, pos)
        jpegs.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return frames, jpegs


def cv2_encode(bgr):
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return base64.b64encode(buf)


def pil_encode(rgb):
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="JPEG", quality=85)
    return base64.b64encode(out.getvalue())


def cv2_decode(text):
    buf = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert img is not None
    return img


def pil_decode(text):
    img = Image.open(io.BytesIO(base64.b64decode(text)))
    # load first: np.asarray on the lazy image decodes several times over
    # (about 6x slower with PIL 9.4)
    img.load()
    return np.asarray(img)


def run(name, fn, inputs, w, h, frames, runs, encode):
    n = len(inputs)
    k = 0
    for _ in range(max(4, frames // 4)):
        fn(inputs[k % n])
        k += 1
    fps, cpu = [], []
    nbytes = 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(frames):
            out = fn(inputs[k % n])
            k += 1
            if encode:
                nbytes += len(out)
        fps.append(frames / (time.perf_counter() - t0))
        cpu.append((time.process_time() - c0) * 1e3 / frames)
    # base64 is 4/3 of the JPEG
    bpp = nbytes * 3 / 4 * 8 / (frames * runs * w * h) if encode else 0.0
    print("%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t-1\t-1" % (
        name, w, h, frames, runs, statistics.median(fps), min(fps), max(fps),
        statistics.median(cpu), bpp), flush=True)


def main():
    d, w, h, frames, runs = sys.argv[1], *map(int, sys.argv[2:6])
    rgb, jpegs = load(d, w, h)
    bgr = [np.ascontiguousarray(f[:, :, ::-1]) for f in rgb]
    rgbl = [np.ascontiguousarray(f) for f in rgb]
    texts = [base64.b64encode(j) for j in jpegs]
    run("py-opencv-enc-bgr", cv2_encode, bgr, w, h, frames, runs, True)
    run("py-pil-enc-rgb", pil_encode, rgbl, w, h, frames, runs, True)
    run("py-opencv-dec-bgr", cv2_decode, texts, w, h, frames, runs, False)
    run("py-pil-dec-rgb", pil_decode, texts, w, h, frames, runs, False)


if __name__ == "__main__":
    main()
