/* b64img — what the GStreamer fuzz targets share
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64IMG_FUZZ_GST_H
#define B64IMG_FUZZ_GST_H

#include <gst/check/gstharness.h>
#include <gst/gst.h>

#include "fuzz_check.h"

/* Raw format number @i (modulo their count) of the "format" list in the
 * caps of @factory's pad template @pad, e.g. ("b64imgdec", "src", i). */
const gchar *fuzz_template_format (
    const gchar *factory, const gchar *pad, guint i);

/* libFuzzer's start-up hook of the GStreamer targets: fuzz_gst_init (). */
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* Initializes GStreamer once per process, without any registry or plugin
 * from disk, and registers b64img statically. CRITICAL and WARNING logs
 * abort, so libFuzzer reports them as crashes. */
void fuzz_gst_init (void);

/* A playing harness of @desc (gst_harness_new_parse, so READY-only
 * properties are set before it starts) with @caps on its source. Every
 * buffer reaching its sink is checked against the raw video caps it comes
 * with (size, mapping) when @raw_out. */
GstHarness *fuzz_harness_new (
    const gchar *desc, const gchar *caps, gboolean raw_out);

/* gst_harness_teardown (), then checks that no thread the elements started
 * is left (they join their workers when they stop). */
void fuzz_harness_teardown (GstHarness *h);

/* Pulls and drops every buffer waiting at the harness's sink; returns how
 * many there were. */
guint fuzz_harness_drain (GstHarness *h);

#endif
