#!/bin/bash
# b64img example: camera frames over MQTT, one message per frame.
#
#   mqtt-camera.sh publish   [options]   camera -> b64imgenc -> mosquitto_pub -l
#   mqtt-camera.sh subscribe [options]   mosquitto_sub -> b64imgdec -> window
#
# Options (both):
#   --host H          broker address (127.0.0.1)
#   --port P          broker port (1883)
#   --topic T         topic (b64img/camera)
#   --qos Q           MQTT QoS 0, 1 or 2 (0)
#   --json            frames as JSON lines: b64imgenc envelope=json, whose
#                     objects b64imgdec reads back (with their pts)
# publish:
#   --source "..."    the camera (default: a live videotestsrc at 640x480,
#                     15 fps; "v4l2src" for a real one)
#   --quality Q       JPEG quality (80)
# subscribe:
#   --count N         stop after N messages (default: run until stopped)
#   --sink "..."      where decoded frames go (default: videoconvert !
#                     autovideosink sync=false)
#   --all-frames      keep every frame; by default a leaky queue drops stale
#                     frames when the sink is slower than the camera, so a
#                     slow display shows the newest frame and memory stays flat
#
# Needs bash, mosquitto-clients and the plugin (installed, or GST_PLUGIN_PATH).
# Every message is one line of base64 (or one JSON object): mosquitto_pub -l
# publishes each line of its input as one message, and mosquitto_sub prints
# each message as one line, which is what b64imgdec reads from fdsrc.
#
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# pipefail: a pipeline that fails fails the script, not only mosquitto_pub
set -euo pipefail

usage() {
  sed -n '2,30s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

[ $# -ge 1 ] || usage
mode=$1
shift

host=127.0.0.1
port=1883
topic=b64img/camera
qos=0
envelope=
source="videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=480,framerate=15/1"
quality=80
count=
sink="videoconvert ! autovideosink sync=false"
stale="queue max-size-buffers=1 max-size-bytes=0 max-size-time=0 leaky=downstream !"

while [ $# -gt 0 ]; do
  case $1 in
    --host) host=$2; shift ;;
    --port) port=$2; shift ;;
    --topic) topic=$2; shift ;;
    --qos) qos=$2; shift ;;
    --json) envelope="envelope=json" ;;
    --source) source=$2; shift ;;
    --quality) quality=$2; shift ;;
    --count) count="-C $2"; shift ;;
    --sink) sink=$2; shift ;;
    --all-frames) stale= ;;
    *) usage ;;
  esac
  shift
done

case $mode in
  publish)
    # gst-launch-1.0 -q keeps its own messages off stdout, which carries
    # only the frames
    # shellcheck disable=SC2086  # the pipeline descriptions are word lists
    gst-launch-1.0 -q $source ! videoconvert ! \
      b64imgenc quality="$quality" $envelope ! fdsink |
      mosquitto_pub -h "$host" -p "$port" -t "$topic" -q "$qos" -l
    ;;
  subscribe)
    # shellcheck disable=SC2086
    mosquitto_sub -h "$host" -p "$port" -t "$topic" -q "$qos" $count |
      gst-launch-1.0 -q fdsrc ! b64imgdec ! $stale $sink
    ;;
  *) usage ;;
esac
