#!/usr/bin/python3
# b64img — the MQTT example (mqtt/mqtt-camera.sh) against a real mosquitto
# broker on 127.0.0.1.
#
# The test runs its own broker (a config file on a free port, anonymous
# clients, no persistence; `user root` so it also runs as root in CI), starts
# the example's subscriber, waits until the broker has acknowledged its
# subscription (SUBACK in the broker's log: no frame can be published before
# anyone listens), then runs the example's publisher with N videotestsrc
# frames. Every frame must arrive, at its size, within MIN_PSNR of the frame
# videotestsrc made; with the default leaky queue (stale frames dropped)
# every frame that arrives must be one of the source's, in order. Then the
# same with --json (b64imgenc envelope=json): each message on the broker is
# a JSON object with the frame's size, type and pts, and b64imgdec reads
# them back to every frame.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import base64
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
from b64imgtest import (check, free_port, scratch_dir,  # noqa: E402
                        summary)
from exampletest import (EXAMPLES, Children,  # noqa: E402
                         i420_reference, match_frames, wait_for)

N = 30
W, H = 320, 240
MIN_PSNR = 35.0
TIMEOUT = 60
SOURCE = ('videotestsrc num-buffers=%d pattern=ball ! '
          'video/x-raw,format=I420,width=%d,height=%d,framerate=30/1'
          % (N, W, H))
SCRIPT = os.path.join(EXAMPLES, 'mqtt', 'mqtt-camera.sh')


def start_broker(kids, tmp):
    port = free_port()
    conf = os.path.join(tmp, 'mosquitto.conf')
    with open(conf, 'w') as f:
        f.write('listener %d 127.0.0.1\nallow_anonymous true\n'
                'persistence false\nuser root\n' % port)
    log = open(os.path.join(tmp, 'broker.log'), 'w+')
    broker = kids.start(['mosquitto', '-c', conf, '-v'], stdout=log,
                        stderr=subprocess.STDOUT)
    running = wait_for(lambda: 'running' in read(log), 10)
    check(running, 'mosquitto broker running on 127.0.0.1:%d' % port)
    if not running:
        print(read(log))
    return broker, port, log


def read(log):
    log.seek(0)
    return log.read()


def roundtrip(kids, tmp, port, log, ref, what, sub_args, pub_args):
    topic = 'b64img/test/%s' % what.replace(' ', '-')
    out = os.path.join(tmp, what.replace(' ', '-') + '.yuv')
    common = ['--port', str(port), '--topic', topic, '--qos', '1']
    subacks = read(log).count('Sending SUBACK')
    sub = kids.start([SCRIPT, 'subscribe'] + common + sub_args +
                     ['--count', str(N), '--sink',
                      'video/x-raw,format=I420 ! filesink location=' + out],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # and the messages as they are on the broker
    raw = kids.start(['mosquitto_sub', '-p', str(port), '-t', topic,
                      '-q', '1', '-C', str(N)], stdout=subprocess.PIPE)
    ok = wait_for(lambda: read(log).count('Sending SUBACK') >= subacks + 2,
                  10)
    if not check(ok, '%s: subscribers subscribed' % what):
        return
    pub = subprocess.run([SCRIPT, 'publish'] + common + pub_args +
                         ['--source', SOURCE], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=TIMEOUT)
    if not check(pub.returncode == 0, '%s: publisher exited with %d %s' %
                 (what, pub.returncode, pub.stderr.decode().strip())):
        kids.stop(sub)
        kids.stop(raw)
        return
    try:
        _, err = sub.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        check(False, '%s: subscriber did not finish' % what)
        return
    check(sub.returncode == 0, '%s: subscriber exited with %d %s' %
          (what, sub.returncode, err.decode().strip()))
    try:
        messages = raw.communicate(timeout=TIMEOUT)[0].splitlines()
    except subprocess.TimeoutExpired:
        messages = []
    check_messages(what, messages, '--json' in pub_args)
    with open(out, 'rb') as f:
        data = f.read()
    frame = W * H * 3 // 2
    matches = match_frames(data, ref)
    n = len(matches)
    all_frames = '--all-frames' in sub_args
    if all_frames:
        check(len(data) == N * frame, '%s: %d bytes = %d frames of %dx%d '
              '(%d sent)' % (what, len(data), n, W, H, N))
        check([i for i, _ in matches] == list(range(N)),
              '%s: frames in the order sent' % what)
    else:
        check(len(data) % frame == 0 and 1 <= n <= N,
              '%s: %d whole frames of %dx%d (%d sent; stale ones may '
              'be dropped)' % (what, n, W, H, N))
        idx = [i for i, _ in matches]
        check(idx == sorted(set(idx)),
              '%s: frames are source frames, in order' % what)
    if n:
        worst = min(p for _, p in matches)
        check(worst >= MIN_PSNR, '%s: worst frame PSNR %.1f dB (>= %.0f)'
              % (what, worst, MIN_PSNR))


def check_messages(what, messages, json_lines):
    """N messages, each one frame: base64 of a JPEG, or with --json one
    JSON object per frame with its size, type and timestamps."""
    check(len(messages) == N, '%s: %d messages on the broker (%d frames)'
          % (what, len(messages), N))
    if not json_lines:
        check(all(base64.b64decode(m).startswith(b'\xff\xd8')
                  for m in messages),
              '%s: each message is base64 of a JPEG' % what)
        return
    try:
        objs = [json.loads(m) for m in messages]
    except ValueError as e:
        check(False, '%s: messages are JSON: %s' % (what, e))
        return
    check(all(o['width'] == W and o['height'] == H and
              o['type'] == 'image/jpeg' and
              base64.b64decode(o['data']).startswith(b'\xff\xd8')
              for o in objs),
          '%s: each message is a JSON object of a %dx%d JPEG' % (what, W, H))
    pts = [o['pts'] for o in objs]
    check(pts == [i * 10 ** 9 // 30 for i in range(N)] or
          pts == [round(i * 10 ** 9 / 30) for i in range(N)],
          '%s: pts members are the frames\' timestamps (%s...)'
          % (what, pts[:3]))


def main():
    tmp = scratch_dir('b64img-mqtt-')
    ref = i420_reference(SOURCE, N, W, H)
    with Children() as kids:
        broker, port, log = start_broker(kids, tmp)
        if broker.poll() is None:
            roundtrip(kids, tmp, port, log, ref, 'plain all frames',
                      ['--all-frames'], [])
            roundtrip(kids, tmp, port, log, ref, 'plain leaky', [], [])
            roundtrip(kids, tmp, port, log, ref, 'json all frames',
                      ['--all-frames', '--json'], ['--json'])
        check(broker.poll() is None, 'broker still running at the end')
    sys.exit(summary())


if __name__ == '__main__':
    main()
