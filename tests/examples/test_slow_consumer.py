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
# serving the fast one.
# Then the same camera through docs/channels.md's TCP recipe
# (tcpserversink recover-policy=latest units-soft-max=2) with a slow and a
# fast raw TCP reader: the gst-launch process's RSS within GROWTH_MIB over
# TCP_WINDOW seconds while the fast reader got 4 x GROWTH_MIB more than the
# slow one, and the slow one, still connected, got only whole frames.
# Figures are printed; no assertion on speed.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import base64
import os
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
from b64imgtest import (check, free_port, scratch_dir,  # noqa: E402
                        summary)
from exampletest import (EXAMPLES, Children,  # noqa: E402
                         http_json, wait_for)

import websockets  # noqa: E402

SERVE = os.path.join(EXAMPLES, 'browser', 'serve.py')
CAMERA = ('videotestsrc is-live=true pattern=snow ! '
          'video/x-raw,width=640,height=480,framerate=30/1')
WARMUP = 4.0
WINDOW = 16.0
TCP_WINDOW = 10.0
TCP_RECOVER = ['recover-policy=latest', 'units-soft-max=2']
GROWTH_MIB = 16
MIB = 1024 * 1024


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return 0.0


class Reader(threading.Thread):
    """Reads a socket as slowly as a stalled tab (chunk bytes every delay
    seconds through a receive buffer of chunk bytes), or at full speed
    (delay 0); keeps what it read when asked."""

    def __init__(self, port, chunk=16384, delay=0.1, keep=False):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if delay:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, chunk)
        self.sock.settimeout(10)
        self.sock.connect(('127.0.0.1', port))
        self.chunk, self.delay = chunk, delay
        self.data = bytearray() if keep else None
        self.received = 0
        self.closed = False
        self.running = True

    def websocket_handshake(self, port):
        """By hand, so that no library reads ahead for this client."""
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
        return head.startswith(b'HTTP/1.1 101')

    def run(self):
        while self.running:
            try:
                data = self.sock.recv(self.chunk)
            except OSError:
                break
            if not data:
                self.closed = True
                break
            self.received += len(data)
            if self.data is not None:
                self.data += data
            time.sleep(self.delay)

    def stop(self):
        self.running = False
        self.join(5)
        self.sock.close()


def sample_rss(pid, seconds):
    samples = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        samples.append(rss_mib(pid))
        time.sleep(0.5)
    return samples


def check_rss(what, samples, seconds):
    base, peak = samples[0], max(samples)
    print('  %s RSS: %.1f MiB at the start of the window, peak %.1f, '
          'end %.1f (samples: %s)'
          % (what, base, peak, samples[-1],
             ' '.join('%.0f' % s for s in samples)))
    check(peak - base <= GROWTH_MIB, '%s RSS grew %.1f MiB in %.0f s '
          '(bound %d MiB)' % (what, peak - base, seconds, GROWTH_MIB))


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
    tmp = scratch_dir('b64img-slow-')
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
            sys.exit(summary())
        websocket(server.pid, port, url)
        check(server.poll() is None, 'serve.py still running')
        kids.stop(server)
        tcp(kids)
    sys.exit(summary())


def websocket(pid, port, url):
    slow = Reader(port)
    if not check(slow.websocket_handshake(port),
                 'slow WebSocket client: handshake'):
        return
    slow.start()
    fast = FastClient(port)
    fast.start()
    time.sleep(WARMUP)
    start = http_json(url)
    samples = sample_rss(pid, WINDOW)
    end = http_json(url)
    slow.stop()
    fast.stop()

    check_rss('serve.py', samples, WINDOW)
    if not check(start and end, 'server answered /stats around the window'):
        return
    offered = (end['encoded_bytes'] - start['encoded_bytes']) / MIB
    # the slow client is the one the server sent least
    slow_start = min(start['clients'], key=lambda c: c['sent'])
    slow_end = min(end['clients'], key=lambda c: c['sent'])
    fast_end = max(end['clients'], key=lambda c: c['sent'])
    slow_got = (slow_end['sent_bytes'] - slow_start['sent_bytes']) / MIB
    frames = end['encoded'] - start['encoded']
    print('  camera: %d frames of ~%d KB in %.0f s (%.1f MiB of text)'
          % (frames, end['frame_bytes'] // 1000, WINDOW, offered))
    print('  slow client: sent %d frames (%.1f MiB), dropped %d, read '
          '%.1f MiB; fast client: %d frames'
          % (slow_end['sent'], slow_got, slow_end['dropped'],
             slow.received / MIB, fast.frames))
    check(offered - slow_got >= 4 * GROWTH_MIB,
          'a buffering server would hold %.1f MiB for the slow client '
          '(>= %d)' % (offered - slow_got, 4 * GROWTH_MIB))
    check(slow_end['dropped'] > 0,
          'server dropped %d stale frames for the slow client'
          % slow_end['dropped'])
    check(fast_end['sent'] > slow_end['sent'] and fast.frames > 0,
          'the fast client kept getting frames (%d)' % fast.frames)


def tcp(kids):
    """docs/channels.md's tcpserversink recipe for slow clients."""
    port = free_port()
    server = kids.start(['gst-launch-1.0', '-q'] + CAMERA.split() +
                        ['!', 'b64imgenc', '!', 'tcpserversink',
                         'host=127.0.0.1', 'port=%d' % port] + TCP_RECOVER,
                        stdout=subprocess.DEVNULL)
    slow = wait_for(lambda: try_connect(port), 20, 0.1)
    if not check(slow is not None, 'tcpserversink accepts clients'):
        return
    slow.start()
    fast = Reader(port, chunk=1 << 20, delay=0)
    fast.start()
    time.sleep(WARMUP)
    slow0, fast0 = slow.received, fast.received
    samples = sample_rss(server.pid, TCP_WINDOW)
    offered = (fast.received - fast0) / MIB
    slow_got = (slow.received - slow0) / MIB
    slow.stop()
    fast.stop()

    check_rss('tcpserversink', samples, TCP_WINDOW)
    print('  fast client read %.1f MiB, slow client %.1f MiB in %.0f s'
          % (offered, slow_got, TCP_WINDOW))
    check(offered - slow_got >= 4 * GROWTH_MIB,
          'a buffering server would hold %.1f MiB for the slow client '
          '(>= %d)' % (offered - slow_got, 4 * GROWTH_MIB))
    lines = bytes(slow.data).split(b'\n')[:-1]
    whole = sum(1 for line in lines if is_jpeg(line))
    check(not slow.closed and lines and whole == len(lines),
          'slow client still connected, got %d whole frames of %d lines'
          % (whole, len(lines)))
    check(server.poll() is None, 'tcpserversink still running')


def try_connect(port):
    try:
        return Reader(port, keep=True)
    except OSError:
        return None


def is_jpeg(line):
    try:
        jpeg = base64.b64decode(line, validate=True)
    except ValueError:
        return False
    return jpeg.startswith(b'\xff\xd8') and jpeg.endswith(b'\xff\xd9')


if __name__ == '__main__':
    main()
