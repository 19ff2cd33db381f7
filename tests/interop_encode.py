#!/usr/bin/python3
# b64img — interoperability of b64imgenc's output with Python's base64,
# PIL and OpenCV
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Encodes videotestsrc frames with `b64imgenc ! filesink`, then reads the
file the way the usual recipe ("Conversion between base64 and OpenCV or PIL
Image") does: one line per frame, base64.b64decode, then
PIL.Image.open(io.BytesIO(...)) and cv2.imdecode(np.frombuffer(...),
cv2.IMREAD_COLOR). Checks the number of lines, the size of every picture
and its pixels against GStreamer's own RGB rendering of the same frames
(videotestsrc ! videoconvert ! RGB).

Runs with Debian's /usr/bin/python3 (python3-pil, python3-opencv,
python3-numpy) and the gst-launch-1.0 on PATH; meson sets
GST_PLUGIN_PATH_1_0 to the build. Prints one line per check and
"N passed, N failed" at the end; exits non-zero on any failure.
"""

import base64
import io
import os
import sys
import tempfile
import time

import cv2
import numpy as np
from PIL import Image

from b64imgtest import check, gst_launch, psnr, summary

# PSNR bounds (dB) against GStreamer's RGB of the same frames, quality 85.
# Measured with libjpeg-turbo 2.1.5: smooth pictures (colour gradients, a
# ball) 37-53 dB; SMPTE bars from packed RGB 30 dB (their sharp colour
# edges lose that much to 4:2:0, PIL's own JPEG of the same pixels too).
# A wrong picture (chroma swapped, range not expanded, rows shifted)
# measures below 25 dB.
PSNR_SMOOTH = 34.0
PSNR_SHARP = 27.0

DATA_URI_PREFIX = "data:image/jpeg;base64,"

# A smooth colour picture: videotestsrc's vertical gradient between two
# saturated colours (its "colors" pattern has sharp 10-pixel tiles, which
# 4:2:0 JPEG cannot keep: ~20 dB whoever encodes it).
CGRAD = ("gradient foreground-color=0xffffa020 "
         "background-color=0xff2040e0")
# A moving coloured ball on a coloured background: edges, and frames that
# differ from each other (a frame out of order fails).
CBALL = "ball foreground-color=0xff20e060 background-color=0xff6020a0"

YUV_FORMATS = {"I420", "YV12", "NV12", "NV21", "YUY2", "UYVY", "YVYU", "Y41B",
               "Y42B", "Y444"}

def source(n, pattern, fmt, w, h):
    return ("videotestsrc num-buffers=%d pattern=%s ! "
            "video/x-raw,format=%s,width=%d,height=%d,framerate=25/1" %
            (n, pattern, fmt, w, h))


def reference_frames(tmp, n, pattern, fmt, w, h):
    """The frames as GStreamer itself renders them in RGB."""
    raw = os.path.join(tmp, "ref.rgb")
    # videoconvert's 8-bit fast paths (I420 -> RGB, YUY2 -> Y444) repeat
    # chroma rows instead of interpolating them, as JPEG decoders do; on a
    # small picture with strong vertical colour change that alone costs
    # ~10 dB. Its generic path through AYUV64 interpolates.
    via = ("videoconvert ! video/x-raw,format=AYUV64 ! "
           if fmt in YUV_FORMATS else "")
    gst_launch("%s ! %svideoconvert ! video/x-raw,format=RGB ! "
               "filesink location=%s" % (source(n, pattern, fmt, w, h), via,
                                         raw), timeout=300)
    data = np.fromfile(raw, dtype=np.uint8)
    stride = (w * 3 + 3) // 4 * 4   # GStreamer rounds RGB rows up to 4
    if data.size != n * stride * h:
        raise RuntimeError("reference: %d bytes, expected %d" %
                           (data.size, n * stride * h))
    frames = data.reshape(n, h, stride)[:, :, :w * 3].reshape(n, h, w, 3)
    return frames


def encode(tmp, n, pattern, fmt, w, h, props=""):
    txt = os.path.join(tmp, "frames.txt")
    gst_launch("%s ! b64imgenc %s ! filesink location=%s" %
               (source(n, pattern, fmt, w, h), props, txt), timeout=300)
    with open(txt, "rb") as f:
        return f.read()


def b64_to_pil(b64):
    # the recipe: base64 -> bytes -> BytesIO -> PIL
    im_bytes = base64.b64decode(b64, validate=True)
    return Image.open(io.BytesIO(im_bytes))


def b64_to_cv2(b64):
    # the recipe: base64 -> bytes -> numpy -> cv2.imdecode
    im_bytes = base64.b64decode(b64, validate=True)
    im_arr = np.frombuffer(im_bytes, dtype=np.uint8)
    return cv2.imdecode(im_arr, flags=cv2.IMREAD_COLOR)


def check_text_form(line, data_uri, url, padding):
    """Returns the standard-alphabet, padded base64 of one line, or raises."""
    s = line.decode("ascii")
    if data_uri:
        if not s.startswith(DATA_URI_PREFIX):
            raise ValueError("no data URI prefix: %r" % s[:30])
        s = s[len(DATA_URI_PREFIX):]
    elif s.startswith("data:"):
        raise ValueError("unexpected data URI prefix")
    if url:
        if "+" in s or "/" in s:
            raise ValueError("'+' or '/' in URL-safe base64")
        s = s.replace("-", "+").replace("_", "/")
    elif "-" in s or "_" in s:
        raise ValueError("'-' or '_' in standard base64")
    if padding:
        if len(s) % 4:
            raise ValueError("padded base64 of length %d" % len(s))
    else:
        if "=" in s:
            raise ValueError("'=' without padding")
        s += "=" * (-len(s) % 4)
    return s


def run_case(name, n, pattern, fmt, w, h, props="", bound=PSNR_SMOOTH,
             data_uri=False, url=False, padding=True, gray=False):
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="b64interop") as tmp:
        try:
            text = encode(tmp, n, pattern, fmt, w, h, props)
            ref = reference_frames(tmp, n, pattern, fmt, w, h)
        except Exception as e:  # noqa: BLE001 - report and go on
            check(False, name, str(e))
            return
    errors = []
    if not text.endswith(b"\n"):
        errors.append("output does not end with a newline")
    lines = text.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != n:
        errors.append("%d lines for %d frames" % (len(lines), n))
    worst = 99.0
    for i, line in enumerate(lines[:n]):
        try:
            b64 = check_text_form(line, data_uri, url, padding)
            pil = b64_to_pil(b64)
            if pil.format != "JPEG":
                raise ValueError("PIL reads %s" % pil.format)
            if pil.size != (w, h):
                raise ValueError("PIL size %s, expected %dx%d" %
                                 (pil.size, w, h))
            mode = "L" if gray else "RGB"
            if pil.mode != mode:
                raise ValueError("PIL mode %s, expected %s" % (pil.mode, mode))
            pil_rgb = np.asarray(pil.convert("RGB"))
            cv = b64_to_cv2(b64)
            if cv is None:
                raise ValueError("cv2.imdecode failed")
            if cv.shape != (h, w, 3):
                raise ValueError("cv2 shape %s" % (cv.shape,))
            cv_rgb = cv2.cvtColor(cv, cv2.COLOR_BGR2RGB)
            for who, img in (("PIL", pil_rgb), ("OpenCV", cv_rgb)):
                p = psnr(img, ref[i])
                worst = min(worst, p)
                if p < bound:
                    raise ValueError("%s PSNR %.1f dB < %.1f" %
                                     (who, p, bound))
            if (fmt not in YUV_FORMATS and not gray and "quality" not in props
                    and "chroma" not in props):
                # packed RGB: as close as PIL's own JPEG (quality 85, 4:2:0)
                # of the same pixels, within 1 dB
                own = io.BytesIO()
                Image.fromarray(ref[i]).save(own, "JPEG", quality=85,
                                             subsampling=2)
                base = psnr(np.asarray(Image.open(own).convert("RGB")),
                            ref[i])
                p = psnr(pil_rgb, ref[i])
                if p < base - 1.0:
                    raise ValueError("PSNR %.1f dB, PIL's own JPEG %.1f dB" %
                                     (p, base))
        except Exception as e:  # noqa: BLE001
            errors.append("frame %d: %s" % (i, e))
            break
    dt = time.monotonic() - t0
    check(not errors, name, "; ".join(errors) if errors else
           "%d frames, worst PSNR %.1f dB, %.2f s" % (n, worst, dt))


def flat_value_case(name, pattern, fmt, expect, props=""):
    """Limited-range input of a flat pattern: PIL must read the full-range
    value (white is 255, not 235; black is 0, not 16)."""
    w, h = 64, 48
    with tempfile.TemporaryDirectory(prefix="b64interop") as tmp:
        try:
            text = encode(tmp, 1, pattern, fmt, w, h, props)
        except Exception as e:  # noqa: BLE001
            check(False, name, str(e))
            return
    try:
        line = text.rstrip(b"\n")
        pil = np.asarray(b64_to_pil(line).convert("RGB")).astype(np.float64)
        cv = b64_to_cv2(line).astype(np.float64)[:, :, ::-1]
        bad = []
        for who, img in (("PIL", pil), ("OpenCV", cv)):
            mean = img.reshape(-1, 3).mean(axis=0)
            if np.max(np.abs(mean - np.array(expect, dtype=np.float64))) > 2.0:
                bad.append("%s reads %s, expected %s" %
                           (who, np.round(mean, 1).tolist(), list(expect)))
        check(not bad, name, "; ".join(bad) if bad else
               "reads %s" % np.round(pil.reshape(-1, 3).mean(axis=0),
                                     1).tolist())
    except Exception as e:  # noqa: BLE001
        check(False, name, str(e))


def no_newline_case():
    """newline=false: one frame is the bare base64 text, nothing after it."""
    name = "newline=false, one frame"
    with tempfile.TemporaryDirectory(prefix="b64interop") as tmp:
        try:
            text = encode(tmp, 1, CGRAD, "I420", 97, 55, "newline=false")
            ref = reference_frames(tmp, 1, CGRAD, "I420", 97, 55)
        except Exception as e:  # noqa: BLE001
            check(False, name, str(e))
            return
    try:
        if b"\n" in text or b"\r" in text:
            raise ValueError("line break in the text")
        p = psnr(np.asarray(b64_to_pil(text).convert("RGB")), ref[0])
        if p < PSNR_SMOOTH:
            raise ValueError("PSNR %.1f dB" % p)
        check(True, name, "PSNR %.1f dB" % p)
    except Exception as e:  # noqa: BLE001
        check(False, name, str(e))


def main():
    t0 = time.monotonic()
    print("GST_PLUGIN_PATH_1_0=%s" % os.environ.get("GST_PLUGIN_PATH_1_0"))
    try:
        gst_launch("videotestsrc num-buffers=1 ! b64imgenc ! fakesink",
                   timeout=300)
    except Exception as e:  # noqa: BLE001
        check(False, "b64imgenc available", str(e))
        return summary()

    # format, size, pattern: odd sizes, every sampling path
    run_case("I420 320x240 cgrad", 3, CGRAD, "I420", 320, 240)
    run_case("I420 641x479 gradient", 2, "gradient", "I420", 641, 479)
    run_case("I420 1x1", 2, CGRAD, "I420", 1, 1)
    run_case("I420 3x3", 2, "gradient", "I420", 3, 3)
    run_case("YV12 17x9 cgrad", 3, CGRAD, "YV12", 17, 9)
    run_case("NV12 17x9 cgrad", 3, CGRAD, "NV12", 17, 9)
    run_case("NV21 161x121 cgrad", 2, CGRAD, "NV21", 161, 121)
    run_case("YUY2 99x51 cball", 5, CBALL, "YUY2", 99, 51)
    run_case("UYVY 64x48 cgrad", 2, CGRAD, "UYVY", 64, 48)
    run_case("Y42B 33x17 cgrad", 2, CGRAD, "Y42B", 33, 17)
    run_case("Y444 64x48 cgrad", 2, CGRAD, "Y444", 64, 48)
    run_case("Y41B 37x21 cgrad", 2, CGRAD, "Y41B", 37, 21)
    run_case("RGB 161x121 cgrad", 2, CGRAD, "RGB", 161, 121)
    run_case("BGRx 640x480 smpte", 2, "smpte", "BGRx", 640, 480,
             bound=PSNR_SHARP)
    run_case("I420 640x480 smpte", 2, "smpte", "I420", 640, 480,
             bound=PSNR_SHARP)
    run_case("RGBA 160x120 cball", 4, CBALL, "RGBA", 160, 120)
    run_case("xBGR 31x47 cgrad", 2, CGRAD, "xBGR", 31, 47)
    run_case("GRAY8 129x65 gradient", 2, "gradient", "GRAY8", 129, 65,
             gray=True)
    run_case("I420 chroma=444 quality=95", 2, CGRAD, "I420", 160, 120,
             "chroma=444 quality=95", bound=PSNR_SMOOTH + 3.0)

    # text options
    run_case("data-uri=true", 3, CGRAD, "I420", 160, 120,
             "data-uri=true", data_uri=True)
    run_case("alphabet=url padding=false", 5, CBALL, "NV12", 97, 55,
             "alphabet=url padding=false", url=True, padding=False)
    run_case("data-uri alphabet=url padding=false", 3, CGRAD, "RGB", 65,
             33, "data-uri=true alphabet=url padding=false", data_uri=True,
             url=True, padding=False)
    no_newline_case()

    # colour range: limited-range input is expanded to JFIF's full range
    flat_value_case("limited I420 white reads 255", "white", "I420",
                    (255, 255, 255))
    flat_value_case("limited I420 black reads 0", "black", "I420", (0, 0, 0))
    flat_value_case("limited NV12 white reads 255", "white", "NV12",
                    (255, 255, 255))
    flat_value_case("limited YUY2 white reads 255", "white", "YUY2",
                    (255, 255, 255))
    flat_value_case("limited I420 red reads 255,0,0", "red", "I420",
                    (255, 0, 0))
    flat_value_case("RGB white reads 255", "white", "RGB", (255, 255, 255))

    return summary(" (%.1f s)" % (time.monotonic() - t0))


if __name__ == "__main__":
    sys.exit(main())
