#!/bin/sh
# b64img — runs one fuzz target for a while on a copy of its seeds.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: run.sh FUZZER SEEDDIR SECONDS [WORKDIR]
# The corpus grows in WORKDIR (default: FUZZER's name + "-corpus" beside
# it, emptied first); a crash leaves crash-* / leak-* / timeout-* files
# there and a non-zero exit. The sanitizer options are CI's.
set -eu
FUZZER=$1
SEEDS=$2
SECONDS_=$3
WORK=${4:-$FUZZER-corpus}
HERE=$(cd "$(dirname "$0")" && pwd)

rm -rf "$WORK"
mkdir -p "$WORK/corpus" "$WORK/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$HERE/../../.ci/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Slices as plain mallocs, so that LeakSanitizer sees every block (GLib's
# advice for leak checkers); set here, as GLib reads it in its constructor.
export G_SLICE=always-malloc
# A single input over 10 s is a hang; over 1.5 GB of RSS a runaway.
"$FUZZER" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=1536 \
  -max_len=262144 -print_final_stats=1 \
  -artifact_prefix="$WORK/artifacts/" "$WORK/corpus" "$SEEDS"
