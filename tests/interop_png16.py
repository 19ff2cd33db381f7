#!/usr/bin/python3
# b64img — 16-bit PNG (depth maps, high bit depth) against PIL and OpenCV,
# both ways, at odd sizes.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# 1. uint16 arrays (gray, and RGBA with alpha) go through
#    `filesrc ! rawvideoparse ! b64imgenc image-format=png ! filesink`;
#    each line, base64-decoded by Python, opens in PIL as mode "I;16"
#    (gray) and in cv2.imdecode(IMREAD_UNCHANGED) as uint16 with exactly
#    the samples written.
# 2. PNGs written by cv2.imencode('.png', uint16) and PIL (I;16) are
#    base64'd by Python and decoded by `b64imgdec ! video/x-raw,
#    format=GRAY16_LE|RGBA64_LE`: exactly the samples OpenCV/PIL read.
#
# Run by meson with GST_PLUGIN_PATH_1_0 pointing at the built plugin.

import base64
import io
import os

import cv2
import numpy as np
from PIL import Image

from b64imgtest import check, gst_launch, main, scratch_dir

SIZES = [(1, 1), (37, 29), (641, 479)]


def encode_with_gst(tmp, arr, fmt, frames):
    """Raw uint16 frames of @fmt through b64imgenc: the text lines."""
    h, w = arr[0].shape[:2]
    raw, out = os.path.join(tmp, "in.raw"), os.path.join(tmp, "out.txt")
    with open(raw, "wb") as f:
        for a in arr[:frames]:
            # GStreamer's rows are padded to 4 bytes
            row = a.astype("<u2").reshape(h, -1).tobytes()
            rlen = len(row) // h
            pad = b"\0" * (-rlen % 4)
            f.write(b"".join(row[y * rlen:(y + 1) * rlen] + pad
                             for y in range(h)))
    gst_launch(["filesrc", "location=" + raw, "!", "rawvideoparse",
            "format=" + fmt, "width=%d" % w, "height=%d" % h,
            "framerate=30/1", "!", "b64imgenc", "image-format=png", "!",
            "filesink", "location=" + out])
    with open(out, "rb") as f:
        return f.read().splitlines()


def decode_with_gst(tmp, pngs, fmt):
    """PNG files base64'd one per line through b64imgdec: raw bytes."""
    src, out = os.path.join(tmp, "in.txt"), os.path.join(tmp, "out.raw")
    with open(src, "wb") as f:
        for p in pngs:
            f.write(base64.b64encode(p) + b"\n")
    gst_launch(["filesrc", "location=" + src, "blocksize=4096", "!", "b64imgdec",
            "!", "video/x-raw,format=" + fmt, "!", "filesink",
            "location=" + out])
    with open(out, "rb") as f:
        return f.read()


def pil_16bit_mode():
    """The mode PIL opens a 16-bit gray PNG of OpenCV's with: I;16 in
    Pillow 10 and later, I in Debian 12's Pillow 9.4."""
    ok, png = cv2.imencode(".png", np.zeros((2, 2), np.uint16))
    return Image.open(io.BytesIO(png.tobytes())).mode


def gst_to_peers(tmp, rnd):
    mode16 = pil_16bit_mode()
    check(mode16 in ("I;16", "I"), "PIL reads 16-bit gray as %s" % mode16)
    for w, h in SIZES:
        gray = [rnd.integers(0, 65536, (h, w), dtype=np.uint16)
                for _ in range(2)]
        lines = encode_with_gst(tmp, gray, "gray16-le", 2)
        check(len(lines) == 2, "GRAY16_LE %dx%d: 2 lines" % (w, h))
        for i, line in enumerate(lines):
            png = base64.b64decode(line)
            im = Image.open(io.BytesIO(png))
            check(im.mode == mode16, "PIL mode %s %dx%d" % (mode16, w, h),
                  im.mode)
            pil = np.asarray(im).astype(np.uint16)
            check(np.array_equal(pil, gray[i]), "PIL samples %dx%d" % (w, h))
            cv = cv2.imdecode(np.frombuffer(png, np.uint8),
                              cv2.IMREAD_UNCHANGED)
            check(cv.dtype == np.uint16 and cv.ndim == 2,
                  "OpenCV uint16 gray %dx%d" % (w, h), "%s %s" % (cv.dtype,
                                                             cv.shape))
            check(np.array_equal(cv, gray[i]), "OpenCV samples %dx%d" % (w, h))

        rgba = [rnd.integers(0, 65536, (h, w, 4), dtype=np.uint16)]
        png = base64.b64decode(encode_with_gst(tmp, rgba, "rgba64-le", 1)[0])
        cv = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
        check(cv.dtype == np.uint16 and cv.shape == (h, w, 4),
              "OpenCV uint16 BGRA %dx%d" % (w, h), str(cv.shape))
        check(np.array_equal(cv2.cvtColor(cv, cv2.COLOR_BGRA2RGBA), rgba[0]),
              "OpenCV RGBA samples, alpha kept %dx%d" % (w, h))


def peers_to_gst(tmp, rnd):
    for w, h in SIZES:
        depth = rnd.integers(0, 65536, (h, w), dtype=np.uint16)
        ok, cvpng = cv2.imencode(".png", depth)
        pil = io.BytesIO()
        Image.fromarray(depth, "I;16").save(pil, "PNG")
        raw = decode_with_gst(tmp, [cvpng.tobytes(), pil.getvalue()],
                              "GRAY16_LE")
        got = np.frombuffer(raw, "<u2")
        # GRAY16 rows are padded to 4 bytes in GStreamer's layout
        stride = (w * 2 + 3) // 4 * 4 // 2
        check(got.size == 2 * stride * h, "two GRAY16 frames %dx%d" % (w, h),
              "%d samples" % got.size)
        for i, who in enumerate(("cv2.imencode", "PIL I;16")):
            frame = got[i * stride * h:(i + 1) * stride * h]
            frame = frame.reshape(h, stride)[:, :w]
            check(np.array_equal(frame, depth), "%s -> b64imgdec %dx%d"
                  % (who, w, h))

        bgra = rnd.integers(0, 65536, (h, w, 4), dtype=np.uint16)
        ok, cvpng = cv2.imencode(".png", bgra)
        raw = decode_with_gst(tmp, [cvpng.tobytes()], "RGBA64_LE")
        got = np.frombuffer(raw, "<u2").reshape(h, w, 4)
        check(np.array_equal(got, cv2.cvtColor(bgra, cv2.COLOR_BGRA2RGBA)),
              "cv2.imencode BGRA uint16 -> b64imgdec RGBA64_LE %dx%d" % (w, h))


def both_ways():
    rnd = np.random.default_rng(16)
    tmp = scratch_dir("b64png16-")
    gst_to_peers(tmp, rnd)
    peers_to_gst(tmp, rnd)


if __name__ == "__main__":
    main(both_ways)
