#!/usr/bin/python3
# b64img — writes the seed corpus of one fuzz target (tests/fuzz).
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: make_seeds.py TARGET OUTDIR
# Seeds follow the input layout each fuzz_TARGET.c describes: a few header
# bytes of options, then text or pixels. Images are small (PIL, the system
# Python's), so that each run is fast.
import base64
import io
import json
import os
import random
import sys

from PIL import Image

rng = random.Random(9)


def picture(mode, w, h):
    im = Image.new("RGB", (w, h))
    im.putdata([((x * 255) // max(w - 1, 1), (y * 255) // max(h - 1, 1),
                 (x * y) & 255) for y in range(h) for x in range(w)])
    if mode == "RGBA":
        im.putalpha(Image.linear_gradient("L").resize((w, h)))
    elif mode == "I;16":  # 16-bit gray PNG
        im = im.convert("I").point(lambda v: v * 257).convert("I;16")
    elif mode != "RGB":
        im = im.convert(mode)
    return im


def image_files():
    out = []
    for w, h in ((16, 16), (17, 9), (1, 1), (33, 20)):
        for sub in (0, 1, 2):  # 4:4:4, 4:2:2, 4:2:0
            for prog in (False, True):
                b = io.BytesIO()
                picture("RGB", w, h).save(b, "JPEG", quality=80,
                                          subsampling=sub, progressive=prog)
                out.append(b.getvalue())
        b = io.BytesIO()
        picture("L", w, h).save(b, "JPEG")
        out.append(b.getvalue())
        b = io.BytesIO()
        picture("CMYK", w, h).save(b, "JPEG")
        out.append(b.getvalue())
        for mode in ("L", "RGB", "RGBA", "P", "I;16", "LA", "1"):
            b = io.BytesIO()
            picture(mode, w, h).save(b, "PNG")
            out.append(b.getvalue())
    return out


def texts(files):
    """Lines of base64 in the shapes b64imgdec takes."""
    out = []
    for i, f in enumerate(files):
        std = base64.b64encode(f)
        kind = i % 8
        if kind == 0:
            out.append(std)
        elif kind == 1:
            out.append(base64.urlsafe_b64encode(f).rstrip(b"="))
        elif kind == 2:
            mime = b"image/png" if f[:4] == b"\x89PNG" else b"image/jpeg"
            out.append(b"data:" + mime + b";base64," + std)
        elif kind == 3:  # coreutils base64: 76 columns
            out.append(b"\n".join(std[j:j + 76]
                                   for j in range(0, len(std), 76)))
        elif kind == 4:  # openssl base64 with CRLF: 64 columns
            out.append(b"\r\n".join(std[j:j + 64]
                                     for j in range(0, len(std), 64)))
        elif kind == 5:
            out.append(b"\r\n ".join(std[j:j + 76]
                                     for j in range(0, len(std), 76)))
        elif kind == 6:  # a JSON line, "/" escaped as JSON may write it
            out.append(b'{"pts": %d, "image": "%s"}'
                       % (i * 33333333, std.replace(b"/", b"\\/")))
        else:
            out.append(b"  " + std + b"\t\r")
    return out


def write(outdir, seeds):
    os.makedirs(outdir, exist_ok=True)
    for name in os.listdir(outdir):
        os.remove(os.path.join(outdir, name))
    for i, s in enumerate(seeds):
        with open(os.path.join(outdir, "seed-%03d" % i), "wb") as fh:
            fh.write(s)


def codec_seeds():
    seeds = []
    for n in (0, 1, 2, 3, 4, 31, 32, 33, 95, 96, 97, 200, 1000):
        raw = bytes(rng.randrange(256) for _ in range(n))
        for flags in range(16):
            std = base64.b64encode(raw)
            if flags & 4:
                std = base64.urlsafe_b64encode(raw)
            if flags & 8:
                std = std.rstrip(b"=")
            if flags & 1 and len(std) > 8:
                std = std[:5] + b" \t" + std[5:]
            if flags & 2 and len(std) > 8:
                std = std[:7] + b"\n" + std[7:]
            seeds.append(bytes([flags, rng.randrange(256)]) + std)
    seeds += [b"\x03\x10" + b"A" * 64 + b"=" + b"A" * 64,
              b"\x03\x10" + b"QUJD+/-_",
              b"\x01\x00" + b"QUJD\nQUJD",
              b"\x03\x05" + b"QQ===="]
    return seeds


def framer_seeds(files):
    seeds = []
    lines = texts(files)
    for i in range(0, len(lines), 3):
        body = b"\n".join(lines[i:i + 3]) + b"\n\n  \r\n"
        for opts in (0, 2, 4, 6, 1):
            hdr = bytes([opts] + [rng.randrange(256) for _ in range(6)])
            seeds.append(hdr + (lines[i] if opts & 1 else body))
    seeds.append(bytes(7) + b"data:;base64,\ndata:text/plain,abc\nAA==\n=\n"
                 b'{"a": [1, {"b": "QUJD"}], "c": "\\u0041\\u0041=="}\n{"x"\n')
    seeds.append(bytes([6, 0, 1, 2, 3, 4, 5]) + b"QUJD" * 2000 + b"\nQUJD\n")
    return seeds


def json_seeds(files):
    """JSON objects as web services carry images, good and broken; the
    header picks stream mode, the pointer and the pieces."""
    docs = []
    for i, f in enumerate(files[:6]):
        std = base64.b64encode(f).decode()
        docs += [{"pts": i * 33333333, "image": std},
                 {"data": [{"revised_prompt": "a \"q\" /9", "b64_json": std}]},
                 {"type": "image_url",
                  "image_url": {"url": "data:image/jpeg;base64," + std}},
                 {"a/b": [None, std[:40]], "n": [1, -2.5e3, True, {}]}]
    seeds = []
    for i, d in enumerate(docs):
        text = json.dumps(d).encode()
        if i % 3 == 1:
            text = text.replace(b"/", b"\\/")
        hdr = bytes([i % 8] + [rng.randrange(256) for _ in range(6)])
        seeds.append(hdr + text + (b"\n" if i % 2 else b""))
    seeds += [bytes(7) + b'{"image": "/9j/AAAA',
              bytes(7) + b'{"a": ' + b"[" * 300,
              bytes(7) + b'{"i": "\\u002F9j\\u002f!", "pts": 99999999999999999999}',
              bytes([1] + [0] * 6) + b'{"x": "a\nb", "image": "iVBORw0KGgo"}']
    return seeds


def dec_seeds(files):
    seeds = []
    lines = texts(files)
    for i, line in enumerate(lines):
        opts = [0, 1, 2, 4, 8, 16, 32][i % 7]
        fmt = 0 if i % 3 else rng.randrange(1, 26)
        text = line if opts & 1 else line + b"\n" + lines[i - 1] + b"\n"
        seeds.append(bytes([opts, fmt, rng.randrange(256)]) + text)
    # a long line, and two framed images
    seeds.append(bytes([0, 0, 255]) + b"QUJD" * 50000 + b"\n" + lines[0] + b"\n")
    seeds.append(bytes([1, 0, 0]) + lines[0] + b"\0" + lines[1])
    return seeds


def enc_seeds():
    seeds = []
    for i in range(48):
        pix = bytes(rng.randrange(256) for _ in range(rng.choice((1, 64, 999))))
        hdr = [i % 21, rng.randrange(64), rng.randrange(64),
               rng.randrange(128), rng.randrange(100), rng.randrange(5),
               rng.randrange(10)]
        seeds.append(bytes(hdr) + pix)
    return seeds


def main():
    target, outdir = sys.argv[1], sys.argv[2]
    if target == "b64codec":
        seeds = codec_seeds()
    elif target == "b64framer":
        seeds = framer_seeds(image_files())
    elif target == "b64json":
        seeds = json_seeds(image_files())
    elif target == "b64imgdec":
        seeds = dec_seeds(image_files())
    elif target == "b64imgenc":
        seeds = enc_seeds()
    else:
        sys.exit("make_seeds.py: no seeds for target %s" % target)
    write(outdir, seeds)


main()
