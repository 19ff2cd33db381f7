#!/usr/bin/python3
# b64img — a WebSocket client far slower than the camera must not grow the
# server's memory (browser/serve.py).
#
# The camera is videotestsrc pattern=snow at 640x480, 30 fps: noise, so each
# base64 JPEG is about 250 KB and the camera makes about 7 MB of text a
# second. One client reads as slowly as a stalled tab: a raw socket with a
# small receive buffer that reads 16 KiB every 0.1 s (160 KiB/s). A second,
# ordinary client reads at full speed alongside. For WINDOW seconds after a
# WARMUP, the server's RSS (/proc/PID/status VmRSS) is sampled; it must stay
# within GROWTH_MIB of its value at the start of the window, while the
# frames the slow client did not get in that window — what a server that
# buffered for it would have to hold — come to at least 4 x GROWTH_MIB.
# The server must also say it dropped frames for the slow client, and keep
# serving the fast one. Figures are printed; no assertion on speed.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exampletest import (EXAMPLES, Checks, Children, free_port,  # noqa: E402
                         http_json, wait_for)

import websockets  # noqa: E402

SERVE = os.path.join(EXAMPLES, 'browser', 'serve.py')
CAMERA = ('videotestsrc is-live=true pattern=snow ! '
          'video/x-raw,width=640,height=480,framerate=30/1')
WARMUP = 4.0
WINDOW = 16.0
GROWTH_MIB = 16
MIB = 1024 * 1024

check = Checks()


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return 0.0


class SlowClient(threading.Thread):
    """A WebSocket client by hand, so nothing reads ahead for it: the
    handshake, then 16 KiB every 0.1 s through a 16 KiB receive buffer."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        self.sock.settimeout(10)
        self.sock.connect(('127.0.0.1', port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(('GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n'
                           'Upgrade: websocket\r\nConnection: Upgrade\r\n'
                           'Sec-WebSocket-Key: %s\r\n'
                           'Sec-WebSocket-Version: 13\r\n\r\n'
                           % (port, key)).encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.upgraded = head.startswith(b'HTTP/1.1 101')
        self.received = 0
        self.running = True

    def run(self):
        while self.running:
            try:
                data = self.sock.recv(16384)
            except OSError:
                break
            if not data:
                break
            self.received += len(data)
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join(5)
        self.sock.close()


class FastClient(threading.Thread):
    """An ordinary client (the websockets library) reading all it gets."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.url = 'ws://127.0.0.1:%d/ws' % port
        self.frames = 0
        self.done = threading.Event()

    def run(self):
        async def read():
            async with websockets.connect(self.url, max_size=None) as ws:
                while not self.done.is_set():
                    try:
                        msg = await asyncio.wait_for(ws.recv(), 1)
                    except asyncio.TimeoutError:
                        continue
                    self.frames += msg.startswith('data:')
        try:
            asyncio.run(read())
        except (OSError, websockets.WebSocketException) as e:
            print('  fast client: %s' % e)

    def stop(self):
        self.done.set()
        self.join(5)


def main():
    tmp = tempfile.mkdtemp(prefix='b64img-slow-')
    try:
        with Children() as kids:
            port = free_port()
            log = open(os.path.join(tmp, 'serve.log'), 'w+')
            server = kids.start([sys.executable, SERVE, '--port', str(port),
                                 '--pipeline', CAMERA],
                                stdout=log, stderr=subprocess.STDOUT)
            url = 'http://127.0.0.1:%d/stats' % port
            up = wait_for(lambda: server.poll() is not None or
                          http_json(url), 20, 0.1)
            if not check(isinstance(up, dict), 'serve.py answers'):
                log.seek(0)
                print(log.read())
                check.exit()
            measure(server.pid, port, url)
            check(server.poll() is None, 'server still running')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    check.exit()


def measure(pid, port, url):
    slow = SlowClient(port)
    if not check(slow.upgraded, 'slow client: WebSocket handshake'):
        return
    slow.start()
    fast = FastClient(port)
    fast.start()
    time.sleep(WARMUP)
    start = http_json(url)
    base = rss_mib(pid)
    samples = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < WINDOW:
        samples.append(rss_mib(pid))
        time.sleep(0.5)
    end = http_json(url)
    slow.stop()
    fast.stop()

    peak = max(samples)
    print('  server RSS: %.1f MiB at the start of the window, peak %.1f, '
          'end %.1f (samples: %s)'
          % (base, peak, samples[-1],
             ' '.join('%.0f' % s for s in samples)))
    check(peak - base <= GROWTH_MIB,
          'server RSS grew %.1f MiB in %.0f s (bound %d MiB)'
          % (peak - base, WINDOW, GROWTH_MIB))
    if not check(start and end, 'server answered /stats around the window'):
        return
    offered = (end['encoded_bytes'] - start['encoded_bytes']) / MIB
    # the slow client is the one the server sent least
    slow_start = min(start['clients'], key=lambda c: c['sent'])
    slow_end = min(end['clients'], key=lambda c: c['sent'])
    fast_end = max(end['clients'], key=lambda c: c['sent'])
    slow_got = (slow_end['sent_bytes'] - slow_start['sent_bytes']) / MIB
    backlog = offered - slow_got
    frames = end['encoded'] - start['encoded']
    print('  camera: %d frames of ~%d KB in %.0f s (%.1f MiB of text)'
          % (frames, end['frame_bytes'] // 1000, WINDOW, offered))
    print('  slow client: sent %d frames (%.1f MiB), dropped %d, read '
          '%.1f MiB; fast client: %d frames'
          % (slow_end['sent'], slow_got, slow_end['dropped'],
             slow.received / MIB, fast.frames))
    check(backlog >= 4 * GROWTH_MIB,
          'a buffering server would hold %.1f MiB for the slow client '
          '(>= %d)' % (backlog, 4 * GROWTH_MIB))
    check(slow_end['dropped'] > 0,
          'server dropped %d stale frames for the slow client'
          % slow_end['dropped'])
    check(fast_end['sent'] > slow_end['sent'] and fast.frames > 0,
          'the fast client kept getting frames (%d)' % fast.frames)


if __name__ == '__main__':
    main()
