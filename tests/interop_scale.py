#!/usr/bin/python3
# b64img — scaled decoding and optimized encoding against OpenCV and PIL.
#
# 1. A camera-like JPEG (odd size, OpenCV's cv2.imencode, q85 4:2:0) as a
#    base64 line goes through `filesrc ! b64imgdec reduce=k ! video/x-raw,
#    format=... ! filesink`:
#    - BGR equals cv2.imread(..., IMREAD_REDUCED_COLOR_k) exactly;
#    - RGB equals PIL's Image.draft('RGB', ...) decode exactly;
#    - the Y plane of I420 equals the Y of PIL's draft('YCbCr', ...);
#    - with no reduce, caps asking for 1/4 of the size give the same BGR as
#      reduce=4 (and OpenCV's), with no videoscale.
# 2. PNG (RGBA, and RGB): reduce=k equals an area (box) average computed
#    here with numpy (partial boxes at the right and bottom edges).
# 3. b64imgenc optimize=true: PIL decodes exactly the pixels of
#    optimize=false, from less text.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import io
import os

import cv2
import numpy as np
from PIL import Image

import b64imgtest
from b64imgtest import check, gst_output, max_diff, scratch_dir

W, H = 333, 201
TIMEOUT = 120
REDUCED = {2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
           8: cv2.IMREAD_REDUCED_COLOR_8}

tmp = scratch_dir('b64img-scale-')


def camera_image(w, h):
    """Smooth gradients, soft shapes and sensor-like noise, BGR uint8."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    b = 90 + 60 * np.sin(x / 23.0) * np.cos(y / 31.0)
    g = 40 + 160 * x / w
    r = 60 + 150 * y / h
    img = np.stack([b, g, r], axis=-1)
    img[h // 4:h // 2, w // 3:w // 2] += (60, -20, 10)
    img += np.random.default_rng(7).normal(0, 3, img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(img, (3, 3), 0)


def gst(args, out_name):
    """The bytes a pipeline wrote to the file @out_name; None when it
    failed."""
    return gst_output(args, os.path.join(tmp, out_name), TIMEOUT)


def decode(text_path, dec_props, caps, name):
    return gst(['filesrc', 'location=' + text_path, '!', 'b64imgdec'] +
               dec_props + ['!', caps], name)


def packed(raw, w, h, bpp):
    """Rows padded to 4 bytes, as GStreamer lays out packed formats."""
    stride = (w * bpp + 3) // 4 * 4
    if raw is None or len(raw) != stride * h:
        return None
    a = np.frombuffer(raw, np.uint8).reshape(h, stride)
    return a[:, :w * bpp].reshape(h, w, bpp)


def i420_y(raw, w, h):
    stride = (w + 3) // 4 * 4
    if raw is None or len(raw) < stride * h:
        return None
    return np.frombuffer(raw, np.uint8)[:stride * h].reshape(h, stride)[:, :w]


def same(got, want, what):
    if got is None:
        check(False, what + ': no frame of the expected size')
        return
    diff = max_diff(got, want)
    check(diff == 0, '%s (%dx%d, %s)' % (
        what, want.shape[1], want.shape[0], 'max diff %d' % diff
        if diff is not None else 'got %s' % (got.shape,)))


def write_line(path, data):
    with open(path, 'wb') as f:
        f.write(base64.b64encode(data) + b'\n')


def pil_draft(jpeg, mode, k):
    im = Image.open(io.BytesIO(jpeg))
    im.draft(mode, (W // k, H // k))
    return np.asarray(im)


def test_jpeg():
    ok, buf = cv2.imencode('.jpg', camera_image(W, H),
                           [cv2.IMWRITE_JPEG_QUALITY, 85])
    jpeg = buf.tobytes()
    src = os.path.join(tmp, 'camera.jpg')
    with open(src, 'wb') as f:
        f.write(jpeg)
    text = os.path.join(tmp, 'camera.txt')
    write_line(text, jpeg)
    for k in (2, 4, 8):
        w, h = -(-W // k), -(-H // k)
        prop = ['reduce=%d' % k]
        cv = cv2.imread(src, REDUCED[k])
        same(packed(decode(text, prop, 'video/x-raw,format=BGR',
                           'bgr%d' % k), w, h, 3),
             cv, 'reduce=%d BGR = OpenCV IMREAD_REDUCED_COLOR_%d' % (k, k))
        same(packed(decode(text, prop, 'video/x-raw,format=RGB',
                           'rgb%d' % k), w, h, 3),
             pil_draft(jpeg, 'RGB', k), 'reduce=%d RGB = PIL draft' % k)
        ycc = pil_draft(jpeg, 'YCbCr', k)
        same(i420_y(decode(text, prop, 'video/x-raw,format=I420',
                           'i420%d' % k), w, h),
             ycc[:, :, 0], 'reduce=%d I420 luma = PIL draft YCbCr' % k)
    cv = cv2.imread(src, REDUCED[4])
    caps = 'video/x-raw,format=BGR,width=%d,height=%d' % (-(-W // 4),
                                                          -(-H // 4))
    same(packed(decode(text, [], caps, 'auto4'), -(-W // 4), -(-H // 4), 3),
         cv, 'caps asking for 1/4: OpenCV IMREAD_REDUCED_COLOR_4')


def box(img, k):
    """Area average over k x k pixels, partial boxes at the edges."""
    h, w = img.shape[:2]
    out = np.zeros((-(-h // k), -(-w // k), img.shape[2]), np.float64)
    for oy in range(out.shape[0]):
        for ox in range(out.shape[1]):
            out[oy, ox] = img[oy * k:oy * k + k,
                              ox * k:ox * k + k].reshape(-1, img.shape[2]) \
                .mean(axis=0)
    # the element rounds half up, as (sum + n / 2) / n
    return np.floor(out + 0.5 + 1e-9).astype(np.uint8)


def test_png():
    rng = np.random.default_rng(3)
    for mode, fmt, bpp in (('RGBA', 'RGBA', 4), ('RGB', 'RGB', 3)):
        img = rng.integers(0, 256, (37, 45, bpp), dtype=np.uint8)
        bio = io.BytesIO()
        Image.fromarray(img, mode).save(bio, format='PNG')
        text = os.path.join(tmp, 'png-%s.txt' % mode)
        write_line(text, bio.getvalue())
        for k in (2, 4, 8):
            want = box(img, k)
            got = packed(decode(text, ['reduce=%d' % k],
                                'video/x-raw,format=' + fmt,
                                'png%s%d' % (mode, k)),
                         want.shape[1], want.shape[0], bpp)
            same(got, want, 'PNG %s reduce=%d = numpy box filter' % (mode, k))


def test_optimize():
    raw = os.path.join(tmp, 'camera.bgr')
    img = camera_image(640, 480)
    with open(raw, 'wb') as f:
        f.write(img.tobytes())
    texts = {}
    for fmt in ('I420', 'RGB'):
        for opt in ('false', 'true'):
            texts[fmt, opt] = gst(
                ['filesrc', 'location=' + raw, 'blocksize=%d' % img.size, '!',
                 'rawvideoparse', 'width=640', 'height=480', 'format=bgr',
                 'framerate=30/1', '!', 'videoconvert', '!',
                 'video/x-raw,format=' + fmt, '!', 'b64imgenc',
                 'optimize=' + opt], 'opt-%s-%s.txt' % (fmt, opt))
        plain, opt = texts[fmt, 'false'], texts[fmt, 'true']
        if plain is None or opt is None:
            check(False, 'optimize %s: pipeline failed' % fmt)
            continue
        a = np.asarray(Image.open(io.BytesIO(base64.b64decode(plain))))
        b = np.asarray(Image.open(io.BytesIO(base64.b64decode(opt))))
        check(np.array_equal(a, b), 'optimize=true %s: PIL decodes the same '
              'pixels' % fmt)
        check(len(opt) < len(plain), 'optimize=true %s: %d bytes of text '
              'instead of %d (%.1f%% less)' %
              (fmt, len(opt), len(plain), 100.0 * (1 - len(opt) / len(plain))))


def main():
    test_jpeg()
    test_png()
    test_optimize()


if __name__ == '__main__':
    b64imgtest.main(main)
