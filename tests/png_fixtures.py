# b64img — PNG fixtures, made by the build (tests/meson.build) into the
# build directory: files written by Pillow, by ImageMagick and by small
# independent encoders below, each with the pixels it must decode to.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: png_fixtures.py make DIR     -> DIR/*.png, DIR/*.ref, DIR/manifest.txt
#                                        for test_b64png (the wrapper)
#        png_fixtures.py elements DIR -> the same for the element tests
#                                        (test_b64imgpng_*)
#        png_fixtures.py dump FILE..  -> FILE.pil: Pillow's decode of FILE
#
# A .ref is RGBA, 16-bit big-endian when the manifest says 16 (exact
# values), else 8-bit (what Pillow decodes; Pillow has no 48/64-bit RGB).
# "make" manifest lines: name width height colour_type bit_depth interlace
# has_alpha ref_bits. "elements" manifest lines: name width height
# native_format ref_bits gray.

import os
import random
import struct
import subprocess
import sys
import zlib

from PIL import Image

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + \
        struct.pack(">I", zlib.crc32(body) & 0xffffffff)


def pack_row(samples, depth):
    """Packs a row of samples (a flat list) at depth bits each."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray([kind])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev else 0
        c = prev[i - bpp] if prev and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - pred) & 0xff)
    return bytes(out)


def encode(path, w, h, ct, depth, pixels, plte=None, trns=None,
           interlace=False):
    """Writes a PNG of pixels[y][x] (tuples of samples), cycling through
    the five filter types."""
    bpp = max(1, CHANNELS[ct] * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw, n = bytearray(), 0
    for x0, y0, dx, dy in passes:
        prev = None
        for y in range(y0, h, dy):
            xs = range(x0, w, dx)
            if not xs:
                continue
            flat = [s for x in xs for s in pixels[y][x]]
            row = pack_row(flat, depth)
            raw += filter_row(n % 5, row, prev, bpp)
            prev, n = row, n + 1
    png = SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ct,
                                                 0, 0, 1 if interlace else 0))
    if plte:
        png += chunk(b"PLTE", b"".join(bytes(c) for c in plte))
    if trns is not None:
        png += chunk(b"tRNS", trns)
    data = zlib.compress(bytes(raw), 9)
    # Two IDAT chunks, to exercise chunk boundaries inside the stream.
    png += chunk(b"IDAT", data[:len(data) // 2])
    png += chunk(b"IDAT", data[len(data) // 2:])
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def png_header(path):
    with open(path, "rb") as f:
        data = f.read()
    w, h, depth, ct, _, _, il = struct.unpack(">IIBBBBB", data[16:29])
    idat = data.find(b"IDAT")
    has_alpha = ct in (4, 6) or b"tRNS" in data[:idat]
    return w, h, ct, depth, il, int(has_alpha)


class Maker:
    def __init__(self, out):
        self.out = out
        self.manifest = []

    def add(self, name, ref, ref_bits):
        path = os.path.join(self.out, name + ".png")
        w, h, ct, depth, il, alpha = png_header(path)
        fmt = ">%dH" % len(ref) if ref_bits == 16 else None
        with open(os.path.join(self.out, name + ".ref"), "wb") as f:
            f.write(struct.pack(fmt, *ref) if fmt else bytes(ref))
        self.manifest.append("%s %d %d %d %d %d %d %d" %
                             (name, w, h, ct, depth, il, alpha, ref_bits))

    def pil(self, name, im, **save):
        """Saves im with Pillow; the reference is Pillow's own decode."""
        path = os.path.join(self.out, name + ".png")
        im.save(path, **save)
        self.add_pil_ref(name)

    def add_pil_ref(self, name):
        back = Image.open(os.path.join(self.out, name + ".png"))
        if back.mode in ("I", "I;16"):
            ref = [c for v in back.getdata() for c in (v, v, v, 65535)]
            self.add(name, ref, 16)
        else:
            self.add(name, back.convert("RGBA").tobytes(), 8)

    def magick(self, name, src, *args):
        """Re-encodes src with ImageMagick, e.g. to Adam7."""
        subprocess.run(["convert", os.path.join(self.out, src + ".png")] +
                       list(args) + [os.path.join(self.out, name + ".png")],
                       check=True)
        self.add_pil_ref(name)

    def own(self, name, w, h, ct, depth, interlace, rnd, trns_mode=False):
        """Random pixels through the encoder above; exact reference."""
        top = (1 << depth) - 1
        scale = 65535 // top
        plte, trns = None, None
        if ct == 3:
            n = min(1 << depth, 6)
            plte = [tuple(rnd.randrange(256) for _ in range(3))
                    for _ in range(n)]
            top = n - 1
        pixels = [[tuple(rnd.randint(0, top) for _ in range(CHANNELS[ct]))
                   for _ in range(w)] for _ in range(h)]
        key = pixels[0][0]
        if trns_mode:
            if ct == 3:
                trns = bytes(rnd.randrange(256) for _ in range(n - 1))
            else:
                trns = b"".join(struct.pack(">H", s) for s in key)
        encode(os.path.join(self.out, name + ".png"), w, h, ct, depth,
               pixels, plte, trns, interlace)
        ref = []
        for row in pixels:
            for px in row:
                if ct == 3:
                    i = px[0]
                    rgb = [c * 257 for c in plte[i]]
                    a = trns[i] * 257 if trns and i < len(trns) else 65535
                else:
                    s = [c * scale for c in px]
                    rgb = s[:3] if ct in (2, 6) else [s[0]] * 3
                    a = s[-1] if ct in (4, 6) else 65535
                    if trns and px == key:
                        a = 0
                ref += rgb + [a]
        self.add(name, ref, 16)

    def bombs(self):
        """Small images with a deflate stream that inflates to 1 GiB: as
        image data (16x16 gray), or in a zTXt or iCCP chunk."""
        data = bomb_stream(1024)
        ihdr, idat, iend = bomb_chunks()
        ztxt = chunk(b"zTXt", b"Comment\0\0" + data)
        iccp = chunk(b"iCCP", b"icc\0\0" + data)
        for name, png in (("idat", ihdr + chunk(b"IDAT", data) + iend),
                          ("ztxt", ihdr + ztxt + idat + iend),
                          ("iccp", ihdr + iccp + idat + iend),
                          ("ztxt_after", ihdr + idat + ztxt + iend)):
            write_bomb(self.out, name, png)


def bomb_stream(mib):
    """A deflate stream of mib MiB of zeros."""
    z = zlib.compressobj(9)
    block = bytes(1 << 20)
    return b"".join(z.compress(block) for _ in range(mib)) + z.flush()


def bomb_chunks():
    """IHDR (16x16 gray), a good IDAT for it, IEND."""
    return (chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)),
            chunk(b"IDAT", zlib.compress(bytes(17 * 16))),
            chunk(b"IEND", b""))


def write_bomb(out, name, png):
    with open(os.path.join(out, "bomb_%s.bin" % name), "wb") as f:
        f.write(SIGNATURE + png)


def pil_images(m, rnd, w, h):
    def rand_bytes(n):
        return bytes(rnd.randrange(256) for _ in range(n))

    sz = "%dx%d" % (w, h)
    for mode, n in (("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)):
        im = Image.frombytes(mode, (w, h), rand_bytes(w * h * n))
        m.pil("pil_%s_%s" % (mode, sz), im)
    m.pil("pil_1_" + sz, Image.frombytes("L", (w, h), rand_bytes(w * h))
          .convert("1"))
    gray = Image.frombytes("L", (w, h), bytes(rnd.choice((7, 99, 200))
                                              for _ in range(w * h)))
    m.pil("pil_Ltrns_" + sz, gray, transparency=99)
    rgb = Image.frombytes("RGB", (w, h), bytes(
        c for _ in range(w * h) for c in rnd.choice(((1, 2, 3), (9, 8, 7)))))
    m.pil("pil_RGBtrns_" + sz, rgb, transparency=(9, 8, 7))
    i16 = Image.new("I;16", (w, h))
    i16.putdata([rnd.randrange(65536) for _ in range(w * h)])
    m.pil("pil_I16_" + sz, i16)
    for bits in (1, 2, 4, 8):
        n = 1 << bits
        p = Image.frombytes("P", (w, h),
                            bytes(rnd.randrange(n) for _ in range(w * h)))
        p.putpalette(list(rand_bytes(3 * n)))
        m.pil("pil_P%d_%s" % (bits, sz), p, bits=bits)
        m.pil("pil_P%dtrns_%s" % (bits, sz), p, bits=bits,
              transparency=rand_bytes(n - 1))


def make(out):
    rnd = random.Random(2026)
    m = Maker(out)
    for w, h in ((1, 1), (3, 3), (17, 9)):
        pil_images(m, rnd, w, h)
        sz = "%dx%d" % (w, h)
        for il in (0, 1):
            for ct, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)),
                               (3, (1, 2, 4, 8)), (4, (8, 16)),
                               (6, (8, 16))):
                for d in depths:
                    base = "own_c%dd%d%s_%s" % (ct, d, "i" if il else "", sz)
                    m.own(base, w, h, ct, d, il, rnd)
                    if ct in (0, 2, 3):
                        m.own(base + "_trns", w, h, ct, d, il, rnd, True)
    for src in ("pil_RGBA_17x9", "pil_P4trns_17x9", "pil_L_3x3",
                "pil_Ltrns_17x9", "pil_I16_17x9"):
        m.magick("im_adam7_" + src, src, "-interlace", "PNG")
    subprocess.run(["convert", "-size", "7x5", "gradient:red-blue",
                    "-depth", "16", "PNG48:" + os.path.join(out,
                                                           "im_rgb48.png")],
                   check=True)
    m.add_pil_ref("im_rgb48")
    m.bombs()
    with open(os.path.join(out, "manifest.txt"), "w") as f:
        f.write("\n".join(m.manifest) + "\n")
    return len(m.manifest)


class ElementMaker:
    """The element tests' fixtures: Pillow's files, with Pillow's decode as
    the reference, and 16-bit colour, gray+alpha 16 and Adam7 files from
    the small unfiltered encoder in own(), with exact references."""

    def __init__(self, out):
        self.out = out
        self.manifest = []
        self.rnd = random.Random(2026)

    def rand_bytes(self, n):
        return bytes(self.rnd.randrange(256) for _ in range(n))

    def put(self, name, w, h, native, gray, ref, bits):
        with open(os.path.join(self.out, name + ".ref"), "wb") as f:
            f.write(bytes(ref) if bits == 8 else
                    struct.pack(">%dH" % len(ref), *ref))
        self.manifest.append("%s %d %d %s %d %d" %
                             (name, w, h, native, bits, gray))

    def pil(self, name, im, native, gray, **save):
        path = os.path.join(self.out, name + ".png")
        im.save(path, **save)
        back = Image.open(path)
        self.put(name, im.width, im.height, native, gray,
                 back.convert("RGBA").tobytes(), 8)

    def own(self, name, w, h, ct, depth, px, native, gray, ref, trns=None,
            il=0):
        raw = b""
        for x0, y0, dx, dy in (ADAM7 if il else ((0, 0, 1, 1),)):
            for y in range(y0, h, dy):
                s = [v for x in range(x0, w, dx) for v in px[y][x]]
                if s:
                    raw += bytes([0]) + (struct.pack(">%dH" % len(s), *s)
                                         if depth == 16 else bytes(s))
        png = SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth,
                                                     ct, 0, 0, il))
        if trns is not None:
            png += chunk(b"tRNS", trns)
        png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
        with open(os.path.join(self.out, name + ".png"), "wb") as f:
            f.write(png)
        self.put(name, w, h, native, gray, ref, depth)

    def grid(self, w, h, n, top):
        return [[tuple(self.rnd.randint(0, top) for _ in range(n))
                 for x in range(w)] for y in range(h)]

    def pil_images(self, w, h):
        rnd, rb, pil = self.rnd, self.rand_bytes, self.pil
        sz = "_%dx%d" % (w, h)
        n = w * h
        pil("L" + sz, Image.frombytes("L", (w, h), rb(n)), "GRAY8", 1)
        pil("1" + sz, Image.frombytes("L", (w, h), rb(n)).convert("1"),
            "GRAY8", 1)
        g = Image.frombytes("L", (w, h),
                            bytes(rnd.choice((7, 99, 200)) for _ in range(n)))
        pil("Ltrns" + sz, g, "RGBA", 1, transparency=99)
        pil("LA" + sz, Image.frombytes("LA", (w, h), rb(2 * n)), "RGBA", 1)
        pil("RGB" + sz, Image.frombytes("RGB", (w, h), rb(3 * n)), "RGB", 0)
        c = Image.frombytes("RGB", (w, h), b"".join(
            rnd.choice((bytes((1, 2, 3)), bytes((9, 8, 7))))
            for _ in range(n)))
        pil("RGBtrns" + sz, c, "RGBA", 0, transparency=(9, 8, 7))
        pil("RGBA" + sz, Image.frombytes("RGBA", (w, h), rb(4 * n)), "RGBA",
            0)
        p = Image.frombytes("P", (w, h), bytes(rnd.randrange(16)
                                               for _ in range(n)))
        p.putpalette(list(rb(48)))
        pil("P4" + sz, p, "RGB", 0, bits=4)
        pil("P4trns" + sz, p, "RGBA", 0, bits=4, transparency=rb(16))
        p8 = Image.frombytes("P", (w, h), rb(n))
        p8.putpalette(list(rb(768)))
        pil("P8" + sz, p8, "RGB", 0)
        pil("P8trns" + sz, p8, "RGBA", 0, transparency=rb(256))
        v = [rnd.randrange(65536) for _ in range(n)]
        i16 = Image.new("I;16", (w, h))
        i16.putdata(v)
        i16.save(os.path.join(self.out, "I16" + sz + ".png"))
        self.put("I16" + sz, w, h, "GRAY8", 1,
                 [s for x in v for s in (x, x, x, 65535)], 16)

    def own_images(self, w, h):
        sz = "_%dx%d" % (w, h)
        px = self.grid(w, h, 3, 65535)
        self.own("RGB16" + sz, w, h, 2, 16, px, "RGB", 0,
                 [s for r in px for p in r for s in p + (65535,)])
        px = self.grid(w, h, 2, 65535)
        self.own("GA16" + sz, w, h, 4, 16, px, "RGBA", 1,
                 [s for r in px for p in r for s in (p[0], p[0], p[0], p[1])])
        px = self.grid(w, h, 4, 65535)
        self.own("RGBA16i" + sz, w, h, 6, 16, px, "RGBA", 0,
                 [s for r in px for p in r for s in p], il=1)
        px = [[(self.rnd.choice((5, 40000, 65535)),) for x in range(w)]
              for y in range(h)]
        self.own("G16trns" + sz, w, h, 0, 16, px, "RGBA", 1,
                 [s for r in px for p in r for s in
                  (p[0], p[0], p[0], 0 if p[0] == 40000 else 65535)],
                 trns=struct.pack(">H", 40000))
        px = self.grid(w, h, 4, 255)
        self.own("RGBA8i" + sz, w, h, 6, 8, px, "RGBA", 0,
                 [s for r in px for p in r for s in p], il=1)

    def bombs(self):
        """16x16 gray images whose deflate stream inflates to 256 MiB: as
        image data, or in a zTXt chunk before it."""
        data = bomb_stream(256)
        ihdr, idat, iend = bomb_chunks()
        write_bomb(self.out, "idat", ihdr + chunk(b"IDAT", data) + iend)
        write_bomb(self.out, "ztxt", ihdr +
                   chunk(b"zTXt", b"Comment" + bytes(2) + data) + idat + iend)


def make_elements(out):
    m = ElementMaker(out)
    for w, h in ((1, 1), (13, 7)):
        m.pil_images(w, h)
        m.own_images(w, h)
    m.bombs()
    with open(os.path.join(out, "manifest.txt"), "w") as f:
        f.write("".join(line + "\n" for line in m.manifest))
    return len(m.manifest)


def dump(paths):
    for path in paths:
        im = Image.open(path)
        if im.mode in ("I", "I;16"):
            data = b"".join(struct.pack(">H", v) for v in im.getdata())
        else:
            data = im.convert("RGBA").tobytes()
        with open(path + ".pil", "wb") as f:
            f.write(data)


if __name__ == "__main__":
    if sys.argv[1] in ("make", "elements"):
        os.makedirs(sys.argv[2], exist_ok=True)
        n = (make if sys.argv[1] == "make" else make_elements)(sys.argv[2])
        print("%d fixtures in %s" % (n, sys.argv[2]))
    else:
        dump(sys.argv[2:])
