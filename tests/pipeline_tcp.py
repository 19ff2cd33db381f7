#!/usr/bin/python3
# b64img — base64 frames through a real loopback TCP socket.
#
# 1. tcpserversrc (receiver listens, b64imgdec) <- tcpclientsink (sender,
#    b64imgenc): the receiver is listening before the sender starts, so no
#    frame can be missed; the sender is retried while the port refuses.
# 2. tcpserversink (sender, b64imgenc) -> tcpclientsrc (receiver,
#    b64imgdec): the sender runs in this process, held in PAUSED until the
#    receiver has connected ("client-added"), then set to PLAYING, so every
#    frame goes to the client.
# Both: all N frames must arrive, each within PSNR >= MIN_PSNR of what
# videotestsrc made. Loopback only, every step under a timeout.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import time

import numpy as np

import b64imgtest
from b64imgtest import (GST_LAUNCH, TIMEOUT, check, free_port, gst_launch,
                        gst_spawn, psnr, run, scratch_dir)

N = 30
W, H = 320, 240
FRAME = W * H * 3 // 2          # I420, no padding at these sizes
MIN_PSNR = 35.0
SRC = ['videotestsrc', 'num-buffers=%d' % N, 'pattern=ball', '!',
       'video/x-raw,format=I420,width=%d,height=%d,framerate=30/1' % (W, H)]

tmp = scratch_dir('b64img-tcp-')


def reference():
    path = os.path.join(tmp, 'ref.yuv')
    gst_launch(SRC + ['!', 'filesink', 'location=' + path])
    with open(path, 'rb') as f:
        return f.read()


def check_frames(path, ref, what):
    with open(path, 'rb') as f:
        data = f.read()
    n = len(data) // FRAME
    check(len(data) == N * FRAME,
          '%s: %d bytes = %d frames of %d' % (what, len(data), n, N))
    if n == 0:
        return
    a = np.frombuffer(data[:n * FRAME], np.uint8).astype(float)
    b = np.frombuffer(ref[:n * FRAME], np.uint8).astype(float)
    # videotestsrc's I420 is limited range, the decoder's JPEG I420 full
    # range (its caps say so): expand the reference
    b = b.reshape(n, FRAME)
    b[:, :W * H] = (b[:, :W * H] - 16) * 255 / 219
    b[:, W * H:] = (b[:, W * H:] - 128) * 255 / 224 + 128
    b = np.clip(np.round(b), 0, 255).reshape(-1)
    worst = min(psnr(a[i * FRAME:(i + 1) * FRAME],
                     b[i * FRAME:(i + 1) * FRAME]) for i in range(n))
    check(worst >= MIN_PSNR, '%s: worst frame PSNR %.1f dB (>= %.0f)' %
          (what, worst, MIN_PSNR))


def finish(proc, what):
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        check(False, what + ': timed out')
        return False
    if proc.returncode != 0:
        print('  ' + err.decode().strip())
    check(proc.returncode == 0, '%s exited with %d' % (what, proc.returncode))
    return proc.returncode == 0


def server_receives(ref):
    port = free_port()
    out = os.path.join(tmp, 'server-rx.yuv')
    rx = gst_spawn(['tcpserversrc', 'host=127.0.0.1', 'port=%d' % port, '!',
                 'b64imgdec', '!', 'video/x-raw,format=I420', '!',
                 'filesink', 'location=' + out])
    sent = False
    deadline = time.monotonic() + TIMEOUT
    while not sent and time.monotonic() < deadline and rx.poll() is None:
        tx = run([GST_LAUNCH, '-q'] + SRC +
                 ['!', 'b64imgenc', '!', 'tcpclientsink', 'host=127.0.0.1',
                  'port=%d' % port])
        if tx.returncode == 0:
            sent = True
        else:
            time.sleep(0.2)     # not listening yet
    check(sent, 'tcpclientsink sender delivered its frames')
    if finish(rx, 'tcpserversrc ! b64imgdec receiver'):
        check_frames(out, ref, 'tcpserversrc ! b64imgdec')
    elif rx.poll() is None:
        rx.kill()


def client_receives(ref):
    import gi
    gi.require_version('Gst', '1.0')
    from gi.repository import Gst
    Gst.init(None)

    port = free_port()
    out = os.path.join(tmp, 'client-rx.yuv')
    tx = Gst.parse_launch(' '.join(SRC) + ' ! b64imgenc ! tcpserversink '
                          'name=sink host=127.0.0.1 port=%d' % port)
    clients = []
    tx.get_by_name('sink').connect('client-added',
                                   lambda sink, c: clients.append(c))
    tx.set_state(Gst.State.PAUSED)
    rx = None
    deadline = time.monotonic() + TIMEOUT
    # the client retries until the server socket accepts
    while not clients and time.monotonic() < deadline:
        if rx is None or rx.poll() is not None:
            rx = gst_spawn(['tcpclientsrc', 'host=127.0.0.1', 'port=%d' % port,
                         '!', 'b64imgdec', '!', 'video/x-raw,format=I420',
                         '!', 'filesink', 'location=' + out])
        time.sleep(0.1)
    check(bool(clients), 'tcpclientsrc connected to tcpserversink')
    tx.set_state(Gst.State.PLAYING)
    bus = tx.get_bus()
    msg = bus.timed_pop_filtered(TIMEOUT * Gst.SECOND,
                                 Gst.MessageType.EOS | Gst.MessageType.ERROR)
    check(msg is not None and msg.type == Gst.MessageType.EOS,
          'tcpserversink sender reached EOS')
    tx.set_state(Gst.State.NULL)       # closes the socket: client EOS
    if rx is not None and finish(rx, 'tcpclientsrc ! b64imgdec receiver'):
        check_frames(out, ref, 'tcpclientsrc ! b64imgdec')
    elif rx is not None and rx.poll() is None:
        rx.kill()


def main():
    ref = reference()
    check(len(ref) == N * FRAME, 'reference: %d frames' % (len(ref) // FRAME))
    server_receives(ref)
    client_receives(ref)


if __name__ == '__main__':
    b64imgtest.main(main)
