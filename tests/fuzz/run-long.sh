#!/bin/sh
# b64img — the long fuzz run: every target for a while, then a Markdown
# table of what it did (execs, coverage, corpus, crashes) for
# docs/robustness.md.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: tests/fuzz/run-long.sh [SECONDS_PER_TARGET] [PARALLEL] [TARGETS]
#   defaults: 900 s (15 min) a target, 2 targets at a time, every target
#   (TARGETS: e.g. "b64imgdec b64imgenc").
# Builds $FUZZ_BUILD (default build-fuzz/; see docs/robustness.md) when
# missing, runs each target from its seeds under `nice -n 19` (run.sh:
# ASan + UBSan, CI's options) in $FUZZ_BUILD/fuzz-long/TARGET/, and exits
# non-zero when any target found something (crash-*, leak-*, timeout-*,
# oom-* in $FUZZ_BUILD/fuzz-long/TARGET/artifacts/).
set -eu
cd "$(dirname "$0")/../.."
SECS=${1:-900}
PAR=${2:-2}
BUILD=${FUZZ_BUILD:-build-fuzz}
[ -f "$BUILD/build.ninja" ] ||
  CC=clang meson setup "$BUILD" -Dfuzz=enabled -Db_lundef=false >&2
ninja -C "$BUILD" fuzz >&2
OUT=$BUILD/fuzz-long
rm -rf "$OUT"
mkdir -p "$OUT"
# every target has its seeds directory
TARGETS=${3:-$(cd "$BUILD/tests/fuzz" && ls -d seeds-* | sed 's/^seeds-//')}

START=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
# PAR at a time (all run equally long, so in batches).
running=0
for t in $TARGETS; do
  echo "run-long: $t for $SECS s" >&2
  (nice -n 19 sh tests/fuzz/run.sh "$BUILD/tests/fuzz/fuzz_$t" \
    "$BUILD/tests/fuzz/seeds-$t" "$SECS" "$OUT/$t" > "$OUT/$t.log" 2>&1 ||
    echo "$t" >> "$OUT/failed") &
  running=$((running + 1))
  if [ "$running" -ge "$PAR" ]; then
    wait
    running=0
  fi
done
wait
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

echo "Run of $START: \`tests/fuzz/run-long.sh $SECS $PAR\`, $(nproc) cores," \
  "load $LOAD0 / $LOAD1, clang $(clang -dumpversion)."
echo
echo "| target | s | execs | execs/s | cov | ft | corpus (files) | findings |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for t in $TARGETS; do
  log=$OUT/$t.log
  # libFuzzer's lines may hold raw bytes (dictionary entries)
  execs=$(LC_ALL=C sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(LC_ALL=C sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  secs=$(LC_ALL=C sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  last=$(LC_ALL=C grep -a -E '^#[0-9]+.* cov: ' "$log" | tail -n1)
  cov=$(echo "$last" | LC_ALL=C sed -n 's/.* cov: \([0-9]*\) .*/\1/p')
  ft=$(echo "$last" | LC_ALL=C sed -n 's/.* ft: \([0-9]*\) .*/\1/p')
  corpus=$(ls "$OUT/$t/corpus" | wc -l)
  crashes=$(ls "$OUT/$t/artifacts" | wc -l)
  echo "| $t | ${secs:-?} | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | $corpus | $crashes |"
done
[ ! -f "$OUT/failed" ]
