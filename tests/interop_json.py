#!/usr/bin/python3
# b64img — JSON lines (NDJSON) into b64imgdec, written by Python's json
# module the way web services send images: {"image": …},
# {"data": [{"b64_json": …}]} (OpenAI style), {"type": "image_url",
# "image_url": {"url": "data:image/jpeg;base64,…"}}, PHP-style "\/"
# escapes, base64.encodebytes' "\n" inside the string, \u escapes, and
# bad lines between them (unterminated string, no image, a member that is
# not base64, nesting 3000 deep, a line past max-frame-bytes).
#
# Each good line must come out, in order, with PIL's pixels (max abs diff
# <= 1) and its "pts" member as the buffer's PTS; each bad line must give
# one warning saying why. json-pointer picks a member the default would
# not.
#
# And b64imgenc envelope=json: each line parsed by Python's json and by
# node's JSON.parse has pts/duration (integer ns, or null without
# timestamps), width, height, type and data (base64 of the image, obeying
# data-uri, alphabet and padding, which PIL opens at the frame's size);
# `b64imgenc envelope=json ! b64imgdec` links and keeps the PTS, and so
# does a file of those lines read back by filesrc ! b64imgdec.
# With --no-png (a build without libspng) every image is a JPEG.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import io
import json
import os
import sys

import b64imgtest
import gi
import numpy as np
from PIL import Image

from b64imgtest import (TIMEOUT, check, encoded, gst_launch, main, picture,
                        pil_rgb, scratch_dir, within)

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

W, H = 80, 48
PNG = '--no-png' not in sys.argv  # b64imgdec built without libspng

tmp = scratch_dir('b64img-json-')


def image(seed, fmt):
    """A noisy picture as a @fmt file, and the RGB pixels PIL decodes."""
    data = encoded(picture(W, H, seed, noise=5), fmt)
    return data, pil_rgb(data)


def run(path, props='', head=None):
    """[(pts, RGB array)], [warning texts] of filesrc ! b64imgdec (or of
    @head ! b64imgdec)."""
    head = head or 'filesrc location=%s blocksize=4000' % path
    pipe = Gst.parse_launch(
        '%s ! b64imgdec %s ! video/x-raw,format=RGB ! appsink name=sink '
        'sync=false emit-signals=false' % (head, props))
    sink = pipe.get_by_name('sink')
    bus = pipe.get_bus()
    pipe.set_state(Gst.State.PLAYING)
    frames, warnings = [], []
    while True:
        sample = sink.emit('try-pull-sample', TIMEOUT * Gst.SECOND)
        if sample is None:
            break
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        arr = np.frombuffer(info.data, np.uint8).copy()
        buf.unmap(info)
        frames.append((buf.pts, arr))
    while True:
        msg = bus.pop_filtered(Gst.MessageType.WARNING |
                               Gst.MessageType.ERROR)
        if msg is None:
            break
        if msg.type == Gst.MessageType.WARNING:
            warnings.append(msg.parse_warning()[0].message)
        else:
            warnings.append('ERROR ' + msg.parse_error()[0].message)
    pipe.set_state(Gst.State.NULL)
    return frames, warnings


def same_pixels(arr, ref):
    return arr.size == ref.size and within(arr.reshape(ref.shape), ref, 1)


def json_lines():
    Gst.init(None)
    imgs = [image(i, 'PNG' if i % 2 and PNG else 'JPEG') for i in range(6)]
    b64 = [base64.b64encode(d).decode() for d, _ in imgs]
    good = [
        {'pts': 0, 'image': b64[0]},
        {'pts': 33333333, 'created': 1700000000,
         'data': [{'revised_prompt': 'a "quoted" \\ text /9', 'b64_json':
                   b64[1]}]},
        {'pts': 66666666, 'type': 'image_url', 'image_url': {
            'url': 'data:image/jpeg;base64,' + b64[2], 'detail': 'low'}},
        {'pts': 100000000, 'meta': {'n': [1, 2.5, None, True]},
         'image': base64.encodebytes(imgs[3][0]).decode()},
        {'pts': 133333333, 'image': b64[4]},
        {'pts': 166666666, 'frame': {'jpeg': b64[5]}},
    ]
    lines = [json.dumps(good[0]), json.dumps(good[1]), json.dumps(good[2]),
             json.dumps(good[3]),
             # PHP's json_encode writes "/" as "\/"
             json.dumps(good[4]).replace('/', '\\/'),
             # every character of the image as \u escapes for the first 40
             json.dumps(good[5]).replace(
                 b64[5][:40], ''.join('\\u%04x' % ord(c)
                                      for c in b64[5][:40]))]
    bad = ['{"image": "' + b64[0][:200],
           json.dumps({'name': 'no image', 'n': 3}),
           json.dumps({'image': 'iVBORw0KGgo' + '*' * 20}),
           '{"a": ' + '[' * 3000 + ']' * 3000 + ', "image": "' + b64[0] +
           '"}',
           json.dumps({'pad': 'x' * 300000, 'image': b64[0]})]
    reasons = ['unterminated JSON string', 'no image in the JSON object',
               'invalid base64 character', 'nested deeper than',
               'frame longer than']
    text = []
    for i, line in enumerate(lines):
        text.append(line)
        if i < len(bad):
            text.append(bad[i])
    path = os.path.join(tmp, 'in.ndjson')
    with open(path, 'w') as f:
        f.write('\n'.join(text) + '\n')

    frames, warnings = run(path, 'max-frame-bytes=200000')
    check(len(frames) == len(good),
          'NDJSON: %d frames of %d good lines' % (len(frames), len(good)))
    for i, (pts, arr) in enumerate(frames[:len(good)]):
        check(same_pixels(arr, imgs[i][1]), 'line %d: pixels as PIL' % i)
        check(pts == good[i]['pts'],
              'line %d: PTS %s from its "pts" member' % (i, pts))
    check(len(warnings) == len(bad),
          'one warning per bad line (%d): %s' % (len(warnings), warnings))
    for r in reasons:
        check(any(r in w for w in warnings), 'a warning says "%s"' % r)

    # json-pointer: the second image string, which the default passes over
    path = os.path.join(tmp, 'ptr.ndjson')
    with open(path, 'w') as f:
        f.write(json.dumps({'thumb': b64[0], 'full': {'png': b64[1]}}) + '\n')
    frames, warnings = run(path)
    check(len(frames) == 1 and same_pixels(frames[0][1], imgs[0][1]),
          'default: the first image string')
    frames, warnings = run(path, 'json-pointer=/full/png')
    check(len(frames) == 1 and same_pixels(frames[0][1], imgs[1][1]) and
          not warnings, 'json-pointer=/full/png: the one it points at')
    envelope()


NODE_READER = r"""
const fs = require('fs');
const out = fs.readFileSync(process.argv[2], 'utf8').split('\n')
  .filter((l) => l.length > 0).map((l) => {
    const o = JSON.parse(l);
    const data = o.data.replace(/^data:[^,]*,/, '');
    const bytes = Buffer.from(data, 'base64');
    return {pts: o.pts, duration: o.duration, width: o.width,
            height: o.height, type: o.type, keys: Object.keys(o),
            head: bytes.subarray(0, 4).toString('hex')};
  });
console.log(JSON.stringify(out));
"""

KEYS = ['pts', 'duration', 'width', 'height', 'type', 'data']
SRC = ('videotestsrc num-buffers=5 pattern=ball ! '
       'video/x-raw,width=%d,height=%d,framerate=25/1' % (W, H))


def envelope():
    node_js = os.path.join(tmp, 'read.js')
    with open(node_js, 'w') as f:
        f.write(NODE_READER)
    step = Gst.SECOND // 25
    cases = [('', 'image/jpeg', ''),
             ('data-uri=true alphabet=url padding=false', 'image/jpeg',
              'data:image/jpeg;base64,')]
    if PNG:
        cases.append(('image-format=png data-uri=true', 'image/png',
                      'data:image/png;base64,'))
    for props, mime, prefix in cases:
        what = 'envelope=json %s' % props
        path = os.path.join(tmp, 'enc.ndjson')
        gst_launch('%s ! b64imgenc envelope=json %s ! filesink location=%s'
                   % (SRC, props, path))
        with open(path) as f:
            lines = f.read().split('\n')
        check(len(lines) == 6 and lines[-1] == '',
              '%s: 5 lines, each ending in LF' % what)
        objs = [json.loads(line) for line in lines[:-1]]
        check(all(list(o) == KEYS for o in objs),
              '%s: Python json reads %s' % (what, KEYS))
        check([o['pts'] for o in objs] == [i * step for i in range(5)] and
              all(o['duration'] in (step, step + 1) for o in objs),
              '%s: pts/duration in integer ns' % what)
        ok = True
        for o in objs:
            data = o['data']
            ok = ok and data.startswith(prefix) and o['type'] == mime and \
                (o['width'], o['height']) == (W, H)
            text = data[len(prefix):]
            if 'alphabet=url' in props:
                ok = ok and '=' not in text and '+' not in text and \
                    '/' not in text
                raw = base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))
            else:
                raw = base64.b64decode(text, validate=True)
            ok = ok and Image.open(io.BytesIO(raw)).size == (W, H)
        check(ok, '%s: data is %s%s base64 PIL opens at %dx%d' %
              (what, prefix, mime, W, H))
        res = b64imgtest.run(['node', node_js, path])
        nodes = json.loads(res.stdout) if res.returncode == 0 else []
        check(len(nodes) == 5 and all(
            n['keys'] == KEYS and n['pts'] == objs[i]['pts'] and
            n['width'] == W and n['type'] == mime and
            n['head'] in ('ffd8ffe0', '89504e47') for i, n in
            enumerate(nodes)), '%s: node JSON.parse reads it' % what)
        # back through b64imgdec from a file: no timestamps but the JSON's
        frames, warnings = run(path)
        check([p for p, _ in frames] == [o['pts'] for o in objs] and
              not warnings, '%s: filesrc ! b64imgdec keeps the PTS' % what)
        frames, warnings = run(None, head='%s ! b64imgenc envelope=json %s'
                               % (SRC, props))
        check([p for p, _ in frames] == [i * step for i in range(5)] and
              not warnings, '%s ! b64imgdec links, keeps the PTS' % what)
    no_timestamps()


def no_timestamps():
    """A raw frame without PTS or duration gives null for both."""
    pipe = Gst.parse_launch(
        'appsrc name=src format=time caps=video/x-raw,format=RGB,'
        'width=%d,height=%d,framerate=0/1 ! b64imgenc envelope=json ! '
        'appsink name=sink sync=false' % (W, H))
    src, sink = pipe.get_by_name('src'), pipe.get_by_name('sink')
    pipe.set_state(Gst.State.PLAYING)
    src.emit('push-buffer', Gst.Buffer.new_wrapped(bytes(W * H * 3)))
    src.emit('end-of-stream')
    sample = sink.emit('try-pull-sample', TIMEOUT * Gst.SECOND)
    text = b''
    if sample is not None:
        buf = sample.get_buffer()
        text = buf.extract_dup(0, buf.get_size())
    pipe.set_state(Gst.State.NULL)
    obj = json.loads(text) if text else {}
    check(obj.get('pts', 0) is None and obj.get('duration', 0) is None,
          'no timestamps: "pts": null, "duration": null (%s)' % text[:60])


if __name__ == '__main__':
    main(json_lines)
