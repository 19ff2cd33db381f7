#!/usr/bin/python3
# b64img — wrapped base64 in stream mode, made by the real tools: coreutils
# `base64` (76 columns), `openssl base64` (64), Python's
# base64.encodebytes (76, LF) and MIME (email.base64mime, 76, CRLF).
#
# Three JPEGs (PIL, one with an EXIF thumbnail) and a PNG, each wrapped by
# each tool, are concatenated with and without blank lines between them
# and fed to b64imgdec through filesrc at several blocksizes, fdsrc (a
# pipe) and tcpclientsrc (a Python server sending small pieces). Every
# image must come out once, in order, with PIL's pixels (JPEG max abs diff
# <= 1, PNG exact), and without a warning (with --no-png, for a build
# without libspng, the PNG is a fourth JPEG). A one-image-per-line file with
# a truncated JPEG among the lines must give every good line.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import email.base64mime
import os
import socket
import subprocess
import sys
import threading

import numpy as np
from PIL import Image

from b64imgtest import (TIMEOUT, check, encoded, main, max_diff, picture,
                        pil_rgb, run, scratch_dir, tool)

W, H = 96, 64
PNG = '--no-png' not in sys.argv  # b64imgdec built without libspng
BLOCKSIZES = [1, 7, 64, 77, 1000, 4096, 65536]

tmp = scratch_dir('b64img-wrapped-')


def images():
    """[(file bytes, RGB pixels PIL decodes)]: JPEGs and a PNG."""
    out = []
    for i, kw in enumerate([{'quality': 90}, {'quality': 60,
                                              'progressive': True},
                            {'quality': 80}]):
        im = Image.fromarray(picture(W, H, i, noise=6))
        if i == 2:
            # an EXIF block holding a JPEG thumbnail: its EOI is not the end
            exif = Image.Exif()
            exif[0x010e] = 'b64img'
            kw = dict(kw, exif=exif.tobytes() +
                      encoded(im.resize((16, 12)), 'JPEG'))
        out.append(encoded(im, 'JPEG', **kw))
    out.append(encoded(picture(W, H, 3, noise=6), 'PNG' if PNG else 'JPEG'))
    return [(data, pil_rgb(data)) for data in out]


def wrap_coreutils(data):
    return tool(['base64'], data)


def wrap_openssl(data):
    return tool(['openssl', 'base64'], data)


def wrap_python(data):
    return base64.encodebytes(data)


def wrap_mime(data):
    return email.base64mime.body_encode(data, maxlinelen=76,
                                        eol='\r\n').encode()


TOOLS = [('coreutils base64', wrap_coreutils, 76),
         ('openssl base64', wrap_openssl, 64),
         ('python encodebytes', wrap_python, 76),
         ('MIME CRLF', wrap_mime, 76)]

TAIL = ['!', 'b64imgdec', '!', 'video/x-raw,format=RGB', '!',
        'filesink', 'location=']


def decode(src, out, stdin=None):
    # not -q: gst-launch-1.0 prints warning messages only without it
    args = ['gst-launch-1.0'] + src + TAIL[:-1] + [TAIL[-1] + out]
    return run(args, stdin=stdin, merge=True)


def check_output(res, out, refs, what):
    log = res.stdout.decode(errors='replace')
    warnings = [l for l in log.splitlines() if 'WARNING' in l or
                'ERROR' in l]
    check(res.returncode == 0 and not warnings,
          '%s: exit %d, no warning %s' % (what, res.returncode,
                                          ' '.join(warnings)[:300]))
    check_frames(out, refs, what)


def check_frames(out, refs, what):
    try:
        with open(out, 'rb') as f:
            raw = f.read()
    except OSError:
        raw = b''
    frame = W * H * 3
    check(len(raw) == frame * len(refs),
          '%s: %d frames (want %d)' % (what, len(raw) // frame, len(refs)))
    if len(raw) != frame * len(refs):
        return
    worst = 0
    for i, (data, ref) in enumerate(refs):
        got = np.frombuffer(raw[i * frame:(i + 1) * frame],
                            np.uint8).reshape(H, W, 3)
        diff = max_diff(got, ref)
        limit = 0 if data.startswith(b'\x89PNG') else 1
        worst = max(worst, diff - limit)
    check(worst <= 0, '%s: pixels as PIL decodes them' % what)


def tcp_source(text, what, refs):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    port = server.getsockname()[1]

    def send():
        conn, _ = server.accept()
        for i in range(0, len(text), 333):
            conn.sendall(text[i:i + 333])
        conn.close()

    t = threading.Thread(target=send)
    t.start()
    out = os.path.join(tmp, 'tcp.rgb')
    res = decode(['tcpclientsrc', 'host=127.0.0.1', 'port=%d' % port,
                  'blocksize=97'], out)
    t.join(TIMEOUT)
    server.close()
    check_output(res, out, refs, what)


def wrapped_streams():
    imgs = images()
    for name, wrap, width in TOOLS:
        texts = [wrap(data) for data, _ in imgs]
        lines = texts[0].split(b'\n')
        check(len(lines) > 3 and len(lines[0].rstrip(b'\r')) == width,
              '%s wraps at %d' % (name, width))
        eol = b'\r\n' if texts[0].endswith(b'\r\n') else b'\n'
        for sep_name, sep in [('no blank line', b''),
                              ('blank lines', eol)]:
            text = sep.join(texts)
            path = os.path.join(tmp, 'in.b64')
            with open(path, 'wb') as f:
                f.write(text)
            what = '%s, %s' % (name, sep_name)
            for bs in BLOCKSIZES:
                out = os.path.join(tmp, 'out.rgb')
                res = decode(['filesrc', 'location=' + path,
                              'blocksize=%d' % bs], out)
                check_output(res, out, imgs, '%s, filesrc blocksize=%d' %
                             (what, bs))
            with open(path, 'rb') as f:
                out = os.path.join(tmp, 'fd.rgb')
                res = decode(['fdsrc', 'fd=0', 'blocksize=113'], out, stdin=f)
            check_output(res, out, imgs, what + ', fdsrc')
            tcp_source(text, what + ', tcpclientsrc', imgs)

    # one image per line, a truncated JPEG among them
    good = [base64.b64encode(d) for d, _ in imgs]
    cut = base64.b64encode(imgs[0][0][:len(imgs[0][0]) // 2])
    path = os.path.join(tmp, 'lines.b64')
    with open(path, 'wb') as f:
        f.write(b'\n'.join([good[0], cut, good[1], good[2], good[3]]) + b'\n')
    for bs in [1, 4096]:
        out = os.path.join(tmp, 'lines.rgb')
        res = decode(['filesrc', 'location=' + path, 'blocksize=%d' % bs],
                     out)
        log = res.stdout.decode(errors='replace')
        check(log.count('WARNING') == 1 and 'Premature end' in log,
              'one image per line, blocksize=%d: one warning, for the '
              'truncated line' % bs)
        res = subprocess.CompletedProcess(res.args, res.returncode, b'')
        check_frames(out, imgs, 'one image per line with a truncated '
                     'one, blocksize=%d' % bs)


if __name__ == '__main__':
    main(wrapped_streams)
