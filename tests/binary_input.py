#!/usr/bin/python3
# b64img — a binary JPEG or PNG file fed to b64imgdec (filesrc
# location=photo.jpg ! b64imgdec, a common mistake) gets ONE warning that
# names the mistake and the element to use (jpegdec, pngdec), not one per
# "line" of binary; its bytes are skipped to the file's end and the base64
# frames around it decode, pixel for pixel as PIL decodes them. Stream
# input cut at any size (filesrc blocksize), threads=1 and 2, and framed
# input (one warning per binary buffer, the text buffers decode).
# In process (PyGObject): gst-launch-1.0 1.22 sometimes hangs after an
# error before preroll (a file of nothing but a binary JPEG ends in the
# base class's "No valid frames decoded").
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import os

import gi

import b64imgtest
from b64imggi import collect_rgb, run_to_end
from b64imgtest import check, encoded, picture, pil_rgb, scratch_dir, within

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

W, H = 96, 64

tmp = scratch_dir("b64img-binary-")


def photo(seed, fmt):
    """A noisy picture with sharp edges as a @fmt file."""
    return encoded(picture(W, H, seed, noise=6, block=True), fmt, quality=90)


def run(desc, feed=None):
    """Runs @desc to EOS (or ERROR); returns (warnings, errors, frames): the
    bus's WARNING and ERROR texts and the RGB frames at appsink "out".
    @feed: buffers pushed into appsrc "in"."""
    pipe = Gst.parse_launch(desc)
    frames = []
    collect_rgb(pipe.get_by_name("out"), frames)
    warnings, errors = run_to_end(pipe, feed)
    return warnings, errors, frames


def same(frames, refs):
    return len(frames) == len(refs) and all(
        within(f, r, 1) for f, r in zip(frames, refs))


def main():
    Gst.init(None)
    jpegs = [photo(i, "JPEG") for i in range(4)]
    photo_jpg = photo(9, "JPEG")
    photo_png = photo(8, "PNG")
    lines = [base64.b64encode(j) + b"\n" for j in jpegs]
    refs = [pil_rgb(j) for j in jpegs]
    files = {
        "photo.jpg": (photo_jpg, ["JPEG jpegdec"], []),
        "photo.png": (photo_png, ["PNG pngdec"], []),
        # binary first, then text: an image after a LF, then one right
        # after the PNG's last byte
        "mixed.txt": (photo_jpg + b"\n" + lines[0] + lines[1] + photo_png
                      + lines[2], ["JPEG jpegdec", "PNG pngdec"], refs[:3]),
        # text around a binary file, CRLF and blank lines before it
        "around.txt": (lines[0] + b"\r\n\n" + photo_jpg + lines[1]
                       + lines[2] + lines[3], ["JPEG jpegdec"], refs),
    }
    for name, (data, want, ref) in files.items():
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        for threads in (1, 2):
            for blocksize in (4096, 3):
                w, e, frames = run(
                    "filesrc location=%s blocksize=%d ! b64imgdec threads=%d "
                    "! video/x-raw,format=RGB ! appsink "
                    "name=out" % (path, blocksize, threads))
                named = all(
                    ("binary %s file" % k in m and "with %s" % el in m)
                    for (k, el), m in zip((x.split() for x in want), w))
                # with no frame at all the base class ends in an error
                err_ok = e == [] if ref else (
                    len(e) == 1 and "No valid frames" in e[0])
                check(len(w) == len(want) and named and err_ok
                      and same(frames, ref),
                      "%s (threads=%d, blocksize %d): %d warning(s) naming "
                      "%s, %d frames as PIL decodes them" % (
                          name, threads, blocksize, len(want),
                          "/".join(x.split()[1] for x in want), len(ref)),
                      "warnings %s, errors %s, %d frames" % (
                          w, e, len(frames)))

    # framed input: each binary buffer is one bad frame, named as such
    for threads in (1, 2):
        w, e, frames = run(
            "appsrc name=in caps=image/x-base64,framed=true format=time ! "
            "b64imgdec threads=%d ! video/x-raw,format=RGB ! "
            "appsink name=out" % threads,
            [lines[0], photo_jpg, lines[1], photo_png, lines[2]])
        named = (len(w) == 2 and "binary JPEG file" in w[0]
                 and "jpegdec" in w[0] and "binary PNG file" in w[1]
                 and "pngdec" in w[1])
        check(named and e == [] and same(frames, refs[:3]),
              "framed (threads=%d): a warning per binary buffer, naming "
              "jpegdec/pngdec; the 3 text frames decode" % threads,
              "warnings %s, errors %s, %d frames" % (w, e, len(frames)))


if __name__ == "__main__":
    b64imgtest.main(main)
