#!/usr/bin/python3
# b64img — runs the README's Python example as it is written there
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Extracts the ```python block under "## From Python" in README.md, runs
it with this interpreter (the system one, with PyGObject) against the
uninstalled plugin, and checks what it prints: one "width height size"
line per frame of the encoding pipeline's num-buffers, each an RGB frame
of width x height x 3 bytes."""
import os
import re
import sys

from b64imgtest import run

SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION = "## From Python"


def example():
    text = open(os.path.join(SRCDIR, "README.md")).read()
    if SECTION not in text:
        sys.exit("README.md has no '%s' section" % SECTION)
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    if not m:
        sys.exit("README.md: no ```python block under '%s'" % SECTION)
    return m.group(1)


def main():
    code = example()
    frames = re.search(r"num-buffers=(\d+)", code)
    if not frames:
        sys.exit("README.md example: no num-buffers= to know how many "
                 "frames it should print")
    frames = int(frames.group(1))
    r = run([sys.executable, "-c", code], timeout=120)
    err = r.stderr.decode()
    sys.stderr.write(err)
    if r.returncode != 0:
        sys.exit("README.md example failed (exit %d)" % r.returncode)
    for bad in ("CRITICAL", "WARNING", "Traceback"):
        if bad in err:
            sys.exit("README.md example printed a %s" % bad)
    lines = r.stdout.decode().splitlines()
    print("\n".join(lines))
    if len(lines) != frames:
        sys.exit("README.md example printed %d lines, expected one per "
                 "frame (%d)" % (len(lines), frames))
    for line in lines:
        w, h, size = (int(v) for v in line.split())
        if w <= 0 or h <= 0 or size != w * h * 3:
            sys.exit("README.md example: %r is not an RGB frame's "
                     "width, height and size" % line)
    print("README example: %d frames decoded as printed" % frames)


if __name__ == "__main__":
    main()
