/* b64img — helpers of the element tests (gst-check): the pixel formats the
 * elements take, a harness with its own bus, pushing text, reading what
 * came out, raw frames.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_TEST_HARNESS_H
#define B64_TEST_HARNESS_H

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "testutil.h"

G_BEGIN_DECLS

/* ---- formats: the lists of gst/gstb64imgformats.h ----------------------- */

/* Formats of b64imgenc's sink (and of b64imgdec's JPEG output), in the
 * header's order; @n: how many. */
const gchar *const *b64t_enc_formats (guint *n);
/* The YUV ones among them. */
const gchar *const *b64t_yuv_formats (guint *n);

/* ---- suites ------------------------------------------------------------ */

/* A test case @name added to @s, with a timeout of @timeout seconds when
 * @timeout > 0 (else check's default). */
TCase *b64t_add_tcase (Suite *s, const gchar *name, gint timeout);

/* ---- a harness with a bus ---------------------------------------------- */

/* A harness of "@element threads=@threads" (b64imgenc or b64imgdec). */
GstHarness *b64t_harness_threads (const gchar *element, gint threads);
/* The caps of raw video of @fmt at @w x @hgt, @fps frames a second, on the
 * harness's source. */
void b64t_set_raw_caps (
    GstHarness *h, GstVideoFormat fmt, gint w, gint hgt, gint fps);
/* Pushes @frame (a reference is taken) through a harness of @launch whose
 * source has the caps of b64t_set_raw_caps (); returns the one output buffer
 * as text (g_free), and the caps it went out with in @caps unless NULL. */
gchar *b64t_encode_frame_text (const gchar *launch, GstVideoFormat fmt, gint w,
    gint hgt, gint fps, GstBuffer *frame, GstCaps **caps);

typedef struct
{
  GstHarness *h;
  GstBus *bus;
  GstElement *element; /* the first b64imgenc or b64imgdec in it */
  GQueue msgs;         /* popped from the bus, not counted yet */
} B64tRun;

/* @pipeline: e.g. "b64imgdec max-pixels=100 ! videoconvert"; @sink_caps:
 * what the harness sink accepts (NULL: anything); @src_caps: input caps,
 * or NULL for none at all (a byte stream, as from filesrc: stream-start and
 * a BYTES segment). */
void b64t_open (B64tRun *r, const gchar *pipeline, const gchar *src_caps,
    const gchar *sink_caps);
void b64t_close (B64tRun *r);
/* No caps, as from filesrc: stream-start and a BYTES segment. */
void b64t_start_byte_stream (GstHarness *h);

/* Messages of @type (WARNING or ERROR) posted so far, taken off the bus;
 * each must contain @must_contain (any case) when not NULL; the first's
 * text goes to *@first_text when that is not NULL and unset. */
guint b64t_count_messages (B64tRun *r, GstMessageType type,
    const gchar *must_contain, gchar **first_text);
/* Warnings on a bus of one's own, taken off it. */
guint b64t_bus_count_warnings (GstBus *bus);

/* "WARNING: message (debug)" of a warning or error message (g_free). */
gchar *b64t_message_text (GstMessage *msg);
/* Whether the message's text or debug string holds one of the
 * |-separated @reasons (any case). */
gboolean b64t_message_says (GstMessage *msg, const gchar *reasons);
/* Fails when a warning or error is on @bus. */
void b64t_assert_no_warning (GstBus *bus, const gchar *what);

/* FLUSH_START, FLUSH_STOP (resetting time) and a TIME segment, each taken. */
void b64t_push_flush (GstHarness *h);

/* ---- pushing text ------------------------------------------------------ */

GstFlowReturn b64t_push_text (
    GstHarness *h, const gchar *text, gsize len, GstClockTime pts);
GstFlowReturn b64t_push_str (GstHarness *h, const gchar *text);
/* A frame pushed as one framed buffer, or as a line of a stream. */
GstFlowReturn b64t_push_frame (
    GstHarness *h, const gchar *b64, gboolean framed);
/* @text whole (@rand NULL), or in pieces of 1 to @max bytes; each push
 * must return GST_FLOW_OK. */
void b64t_push_pieces (GstHarness *h, const gchar *text, GRand *rand, gint max);

/* ---- what came out ----------------------------------------------------- */

/* The caps on the harness's sink pad (must be set). */
GstCaps *b64t_current_caps (GstHarness *h);
void b64t_current_info (GstHarness *h, GstVideoInfo *info);
const gchar *b64t_current_format (GstHarness *h);
/* Caps events still queued on the harness's sink, in order. */
GPtrArray *b64t_pull_caps_events (GstHarness *h);

/* Appends the visible pixels of @buf as @caps lay them out (no stride
 * padding). */
void b64t_append_pixels (GByteArray *a, GstBuffer *buf, GstCaps *caps);

/* ---- raw frames -------------------------------------------------------- */

/* The 8-bit sample of component @c at (@x, @y), in that component's own
 * (subsampled) coordinates. */
typedef guint8 (*B64tSampleFunc) (
    const GstVideoInfo *info, guint c, gint x, gint y, gpointer user);
/* A frame of @info (8-bit samples) made sample by sample by @fn. */
GstBuffer *b64t_frame_from_samples (
    const GstVideoInfo *info, B64tSampleFunc fn, gpointer user);

GstBuffer *b64t_random_frame (GRand *rand, const GstVideoInfo *info);
/* @src converted by GstVideoConverter to @info's format, size, colorimetry
 * and chroma siting (@options: converter options, taken). */
GstBuffer *b64t_convert (
    GstVideoFrame *src, const GstVideoInfo *info, GstStructure *options);
/* The smooth RGB picture of b64t_smooth_rgb () in any raw format; alpha,
 * where there is some, a ramp. */
GstBuffer *b64t_make_raw (const GstVideoInfo *info, guint seed);
/* Any raw frame as packed RGB (w * h * 3 bytes, g_free). */
guint8 *b64t_to_rgb (GstBuffer *buf, const GstVideoInfo *info);
/* Video info of a caps string. */
void b64t_info_from_string (GstVideoInfo *info, const gchar *caps_str);

G_END_DECLS
#endif
