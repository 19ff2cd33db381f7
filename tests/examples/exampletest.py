# b64img — what the example tests share: pass/fail counting, free loopback
# ports, child processes that are always stopped, and comparing decoded
# I420 frames with the videotestsrc frames they were made from.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np

EXAMPLES = os.path.dirname(os.path.abspath(__file__))


class Checks:
    """Counts and prints ok/FAIL lines; exit() gives the test's status."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(('ok   ' if ok else 'FAIL ') + what, flush=True)
        return ok

    def exit(self):
        print('%d passed, %d failed' % (self.passed, self.failed))
        sys.exit(1 if self.failed or not self.passed else 0)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Children:
    """Starts processes each in its own process group and, on leaving the
    with block, stops every group it started (TERM, then KILL), so no
    broker, browser or pipeline outlives the test."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
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
    out = subprocess.run(
        ['gst-launch-1.0', '-q'] + source.split() + ['!', 'fdsink'],
        stdout=subprocess.PIPE, check=True, timeout=60).stdout
    frame = width * height * 3 // 2
    assert len(out) == n * frame, 'reference: %d bytes' % len(out)
    ref = np.frombuffer(out, np.uint8).astype(float).reshape(n, frame)
    luma = width * height
    ref[:, :luma] = (ref[:, :luma] - 16) * 255 / 219
    ref[:, luma:] = (ref[:, luma:] - 128) * 255 / 224 + 128
    return np.clip(np.round(ref), 0, 255)


def psnr(a, b):
    mse = np.mean((np.asarray(a, float) - b) ** 2)
    return 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def match_frames(data, ref):
    """For each decoded frame in data (I420 bytes, the reference's size),
    the index of the reference frame it is closest to and the PSNR there."""
    frame = ref.shape[1]
    got = np.frombuffer(data[:len(data) // frame * frame], np.uint8)
    return [max(((psnr(f, r), i) for i, r in enumerate(ref)))[::-1]
            for f in got.reshape(-1, frame)]
