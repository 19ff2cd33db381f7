# b64img — PyGObject helpers of the in-process tests (autoplug.py,
# binary_input.py, tags.py): a pipeline run to its end with the bus's
# warnings and errors, and RGB frames out of an appsink.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import numpy as np

import gi

from b64imgtest import TIMEOUT

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402


def collect_rgb(appsink, frames):
    """Appends each RGB sample reaching @appsink to @frames as an
    H x W x 3 array (GStreamer's rows are padded to 4 bytes)."""
    def new_sample(s):
        sample = s.emit("pull-sample")
        st = sample.get_caps().get_structure(0)
        w, h = st.get_value("width"), st.get_value("height")
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        raw = np.frombuffer(info.data, np.uint8).copy()
        buf.unmap(info)
        stride = (w * 3 + 3) // 4 * 4
        frames.append(raw.reshape(h, stride)[:, :w * 3].reshape(h, w, 3))
        return Gst.FlowReturn.OK

    appsink.set_property("emit-signals", True)
    appsink.set_property("sync", False)
    appsink.connect("new-sample", new_sample)


def run_to_end(pipe, feed=None):
    """Plays @pipe to EOS or its first ERROR (@feed: buffers pushed into
    its appsrc "in" first), then stops it. Returns (warnings, errors): the
    texts of the bus's WARNING and ERROR messages ("timeout" when neither
    EOS nor ERROR came)."""
    pipe.set_state(Gst.State.PLAYING)
    if feed is not None:
        src = pipe.get_by_name("in")
        for data in feed:
            src.emit("push-buffer", Gst.Buffer.new_wrapped(data))
        src.emit("end-of-stream")
    warnings, errors = [], []
    bus = pipe.get_bus()
    while True:
        msg = bus.timed_pop_filtered(
            TIMEOUT * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR
            | Gst.MessageType.WARNING)
        if msg is None:
            errors.append("timeout")
        elif msg.type == Gst.MessageType.WARNING:
            warnings.append(msg.parse_warning()[0].message)
            continue
        elif msg.type == Gst.MessageType.ERROR:
            errors.append(msg.parse_error()[0].message)
        break
    pipe.set_state(Gst.State.NULL)
    return warnings, errors
