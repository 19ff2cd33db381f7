#!/usr/bin/python3
# b64img example: live frames to a browser over a WebSocket, and the
# browser's webcam back.
#
#   python3 serve.py --port 8080 [--pipeline "v4l2src"] [--host 0.0.0.0]
#
# then open http://127.0.0.1:8080/. The server runs
#
#   PIPELINE ! queue leaky ! videoconvert ! b64imgenc data-uri=true
#            ! appsink drop=true max-buffers=1
#
# (videotestsrc by default; --pipeline "v4l2src" for a camera) and sends
# each frame as one WebSocket text message, a data URI the page puts into an
# <img>, to every client at ws://HOST:PORT/ws. The page can send its own
# webcam back over the same socket (canvas.toDataURL('image/jpeg'), one
# data URI per message) into
#
#   appsrc ! b64imgdec ! videoconvert ! appsink
#
# where a vision service would process the frames; this example counts
# them. GET /stats gives the server's figures as JSON.
#
# Slow clients: nothing waits for a client and nothing queues for one. Each
# client has one slot holding the newest frame; its sender sends what the
# slot holds when the previous send has drained, so a tab slower than the
# camera gets fewer frames, not a growing backlog (stats: "dropped"). The
# camera side drops the same way (leaky queue, appsink drop=true), and so
# does the webcam side (appsrc leaky-type=downstream).
#
# Debian 12: python3-websockets, python3-gi, gir1.2-gstreamer-1.0 and
# gir1.2-gst-plugins-base-1.0; the b64img plugin installed or on
# GST_PLUGIN_PATH. Nothing is fetched at run time.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import asyncio
import http
import json
import os
import signal
import sys
import time

import gi
gi.require_version('Gst', '1.0')
from gi.repository import GLib, Gst  # noqa: E402

import websockets  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PIPELINE = ('videotestsrc is-live=true pattern=ball ! '
                    'video/x-raw,width=640,height=480,framerate=30/1')
# the newest raw frame only, so a slow encoder never queues stale frames
CAMERA_TAIL = (' ! queue max-size-buffers=1 max-size-bytes=0 max-size-time=0'
               ' leaky=downstream ! videoconvert'
               ' ! b64imgenc data-uri=true newline=false quality={quality}'
               ' ! appsink name=frames emit-signals=true sync=false'
               ' drop=true max-buffers=1')
WEBCAM = ('appsrc name=webcam is-live=true format=time do-timestamp=true'
          ' caps=image/x-base64,framed=true'
          ' max-buffers=2 leaky-type=downstream'
          ' ! b64imgdec ! videoconvert ! video/x-raw,format=RGB'
          ' ! appsink name=decoded emit-signals=true sync=false'
          ' drop=true max-buffers=1')


def rss_kib():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


class Client:
    """One browser tab: a slot with the newest frame and what it was sent."""

    def __init__(self, ws):
        self.ws = ws
        self.frame = None       # newest frame not sent yet
        self.ready = asyncio.Event()
        self.sent = 0
        self.sent_bytes = 0
        self.dropped = 0        # frames replaced in the slot before sending

    def offer(self, frame):
        if self.frame is not None:
            self.dropped += 1
        self.frame = frame
        self.ready.set()


class Server:
    def __init__(self, loop, pipeline, quality):
        self.loop = loop
        self.clients = set()
        self.encoded = 0
        self.encoded_bytes = 0
        self.frame_bytes = 0
        self.webcam = {'received': 0, 'decoded': 0, 'width': 0, 'height': 0}
        self.errors = []
        self.started = time.monotonic()
        self.camera = Gst.parse_launch(
            pipeline + CAMERA_TAIL.format(quality=quality))
        self.camera.get_by_name('frames').connect('new-sample',
                                                  self.on_frame)
        self.decoder = Gst.parse_launch(WEBCAM)
        self.webcam_src = self.decoder.get_by_name('webcam')
        self.decoder.get_by_name('decoded').connect('new-sample',
                                                    self.on_decoded)

    # streaming threads: hand over to the event loop, keep nothing here
    def on_frame(self, sink):
        sample = sink.emit('pull-sample')
        buf = sample.get_buffer()
        text = buf.extract_dup(0, buf.get_size()).decode('ascii')
        self.loop.call_soon_threadsafe(self.broadcast, text)
        return Gst.FlowReturn.OK

    def on_decoded(self, sink):
        s = sink.emit('pull-sample').get_caps().get_structure(0)
        size = (s.get_value('width'), s.get_value('height'))
        self.loop.call_soon_threadsafe(self.count_decoded, size)
        return Gst.FlowReturn.OK

    def broadcast(self, text):
        self.encoded += 1
        self.encoded_bytes += len(text)
        self.frame_bytes = len(text)
        for c in self.clients:
            c.offer(text)

    def count_decoded(self, size):
        w = self.webcam
        w['decoded'] += 1
        w['width'], w['height'] = size

    def stats(self):
        return {'encoded': self.encoded, 'encoded_bytes': self.encoded_bytes,
                'frame_bytes': self.frame_bytes,
                'uptime': round(time.monotonic() - self.started, 3),
                'rss_kib': rss_kib(), 'errors': self.errors,
                'webcam': self.webcam,
                'clients': [{'sent': c.sent, 'sent_bytes': c.sent_bytes,
                             'dropped': c.dropped}
                            for c in self.clients]}

    def status_message(self, c):
        w = self.webcam
        return json.dumps({'type': 'status', 'sent': c.sent,
                           'dropped': c.dropped,
                           'webcam_decoded': w['decoded'],
                           'webcam_width': w['width'],
                           'webcam_height': w['height']})

    async def sender(self, c):
        try:
            await self.send_frames(c)
        except websockets.ConnectionClosed:
            pass

    async def send_frames(self, c):
        last_status = 0.0
        while True:
            await c.ready.wait()
            c.ready.clear()
            frame, c.frame = c.frame, None
            # returns once the socket's write buffer is below its limit:
            # meanwhile newer frames replace each other in the slot
            await c.ws.send(frame)
            c.sent += 1
            c.sent_bytes += len(frame)
            now = time.monotonic()
            if now - last_status >= 0.5:
                last_status = now
                await c.ws.send(self.status_message(c))

    def receive(self, message):
        if not isinstance(message, str) or not message.startswith('data:'):
            return
        self.webcam['received'] += 1
        self.webcam_src.emit('push-buffer',
                             Gst.Buffer.new_wrapped(message.encode('ascii')))

    async def handler(self, ws, path=None):
        c = Client(ws)
        self.clients.add(c)
        task = asyncio.ensure_future(self.sender(c))
        try:
            async for message in ws:
                self.receive(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.clients.discard(c)
            task.cancel()

    def http(self, path, headers):
        if path == '/ws':
            return None                 # the WebSocket handshake goes on
        if path in ('/', '/index.html'):
            with open(os.path.join(HERE, 'index.html'), 'rb') as f:
                return (http.HTTPStatus.OK,
                        [('Content-Type', 'text/html; charset=utf-8'),
                         ('Cache-Control', 'no-store')], f.read())
        if path == '/stats':
            return (http.HTTPStatus.OK,
                    [('Content-Type', 'application/json')],
                    json.dumps(self.stats()).encode())
        return (http.HTTPStatus.NOT_FOUND, [], b'not found\n')

    async def watch(self, stop):
        """Pipeline errors end the server; warnings are printed."""
        kinds = Gst.MessageType.ERROR | Gst.MessageType.WARNING
        while not stop.done():
            for p in (self.camera, self.decoder):
                msg = p.get_bus().pop_filtered(kinds | Gst.MessageType.EOS)
                if msg is None:
                    continue
                if msg.type == Gst.MessageType.EOS:
                    print('serve.py: camera ended', file=sys.stderr)
                    continue
                err, debug = (msg.parse_error()
                              if msg.type == Gst.MessageType.ERROR
                              else msg.parse_warning())
                what = '%s: %s' % (msg.src.get_name(), err.message)
                print('serve.py: %s' % what, file=sys.stderr)
                self.errors.append(what)
                if msg.type == Gst.MessageType.ERROR and not stop.done():
                    stop.set_result(1)
            await asyncio.sleep(0.1)


async def main():
    ap = argparse.ArgumentParser(
        description='b64img example: live frames to a browser over a '
        'WebSocket, and the browser\'s webcam back')
    ap.add_argument('--port', type=int, default=8080)
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--pipeline', default=DEFAULT_PIPELINE,
                    help='the camera, a gst-launch description ending in '
                    'raw video (default: %(default)s)')
    ap.add_argument('--quality', type=int, default=80)
    args = ap.parse_args()

    Gst.init(None)
    loop = asyncio.get_running_loop()
    try:
        server = Server(loop, args.pipeline, args.quality)
    except GLib.Error as e:
        print('serve.py: bad --pipeline: %s' % e.message, file=sys.stderr)
        return 2
    stop = loop.create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: stop.done() or
                                stop.set_result(0))
    try:
        return await serve(server, args, stop)
    finally:
        server.camera.set_state(Gst.State.NULL)
        server.decoder.set_state(Gst.State.NULL)


async def serve(server, args, stop):
    server.decoder.set_state(Gst.State.PLAYING)
    if server.camera.set_state(Gst.State.PLAYING) == \
            Gst.StateChangeReturn.FAILURE:
        msg = server.camera.get_bus().pop_filtered(Gst.MessageType.ERROR)
        print('serve.py: the pipeline does not start: %s' %
              (msg.parse_error()[0].message if msg else 'no reason given'),
              file=sys.stderr)
        return 1
    try:
        ws_server = await websockets.serve(
            server.handler, args.host, args.port,
            process_request=server.http, max_size=16 * 1024 * 1024)
    except OSError as e:
        print('serve.py: cannot listen on %s:%d: %s' %
              (args.host, args.port, e.strerror), file=sys.stderr)
        return 1
    print('serve.py: http://%s:%d/ (WebSocket at /ws)' %
          (args.host, args.port), flush=True)
    watcher = asyncio.ensure_future(server.watch(stop))
    rc = await stop
    watcher.cancel()
    ws_server.close()
    await ws_server.wait_closed()
    return rc

if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
