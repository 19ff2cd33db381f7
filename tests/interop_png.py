#!/usr/bin/python3
# b64img — PNG interoperability with code nobody here wrote.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# 1. PNGs written by Pillow (modes 1, L, LA, RGB, RGBA, P with and without
#    transparency, I;16) and by ImageMagick (16-bit RGB and RGBA), base64'd
#    by Python's base64 module (some as canvas.toDataURL()-style data URIs),
#    one per line in a file, go through
#    `filesrc ! b64imgdec ! video/x-raw,format=... ! filesink`; the bytes
#    must equal Pillow's own decode exactly.
#    16-bit images: Pillow reduces I;16 to 8 bits by clipping (values over
#    255 become 255), GStreamer by keeping the high byte, so the 8-bit
#    output is compared with the high byte of the 16-bit samples (which is
#    also what Pillow gives for 16-bit RGB/RGBA). When downstream takes only
#    16-bit formats the exact 16-bit samples are compared too.
# 2. PNG lines written by `b64imgenc image-format=png` from videotestsrc
#    (RGBA with alpha, RGB, GRAY8) open in Pillow with exactly the pixels
#    GStreamer produced (the same videotestsrc frames saved raw), alpha
#    included.
#
# Run by meson with GST_PLUGIN_PATH_1_0 pointing at the built plugin.

import base64
import io
import os
import shutil
import sys
import tempfile
import time

import numpy as np
from PIL import Image

from b64imgtest import check, gst_launch, summary, tool

CONVERT = shutil.which("convert")
DATA_URI = "data:image/png;base64,"

def first_diff(a, b):
    if len(a) != len(b):
        return "length %d vs %d" % (len(a), len(b))
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "first difference at byte %d: %d vs %d" % (i, x, y)
    return ""


# ---- 1. PNGs from Pillow and ImageMagick into b64imgdec -------------------

class Png:
    """One PNG file and what each output layout must hold."""

    def __init__(self, name, data, gray, rgb, high16=None, exact16=None,
                 exact16_fmt=None):
        self.name = name
        self.data = data
        # {format: expected bytes}; gray/rgb say which 8-bit layouts apply
        self.expect = {}
        im = Image.open(io.BytesIO(data))
        if high16 is not None:
            # 16-bit: high bytes, laid out as RGBA (+ GRAY8 or RGB)
            self.expect["RGBA"] = high16["RGBA"]
            for k in ("GRAY8", "RGB"):
                if k in high16:
                    self.expect[k] = high16[k]
        else:
            self.expect["RGBA"] = im.convert("RGBA").tobytes()
            if gray:
                self.expect["GRAY8"] = im.convert("L").tobytes()
            if rgb:
                self.expect["RGB"] = im.convert("RGB").tobytes()
        self.exact16 = exact16
        self.exact16_fmt = exact16_fmt


def pil_png(im, **save):
    b = io.BytesIO()
    im.save(b, "PNG", **save)
    return b.getvalue()


def make_pngs(tmp, rnd, w, h):
    pngs = []

    def rand(shape, top=256, dtype=np.uint8):
        return rnd.integers(0, top, size=shape, dtype=np.int64).astype(dtype)

    gray = Image.fromarray(rand((h, w)), "L")
    pngs.append(Png("L", pil_png(gray), True, False))
    pngs.append(Png("1", pil_png(gray.convert("1")), True, False))
    pngs.append(Png("LA", pil_png(Image.fromarray(rand((h, w, 2)), "LA")),
                    True, False))
    pngs.append(Png("RGB", pil_png(Image.fromarray(rand((h, w, 3)), "RGB")),
                    False, True))
    pngs.append(Png("RGBA", pil_png(Image.fromarray(rand((h, w, 4)),
                                                    "RGBA")), False, False))
    pal = Image.fromarray(rand((h, w), 16), "P")
    pal.putpalette(list(rand(48).tobytes()))
    pngs.append(Png("P", pil_png(pal), False, True))
    pngs.append(Png("Ptrns", pil_png(pal, transparency=rand(16).tobytes()),
                    False, False))
    key = Image.fromarray(np.choose(rand((h, w), 3), [7, 99, 200])
                          .astype(np.uint8), "L")
    pngs.append(Png("Ltrns", pil_png(key, transparency=99), False, False))

    # I;16: 16-bit gray
    v16 = rand((h, w), 65536, np.uint16)
    im16 = Image.new("I;16", (w, h))
    im16.frombytes(v16.astype("<u2").tobytes())
    data = pil_png(im16)
    back = np.array(Image.open(io.BytesIO(data)), dtype=np.int64)
    check(np.array_equal(back, v16.astype(np.int64)),
          "%dx%d I;16 written and read back by Pillow as 16-bit" % (w, h))
    hi = (v16 >> 8).astype(np.uint8)
    pngs.append(Png("I16", data, True, False, high16={
        "GRAY8": hi.tobytes(),
        "RGBA": np.dstack([hi, hi, hi, np.full_like(hi, 255)]).tobytes()},
        exact16=v16.astype(">u2").tobytes(), exact16_fmt="GRAY16_BE"))

    # 16-bit RGB and RGBA through ImageMagick, from raw big-endian samples
    if CONVERT:
        for n, kind in ((3, "PNG48"), (4, "PNG64")):
            s16 = rand((h, w, n), 65536, np.uint16)
            raw = os.path.join(tmp, "raw16.bin")
            out = os.path.join(tmp, "im16.png")
            with open(raw, "wb") as f:
                f.write(s16.astype(">u2").tobytes())
            tool([CONVERT, "-size", "%dx%d" % (w, h), "-depth", "16",
                  "-endian", "MSB", ("rgb:" if n == 3 else "rgba:") + raw,
                  "%s:%s" % (kind, out)])
            with open(out, "rb") as f:
                data = f.read()
            check(data[24] == 16 and data[25] == (2 if n == 3 else 6),
                  "%dx%d ImageMagick %s is 16-bit colour type %d" %
                  (w, h, kind, 2 if n == 3 else 6))
            hi = (s16 >> 8).astype(np.uint8)
            if n == 3:
                rgba16 = np.dstack([s16, np.full((h, w), 65535, np.uint16)])
                rgba8 = np.dstack([hi, np.full((h, w), 255, np.uint8)])
            else:
                rgba16, rgba8 = s16, hi
            pil = Image.open(io.BytesIO(data)).convert("RGBA").tobytes()
            check(pil == rgba8.tobytes(),
                  "%dx%d Pillow reads %s as the high bytes" % (w, h, kind))
            expect = {"RGBA": rgba8.tobytes()}
            if n == 3:
                expect["RGB"] = hi.tobytes()
            pngs.append(Png("IM_" + kind, data, False, n == 3, high16=expect,
                            exact16=rgba16.astype("<u2").tobytes(),
                            exact16_fmt="RGBA64_LE"))
    else:
        print("note: no ImageMagick convert, 16-bit RGB/RGBA skipped")
    return pngs


def decode_lines(tmp, pngs, fmt, blocksize=None, uri_every=2):
    """All PNGs as base64 lines of one file through b64imgdec to @fmt;
    returns the raw output."""
    txt = os.path.join(tmp, "in.txt")
    out = os.path.join(tmp, "out.raw")
    with open(txt, "w") as f:
        for i, p in enumerate(pngs):
            b64 = base64.b64encode(p.data).decode("ascii")
            # every other line as a canvas.toDataURL()-style data URI,
            # some with CRLF line ends
            f.write((DATA_URI if i % uri_every == 0 else "") + b64 +
                    ("\r\n" if i % 3 == 1 else "\n"))
    src = ["filesrc", "location=" + txt]
    if blocksize:
        src.append("blocksize=%d" % blocksize)
    gst_launch(src + ["!", "b64imgdec", "!", "video/x-raw,format=" + fmt,
                      "!", "filesink", "location=" + out], timeout=120)
    with open(out, "rb") as f:
        return f.read()


def stride_of(w, bpp):
    return (w * bpp + 3) & ~3


def unpad(raw, w, h, bpp):
    """GStreamer's default video strides are rounded up to 4 bytes."""
    stride = stride_of(w, bpp)
    return b"".join(raw[y * stride:y * stride + w * bpp] for y in range(h))


def part1():
    rnd = np.random.default_rng(2026)
    bpp = {"RGBA": 4, "RGB": 3, "GRAY8": 1, "GRAY16_BE": 2, "RGBA64_LE": 8}
    with tempfile.TemporaryDirectory(prefix="interop_png_") as tmp:
        for w, h in ((37, 23), (1, 1), (8, 5)):
            pngs = make_pngs(tmp, rnd, w, h)
            for fmt in ("RGBA", "RGB", "GRAY8"):
                group = [p for p in pngs if fmt in p.expect]
                frame = stride_of(w, bpp[fmt]) * h
                for blocksize in ((None, 7) if fmt == "RGBA" else (None,)):
                    try:
                        raw = decode_lines(tmp, group, fmt, blocksize)
                    except Exception as e:     # pylint: disable=broad-except
                        check(False, "%dx%d to %s" % (w, h, fmt), str(e))
                        continue
                    check(len(raw) == frame * len(group),
                          "%dx%d to %s%s: %d frames out" %
                          (w, h, fmt, ", blocksize %d" % blocksize
                           if blocksize else "", len(group)),
                          "got %d bytes, want %d" % (len(raw),
                                                     frame * len(group)))
                    for i, p in enumerate(group):
                        got = unpad(raw[i * frame:(i + 1) * frame], w, h,
                                    bpp[fmt])
                        want = p.expect[fmt]
                        check(got == want, "%dx%d %s to %s%s equals Pillow" %
                              (w, h, p.name, fmt, " (blocksize %d)" %
                               blocksize if blocksize else ""),
                              first_diff(got, want))
            # 16 bits kept when downstream takes only a 16-bit format
            for p in pngs:
                if not p.exact16:
                    continue
                try:
                    raw = decode_lines(tmp, [p], p.exact16_fmt)
                except Exception as e:         # pylint: disable=broad-except
                    check(False, "%dx%d %s to %s" % (w, h, p.name,
                                                     p.exact16_fmt), str(e))
                    continue
                got = unpad(raw, w, h, bpp[p.exact16_fmt])
                check(got == p.exact16, "%dx%d %s to %s keeps 16 bits" %
                      (w, h, p.name, p.exact16_fmt),
                      first_diff(got, p.exact16))


# ---- 2. b64imgenc's PNG lines into Pillow --------------------------------

def part2():
    cases = [
        # (name, format, PIL mode, bytes per pixel, width, height, source)
        ("RGBA ball, transparent background", "RGBA", "RGBA", 4, 64, 48,
         ["videotestsrc", "num-buffers=3", "pattern=ball",
          "background-color=0x00000000", "foreground-color=0xc0ff8000"]),
        ("RGBA translucent ball on translucent background", "RGBA", "RGBA",
         4, 37, 23,
         ["videotestsrc", "num-buffers=2", "pattern=ball",
          "background-color=0x80204060", "foreground-color=0x30ffffff"]),
        ("RGB smpte", "RGB", "RGB", 3, 37, 23,
         ["videotestsrc", "num-buffers=2", "pattern=smpte"]),
        ("RGB snow", "RGB", "RGB", 3, 160, 90,
         ["videotestsrc", "num-buffers=2", "pattern=snow"]),
        ("GRAY8 snow", "GRAY8", "L", 1, 37, 23,
         ["videotestsrc", "num-buffers=2", "pattern=snow"]),
        ("GRAY8 gradient", "GRAY8", "L", 1, 64, 48,
         ["videotestsrc", "num-buffers=1", "pattern=gradient"]),
    ]
    with tempfile.TemporaryDirectory(prefix="interop_png_") as tmp:
        for n, (name, fmt, mode, bpp, w, h, src) in enumerate(cases):
            txt = os.path.join(tmp, "enc.txt")
            raw = os.path.join(tmp, "ref.raw")
            uri = n % 2 == 1
            caps = "video/x-raw,format=%s,width=%d,height=%d" % (fmt, w, h)
            try:
                gst_launch(src + ["!", caps, "!", "tee", "name=t", "!", "queue",
                           "!", "b64imgenc", "image-format=png",
                           "data-uri=%s" % ("true" if uri else "false"),
                           "!", "filesink", "location=" + txt,
                           "t.", "!", "queue", "!", "filesink",
                           "location=" + raw], timeout=120)
            except Exception as e:             # pylint: disable=broad-except
                check(False, "encode %s" % name, str(e))
                continue
            with open(txt, "rb") as f:
                lines = f.read().split(b"\n")
            with open(raw, "rb") as f:
                ref = f.read()
            frame = stride_of(w, bpp) * h
            nframes = len(ref) // frame
            check(lines[-1] == b"" and len(lines) - 1 == nframes and
                  len(ref) == nframes * frame,
                  "%s: one line per frame (%d)" % (name, nframes),
                  "%d lines, %d raw bytes" % (len(lines) - 1, len(ref)))
            alphas = set()
            for i, line in enumerate(lines[:-1]):
                text = line.decode("ascii")
                if uri:
                    if not check(text.startswith(DATA_URI),
                                 "%s frame %d: data URI prefix" % (name, i)):
                        continue
                    text = text[len(DATA_URI):]
                try:
                    im = Image.open(io.BytesIO(base64.b64decode(
                        text, validate=True)))
                    im.load()
                except Exception as e:         # pylint: disable=broad-except
                    check(False, "%s frame %d opens in Pillow" % (name, i),
                          str(e))
                    continue
                want = unpad(ref[i * frame:(i + 1) * frame], w, h, bpp)
                check(im.format == "PNG" and im.mode == mode and
                      im.size == (w, h),
                      "%s frame %d: PNG %s %dx%d" % (name, i, mode, w, h),
                      "got %s %s %s" % (im.format, im.mode, im.size))
                got = im.tobytes()
                check(got == want, "%s frame %d: Pillow's pixels equal "
                      "GStreamer's" % (name, i), first_diff(got, want))
                if mode == "RGBA":
                    alphas.update(np.frombuffer(want, np.uint8)[3::4]
                                  .tolist())
            if fmt == "RGBA":
                # the source really had non-trivial alpha to keep
                check(alphas and min(alphas) < 255, "%s: the frames have "
                      "translucent pixels (%d alpha values)" %
                      (name, len(alphas)))


def main():
    t0 = time.monotonic()
    if not os.environ.get("GST_PLUGIN_PATH_1_0"):
        print("note: GST_PLUGIN_PATH_1_0 not set, using installed plugins")
    for part in (part1, part2):
        try:
            part()
        except Exception as e:                 # pylint: disable=broad-except
            check(False, part.__name__, repr(e))
    return summary(" (%.1f s)" % (time.monotonic() - t0))


if __name__ == "__main__":
    sys.exit(main())
