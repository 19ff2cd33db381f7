#!/usr/bin/python3
# b64img — interoperability of b64imgdec with base64 JPEG text made the way
# people make it today: OpenCV's cv2.imencode + base64.b64encode, PIL's
# Image.save(format='JPEG') + b64encode, and JPEGs from libjpeg-turbo's
# cjpeg/jpegtran and ImageMagick, as plain, data-URI and URL-safe unpadded
# base64 lines.
#
# Each JPEG is decoded by gst-launch-1.0 (filesrc ! b64imgdec ! ...) and
# compared with PIL's decode of the same bytes (Image.open().convert('RGB')):
#  - "direct": b64imgdec ! video/x-raw,format=RGB — the decoder's own RGB
#    path (TurboJPEG, like PIL's libjpeg-turbo, default settings):
#    max abs diff <= DIRECT_MAX (CMYK: CMYK_MAX, the decoder converts CMYK
#    to RGB itself);
#  - "videoconvert": b64imgdec ! videoconvert ! video/x-raw,format=RGB —
#    the native YUV layout converted by GStreamer, whose chroma upsampling
#    and integer matrix differ from libjpeg's: mean abs diff <= VC_MEAN and
#    max <= VC_MAX (measured on this picture, whose sharp red block makes
#    4:2:0 chroma differ: mean ~4, max ~50), and mean no worse than
#    GStreamer's own `jpegdec ! videoconvert` on the same file plus
#    VC_VS_JPEGDEC.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import io
import os
import subprocess

import cv2
import numpy as np
from PIL import Image

import b64imgtest
from b64imgtest import (b64_line, check, encoded, gst_output, picture, run,
                        scratch_dir, tool)

DIRECT_MAX = 1
CMYK_MAX = 2
VC_MEAN = 5.0
VC_MAX = 64
VC_VS_JPEGDEC = 0.25

W, H = 37, 23

tmp = scratch_dir('b64img-interop-')


def test_image(w, h):
    """A smooth picture with some edges (a red block) and a little
    texture, RGB uint8: the one the bounds above were measured on."""
    return picture(w, h, seed=1, noise=4, block=True)


def ppm(img):
    h, w = img.shape[:2]
    return b'P6\n%d %d\n255\n' % (w, h) + img.tobytes()


def pgm(img):
    h, w = img.shape[:2]
    return b'P5\n%d %d\n255\n' % (w, h) + img.tobytes()


def decode(text_path, pipeline_tail, name):
    return gst_output(['filesrc', 'location=' + text_path, '!', 'b64imgdec',
                       '!'] + pipeline_tail, os.path.join(tmp, name + '.raw'))


def frames_of(raw, n_frames, w, h):
    """RGB frames as GStreamer lays them out: rows padded to 4 bytes."""
    stride = (w * 3 + 3) // 4 * 4
    if len(raw) != n_frames * stride * h:
        return None
    a = np.frombuffer(raw, np.uint8).reshape(n_frames, h, stride)
    return a[:, :, :w * 3].reshape(n_frames, h, w, 3)


def compare(raw, ref, n_frames, what, max_ok, mean_ok=None):
    h, w = ref.shape[:2]
    if raw is None:
        check(False, what + ': pipeline failed')
        return
    got = frames_of(raw, n_frames, w, h)
    if got is None:
        check(False, '%s: %d bytes, expected %d frames of %dx%d RGB' %
              (what, len(raw), n_frames, w, h))
        return
    for i in range(n_frames):
        d = np.abs(got[i].astype(int) - ref.astype(int))
        ok = d.max() <= max_ok and (mean_ok is None or d.mean() <= mean_ok)
        check(ok, '%s%s: max %d mean %.2f' %
              (what, ' frame %d' % i if n_frames > 1 else '',
               d.max(), d.mean()))


def make_cases():
    img = test_image(W, H)
    bgr = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    pil = Image.fromarray(img)
    cases = []

    ok, enc = cv2.imencode('.jpg', bgr)
    assert ok
    cases.append(('cv2.imencode', enc.tobytes()))
    big = test_image(641, 479)
    ok, enc = cv2.imencode('.jpg', cv2.cvtColor(big, cv2.COLOR_RGB2BGR))
    cases.append(('cv2.imencode 641x479', enc.tobytes()))
    cases.append(('PIL default', encoded(pil, 'JPEG')))
    for s in (0, 1, 2):
        cases.append(('PIL subsampling=%d' % s,
                      encoded(pil, 'JPEG', subsampling=s)))
    cases.append(('PIL progressive', encoded(pil, 'JPEG', progressive=True)))
    cases.append(('PIL L', encoded(pil.convert('L'), 'JPEG')))

    src = ppm(img)
    cjpeg = [
        ('cjpeg', []),
        ('cjpeg -progressive', ['-progressive']),
        ('cjpeg -arithmetic', ['-arithmetic']),
        ('cjpeg -restart 1', ['-restart', '1']),
        ('cjpeg -sample 2x2', ['-sample', '2x2']),
        ('cjpeg -sample 2x1', ['-sample', '2x1']),
        ('cjpeg -sample 1x2', ['-sample', '1x2']),
        ('cjpeg -sample 1x1', ['-sample', '1x1']),
        ('cjpeg -sample 4x1', ['-sample', '4x1']),
        # sampling factors TurboJPEG has no name for (libjpeg fallback)
        ('cjpeg -sample 3x1', ['-sample', '3x1']),
        ('cjpeg -sample 1x4', ['-sample', '1x4']),
        ('cjpeg -sample 2x2,1x2,1x1', ['-sample', '2x2,1x2,1x1']),
        ('cjpeg -progressive -sample 4x2', ['-progressive', '-sample', '4x2']),
        ('cjpeg -grayscale', ['-grayscale']),
        ('cjpeg -progressive -arithmetic -sample 1x2',
         ['-progressive', '-arithmetic', '-sample', '1x2']),
    ]
    for name, args in cjpeg:
        cases.append((name, tool(['cjpeg', '-quality', '85'] + args, src)))
    cases.append(('cjpeg gray input', tool(['cjpeg'], pgm(
        np.asarray(pil.convert('L'))))))
    base = tool(['cjpeg', '-quality', '85'], src)
    for name, args in [('jpegtran -progressive', ['-progressive']),
                       ('jpegtran -arithmetic', ['-arithmetic']),
                       ('jpegtran -restart 1', ['-restart', '1']),
                       ('jpegtran -restart 2B', ['-restart', '2B'])]:
        cases.append((name, tool(['jpegtran', '-copy', 'none'] + args,
                                 base)))
    return cases


def cmyk_case():
    png = os.path.join(tmp, 'in.png')
    jpg = os.path.join(tmp, 'cmyk.jpg')
    Image.fromarray(test_image(W, H)).save(png)
    r = run(['convert', png, '-colorspace', 'CMYK', jpg])
    if r.returncode != 0:
        raise RuntimeError('convert: ' + r.stderr.decode())
    with open(jpg, 'rb') as f:
        return f.read()


def broken_fallback_jpegs():
    """Truncated JPEGs with sampling factors TurboJPEG cannot name go
    through the libjpeg fallback: each is dropped with a warning, the good
    frames around them come out."""
    good = tool(['cjpeg', '-quality', '85', '-sample', '3x1'],
                ppm(test_image(W, H)))
    prog = tool(['cjpeg', '-progressive', '-sample', '1x4'],
                ppm(test_image(W, H)))
    lines = [good, good[:len(good) // 2], good, prog[:len(prog) // 2], good]
    path = os.path.join(tmp, 'fallback-bad.txt')
    with open(path, 'wb') as f:
        for jpeg in lines:
            f.write(base64.b64encode(jpeg) + b'\n')
    out = os.path.join(tmp, 'fallback-bad.raw')
    r = run(['gst-launch-1.0', 'filesrc', 'location=' + path, '!',
             'b64imgdec', '!', 'video/x-raw,format=RGB', '!', 'filesink',
             'location=' + out])
    text = (r.stdout + r.stderr).decode(errors='replace')
    warnings = text.count('Dropped a bad frame: JPEG')
    with open(out, 'rb') as f:
        got = frames_of(f.read(), 3, W, H)
    check(r.returncode == 0 and got is not None and warnings == 2,
          'truncated 3x1/1x4 JPEGs: 3 good frames out, %d warnings' %
          warnings)


def main():
    styles = ('plain', 'uri', 'url')
    cases = make_cases()
    try:
        cases.append(('ImageMagick CMYK', cmyk_case()))
    except (OSError, RuntimeError) as e:
        check(False, 'ImageMagick CMYK JPEG: %s' % e)

    same_size = []
    for i, (name, jpeg) in enumerate(cases):
        im = Image.open(io.BytesIO(jpeg))
        mode = im.mode
        ref = np.asarray(im.convert('RGB'))
        style = styles[i % len(styles)]
        line = b64_line(jpeg, style)
        path = os.path.join(tmp, 'case%02d.txt' % i)
        with open(path, 'wb') as f:
            f.write(line + b'\n')
        what = '%s (%s, %s %dx%d)' % (name, style, mode, ref.shape[1],
                                       ref.shape[0])
        direct = decode(path, ['video/x-raw,format=RGB'], 'direct%02d' % i)
        compare(direct, ref, 1, what + ' direct RGB',
                CMYK_MAX if mode == 'CMYK' else DIRECT_MAX)
        if mode != 'CMYK':
            vc = decode(path, ['videoconvert', '!', 'video/x-raw,format=RGB'],
                        'vc%02d' % i)
            compare(vc, ref, 1, what + ' via videoconvert', VC_MAX, VC_MEAN)
            # baseline: GStreamer's own jpegdec ! videoconvert on the file
            jpath = os.path.join(tmp, 'case%02d.jpg' % i)
            with open(jpath, 'wb') as f:
                f.write(jpeg)
            # (jpegdec cannot decode some samplings, and gst-launch-1.0
            # 1.22 then hangs now and then instead of exiting: 5 times in
            # 30 here, b64img not even loaded; no baseline then)
            try:
                r = run(['gst-launch-1.0', '-q', 'filesrc',
                         'location=' + jpath, '!', 'jpegdec', '!',
                         'videoconvert', '!', 'video/x-raw,format=RGB', '!',
                         'filesink', 'location=' + jpath + '.raw'],
                        timeout=20)
            except subprocess.TimeoutExpired:
                r = None
            if r is not None and r.returncode == 0:
                with open(jpath + '.raw', 'rb') as f:
                    jd = frames_of(f.read(), 1, ref.shape[1], ref.shape[0])
                if jd is not None and vc is not None:
                    ours = frames_of(vc, 1, ref.shape[1], ref.shape[0])
                    dj = np.abs(jd[0].astype(int) - ref.astype(int))
                    do = np.abs(ours[0].astype(int) - ref.astype(int))
                    check(do.mean() <= dj.mean() + VC_VS_JPEGDEC,
                          '%s via videoconvert no worse than jpegdec: '
                          'mean %.2f, jpegdec %.2f' %
                          (what, do.mean(), dj.mean()))
        if ref.shape[:2] == (H, W):
            same_size.append((line, ref))

    # all the 37x23 frames in one file, one per line: the decoder
    # renegotiates between samplings, the RGB output keeps its size
    path = os.path.join(tmp, 'all.txt')
    with open(path, 'wb') as f:
        for line, _ in same_size:
            f.write(line + b'\n')
    raw = decode(path, ['video/x-raw,format=RGB'], 'all')
    n = len(same_size)
    got = None if raw is None else frames_of(raw, n, W, H)
    if got is None:
        check(False, 'one file of %d lines: %s bytes, not %d frames' %
              (n, None if raw is None else len(raw), n))
    else:
        worst = max(int(np.abs(got[k].astype(int) - ref.astype(int)).max())
                    for k, (_, ref) in enumerate(same_size))
        check(worst <= CMYK_MAX, 'one file of %d lines, direct RGB: '
              'worst max diff %d' % (n, worst))

    broken_fallback_jpegs()


if __name__ == '__main__':
    b64imgtest.main(main)
