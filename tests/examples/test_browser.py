#!/usr/bin/python3
# b64img — the browser example (browser/serve.py and its page) in headless
# Chromium, both directions.
#
# Starts `serve.py --port PORT` (its default videotestsrc pipeline) and, to
# check --pipeline, a second one with another size; opens each page in
# headless Chromium with its fake webcam and reads the page through the
# DevTools protocol:
#   - server -> page: frames are shown in the <img> (its load events), at
#     the pipeline's size, and they change; the page shows a frame rate;
#   - page -> server: the "Send my webcam" button sends getUserMedia frames
#     as toDataURL('image/jpeg') messages, which the server's appsrc !
#     b64imgdec decodes at the fake camera's 640x480 (/stats), and the page
#     shows what the server decoded;
#   - broken frames from a client (not base64, a truncated JPEG, not an
#     image) are each dropped with a decoder warning the server reports,
#     and the good frames around them are decoded.
# `test_browser.py --screenshot out.png` keeps a screenshot of the page.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
from b64imgtest import (b64_line, check, free_port,  # noqa: E402
                        gst_launch, scratch_dir, summary)
from exampletest import (EXAMPLES, Children, Chromium,  # noqa: E402
                         http_json, wait_for)

import websockets  # noqa: E402

SERVE = os.path.join(EXAMPLES, 'browser', 'serve.py')
PAGE_STATE = '''JSON.stringify({shown: b64img.shown, received: b64img.received,
  fps: b64img.fps, w: live.naturalWidth, h: live.naturalHeight,
  tail: live.src.slice(-64), fpsText: fps.textContent,
  camSent: b64img.camSent, camError: b64img.camError || null,
  camShown: camdecoded.textContent + ' at ' + camsize.textContent})'''


def start_server(kids, tmp, pipeline=None):
    port = free_port()
    log = open(os.path.join(tmp, 'serve-%d.log' % port), 'w+')
    args = [sys.executable, SERVE, '--port', str(port)]
    if pipeline:
        args += ['--pipeline', pipeline]
    proc = kids.start(args, stdout=log, stderr=subprocess.STDOUT)
    url = 'http://127.0.0.1:%d/' % port
    up = wait_for(lambda: proc.poll() is not None or
                  http_json(url + 'stats'), 20, 0.1)
    if not check(isinstance(up, dict), 'serve.py answers on %s' % url):
        log.seek(0)
        print(log.read())
        return None, url
    return proc, url


def state(page):
    return json.loads(page.evaluate(PAGE_STATE))


def server_to_page(page, what, w, h):
    loaded = wait_for(lambda: page.evaluate('typeof b64img') == 'object', 10)
    if not check(loaded, '%s: the page loaded' % what):
        return
    s = wait_for(lambda: state(page)['shown'] >= 10 and state(page), 20)
    if not check(bool(s), '%s: the <img> showed 10 frames' % what):
        print('  page: %s' % state(page))
        return
    check((s['w'], s['h']) == (w, h), '%s: frames are %dx%d (want %dx%d)'
          % (what, s['w'], s['h'], w, h))
    tails = {s['tail']}
    for _ in range(5):
        time.sleep(0.2)
        tails.add(state(page)['tail'])
    later = state(page)
    check(later['shown'] > s['shown'] and len(tails) >= 3,
          '%s: frames change (%d -> %d shown, %d different in 1 s)'
          % (what, s['shown'], later['shown'], len(tails)))
    check(later['fps'] > 1 and later['fpsText'] == '%.1f' % later['fps'],
          '%s: the page shows a frame rate (%s fps)'
          % (what, later['fpsText']))


def page_to_server(page, url, what):
    page.evaluate("document.getElementById('webcam').click()")
    stats = wait_for(lambda: (http_json(url + 'stats') or {}).get(
        'webcam', {}).get('decoded', 0) >= 5 and http_json(url + 'stats'),
        20, 0.2)
    s = state(page)
    if not check(bool(stats), '%s: server decoded 5 webcam frames' % what):
        print('  page: %s' % s)
        return
    cam = stats['webcam']
    check((cam['width'], cam['height']) == (640, 480),
          '%s: webcam frames decoded at %dx%d (fake camera: 640x480)'
          % (what, cam['width'], cam['height']))
    check(not stats['errors'], '%s: no pipeline warnings or errors %s'
          % (what, stats['errors']))
    shown = wait_for(lambda: state(page)['camShown'].endswith('640x480'), 5)
    check(shown, '%s: the page shows what the server decoded (%s)'
          % (what, state(page)['camShown']))


def bad_webcam_frames(url):
    """Broken frames from a client: each dropped with a warning, the good
    ones around them decoded, the server still serving."""
    jpeg = gst_launch('videotestsrc num-buffers=1 ! '
                      'video/x-raw,width=320,height=240 ! jpegenc ! fdsink')
    good = b64_line(jpeg, 'uri').decode()
    frames = [('good', good),
              ('not base64', 'data:image/jpeg;base64,@@@@not-base64@@@@'),
              ('good', good),
              ('truncated JPEG', b64_line(jpeg[:len(jpeg) // 2],
                                          'uri').decode()),
              ('not an image', b64_line(b'hello world ' * 8, 'uri').decode()),
              ('good', good)]

    def progressed(before, kind):
        now = http_json(url + 'stats')
        if kind == 'good':
            return now['webcam']['decoded'] > before['webcam']['decoded']
        return len(now['errors']) > len(before['errors'])

    async def send():
        # one at a time: the server's appsrc drops what it cannot take
        async with websockets.connect(url.replace('http', 'ws') + 'ws') as ws:
            for kind, text in frames:
                before = http_json(url + 'stats')
                await ws.send(text)
                wait_for(lambda: progressed(before, kind), 5)
    asyncio.run(send())
    stats = http_json(url + 'stats')
    cam = stats['webcam']
    check(cam['received'] == len(frames) and cam['decoded'] == 3,
          'bad webcam frames: %d received, %d decoded (want %d, 3)'
          % (cam['received'], cam['decoded'], len(frames)))
    check((cam['width'], cam['height']) == (320, 240),
          'bad webcam frames: good ones decoded at %dx%d'
          % (cam['width'], cam['height']))
    check(len(stats['errors']) == 3 and
          all('b64imgdec' in e for e in stats['errors']),
          'bad webcam frames: one decoder warning each: %s' % stats['errors'])


def run(kids, tmp, what, pipeline, w, h, screenshot=None):
    server, url = start_server(kids, tmp, pipeline)
    if server is None:
        return
    page = Chromium(kids, url, os.path.join(tmp, 'profile-' + what))
    try:
        server_to_page(page, what, w, h)
        if pipeline is None:
            page_to_server(page, url, what)
        else:
            bad_webcam_frames(url)
        if screenshot:
            time.sleep(0.5)
            page.screenshot(screenshot)
    finally:
        page.close()
    kids.stop(page.proc)
    kids.stop(server)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--screenshot')
    args = ap.parse_args()
    tmp = scratch_dir('b64img-browser-')
    with Children() as kids:
        run(kids, tmp, 'default pipeline', None, 640, 480,
            args.screenshot)
        run(kids, tmp, '--pipeline', 'videotestsrc is-live=true '
            'pattern=smpte horizontal-speed=2 ! '
            'video/x-raw,width=320,height=180,framerate=15/1', 320, 180)
    sys.exit(summary())


if __name__ == '__main__':
    main()
