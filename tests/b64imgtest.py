# b64img — helpers of the Python tests (interop_*.py, pipeline_tcp.py,
# autoplug.py, binary_input.py, tags.py, ...): counted checks,
# gst-launch-1.0 and other tools run under a timeout, a scratch directory
# removed at exit, the test picture and its image files, PSNR and pixel
# differences, base64 text in the forms people write it.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import atexit
import base64
import io
import math
import shutil
import socket
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

TIMEOUT = 60
GST_LAUNCH = shutil.which("gst-launch-1.0") or "/usr/bin/gst-launch-1.0"

_counts = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    """Counts and prints one check; returns ok."""
    ok = bool(ok)
    _counts["passed" if ok else "failed"] += 1
    print("%s %s%s" % ("ok  " if ok else "FAIL", what,
                       " (" + detail + ")" if detail else ""), flush=True)
    return ok


def passed():
    return _counts["passed"]


def failed():
    return _counts["failed"]


def summary(extra=""):
    """Prints "N passed, N failed" and returns the exit status: 1 on any
    failure or when nothing was checked."""
    print("%d passed, %d failed%s" % (passed(), failed(), extra), flush=True)
    return 1 if failed() or not passed() else 0


def scratch_dir(prefix):
    """A temporary directory, removed when the test exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def run(cmd, timeout=TIMEOUT, merge=False, **kw):
    """Runs @cmd (a list) with stdout and stderr captured; with @merge,
    stderr into stdout, in the order the two were written."""
    return subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merge else
                          subprocess.PIPE, timeout=timeout, **kw)


def tool(args, data=None, timeout=TIMEOUT):
    """@args fed @data on stdin; its stdout, or RuntimeError with its
    stderr."""
    r = run(args, timeout=timeout, input=data)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(args), r.returncode,
                                                r.stderr.decode(
                                                    errors="replace")))
    return r.stdout


def gst_launch(pipeline, timeout=TIMEOUT):
    """gst-launch-1.0 -q of a pipeline, a string or a list of tokens;
    RuntimeError with its stderr when it fails."""
    tokens = pipeline.split() if isinstance(pipeline, str) else pipeline
    return tool([GST_LAUNCH, "-q"] + tokens, timeout=timeout)


def gst_spawn(tokens):
    """gst-launch-1.0 -q of @tokens in the background (a Popen)."""
    return subprocess.Popen([GST_LAUNCH, "-q"] + tokens,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def gst_output(tokens, path, timeout=TIMEOUT):
    """The bytes that the gst-launch-1.0 pipeline @tokens (a list, without
    its sink) wrote to a filesink at @path; None, its error printed, when
    it failed."""
    try:
        gst_launch(tokens + ["!", "filesink", "location=" + path],
                   timeout=timeout)
    except RuntimeError as e:
        print("  " + str(e).strip())
        return None
    with open(path, "rb") as f:
        return f.read()


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def picture(w, h, seed=0, noise=0.0, block=False):
    """The test picture, an h x w x 3 array of 8-bit RGB: red a wave
    across and down (its period grows with @seed), green rising left to
    right, blue top to bottom, so that no flip or turn looks like another.
    @noise: the standard deviation of Gaussian noise (seeded by @seed), as a
    camera's; @block: a sharp red block in the upper left quarter, edges
    whose 4:2:0 chroma decoders upsample differently."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([128 + 100 * np.sin(x / (5.0 + seed)) * np.cos(y / 9.0),
                    255 * x / max(w - 1, 1), 255 * y / max(h - 1, 1)],
                   axis=-1)
    if block:
        img[h // 3:h // 2, w // 4:w // 2] = (250, 30, 40)
    if noise:
        img += np.random.default_rng(seed).normal(0, noise, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def encoded(img, fmt, **save):
    """@img (a PIL image, or an RGB array) as an image file of @fmt
    ("JPEG", "PNG", ...), PIL's @save options passed on: its bytes."""
    if not isinstance(img, Image.Image):
        img = Image.fromarray(img)
    out = io.BytesIO()
    img.save(out, format=fmt, **save)
    return out.getvalue()


def pil_rgb(data):
    """The RGB pixels PIL decodes from the image file @data, an array."""
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def max_diff(a, b):
    """The largest absolute difference between two arrays of samples;
    None when their shapes differ."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return None
    return int(np.abs(a.astype(np.int64) - b.astype(np.int64)).max(initial=0))


def within(a, b, limit):
    """@a and @b of one shape, no sample more than @limit apart."""
    d = max_diff(a, b)
    return d is not None and d <= limit


def psnr(a, b):
    """PSNR in dB of two arrays of 8-bit samples; 99 when equal."""
    mse = np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2)
    if mse == 0:
        return 99.0
    return 10.0 * math.log10(255.0 * 255.0 / mse)


def b64_line(data, style="plain", mime="image/jpeg"):
    """@data as base64 text: "plain", "uri" (a data URI of @mime) or
    "url" (URL-safe alphabet, no padding)."""
    if style == "plain":
        return base64.b64encode(data)
    if style == "uri":
        return b"data:" + mime.encode() + b";base64," + base64.b64encode(data)
    if style == "url":
        return base64.urlsafe_b64encode(data).rstrip(b"=")
    raise ValueError(style)


def main(fn):
    """Runs @fn, counts an exception as a failed check, exits with the
    summary's status."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (any failure is a failed check)
        check(False, fn.__name__, repr(e))
    sys.exit(summary())
