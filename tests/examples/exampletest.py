# b64img — what the example tests share beyond tests/b64imgtest.py: child
# processes that are always stopped, waiting for a condition, comparing
# decoded I420 frames with the videotestsrc frames they were made from, and
# headless Chromium driven through the DevTools protocol.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import base64
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import websockets

EXAMPLES = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(EXAMPLES))
from b64imgtest import free_port, gst_launch, psnr  # noqa: E402


class Children:
    """Starts processes each in its own process group and, on leaving the
    with block, stops every group it started (TERM, then KILL), so no
    broker, browser or pipeline outlives the test."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
        # meson's timeout sends TERM: leave through __exit__, which stops
        # the children, rather than die with them still running
        signal.signal(signal.SIGTERM, lambda *_: sys.exit('terminated'))
        return self

    def start(self, args, **kw):
        kw.setdefault('stdin', subprocess.DEVNULL)
        p = subprocess.Popen(args, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, timeout=5):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            except ProcessLookupError:
                pass
        # children of the group leader that ignored TERM (a browser's
        # helpers): the group outlives its leader
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __exit__(self, *exc):
        for p in reversed(self.procs):
            self.stop(p)
        return False


def wait_for(predicate, timeout, step=0.05):
    """Polls predicate until it returns something true or timeout seconds
    pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def i420_reference(source, n, width, height):
    """The n frames a (non-live) I420 source makes, expanded to full range:
    b64imgdec's I420 is full range (JPEG's), videotestsrc's is not."""
    out = gst_launch(source + ' ! fdsink')
    frame = width * height * 3 // 2
    assert len(out) == n * frame, 'reference: %d bytes' % len(out)
    ref = np.frombuffer(out, np.uint8).astype(float).reshape(n, frame)
    luma = width * height
    ref[:, :luma] = (ref[:, :luma] - 16) * 255 / 219
    ref[:, luma:] = (ref[:, luma:] - 128) * 255 / 224 + 128
    return np.clip(np.round(ref), 0, 255)


def match_frames(data, ref):
    """For each decoded frame in data (I420 bytes, the reference's size),
    the index of the reference frame it is closest to and the PSNR there."""
    frame = ref.shape[1]
    got = np.frombuffer(data[:len(data) // frame * frame], np.uint8)
    return [max(((psnr(f, r), i) for i, r in enumerate(ref)))[::-1]
            for f in got.reshape(-1, frame)]


def http_json(url, timeout=5):
    """GET url and parse its JSON body; None while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return json.load(r)
    except OSError:
        return None


class Chromium:
    """Headless Chromium (Debian's `chromium`) with a fake webcam, opened on
    url and driven through the DevTools protocol over a WebSocket
    (--dump-dom returns at load, before any socket or camera is up)."""

    def __init__(self, kids, url, profile, timeout=30):
        self.port = free_port()
        self.proc = kids.start(
            ['chromium', '--headless=new', '--no-sandbox',
             '--use-fake-device-for-media-stream',
             '--use-fake-ui-for-media-stream',
             '--remote-debugging-address=127.0.0.1',
             '--remote-debugging-port=%d' % self.port,
             '--user-data-dir=' + profile, '--no-first-run',
             '--disable-gpu', '--window-size=1400,760', url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.loop = asyncio.new_event_loop()
        self.ids = 0

        def page():
            targets = http_json('http://127.0.0.1:%d/json/list' % self.port)
            return next((t['webSocketDebuggerUrl'] for t in targets or []
                         if t.get('type') == 'page' and t['url'] == url),
                        None)
        target = wait_for(page, timeout, 0.2)
        if target is None:
            raise RuntimeError('chromium: no page at %s' % url)

        async def connect():    # inside the loop: websockets 10 binds to it
            return await websockets.connect(target, max_size=None)
        self.ws = self.loop.run_until_complete(connect())

    def call(self, method, **params):
        self.ids += 1
        ident = self.ids

        async def exchange():
            await self.ws.send(json.dumps({'id': ident, 'method': method,
                                           'params': params}))
            while True:
                reply = json.loads(await self.ws.recv())
                if reply.get('id') == ident:    # events go by
                    return reply
        reply = self.loop.run_until_complete(exchange())
        if 'error' in reply:
            raise RuntimeError('%s: %s' % (method, reply['error']))
        return reply['result']

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (promises
        awaited, results as JSON values)."""
        r = self.call('Runtime.evaluate', expression=expression,
                      returnByValue=True, awaitPromise=True)
        if 'exceptionDetails' in r:
            raise RuntimeError('page: %s' % r['exceptionDetails'])
        return r['result'].get('value')

    def screenshot(self, path):
        data = self.call('Page.captureScreenshot', format='png')['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.loop.run_until_complete(self.ws.close())
        self.loop.close()
