/* b64img tests — numbered pictures and a recorder of what came out, for
 * the tests of frames in parallel and their lifecycles
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each picture carries its number drawn as 8 black or white blocks of 8x8
 * pixels in its top left corner (numbers modulo 256, pictures at least 64
 * pixels wide and 8 high), so that order survives JPEG.
 */
#ifndef B64_TEST_NUMBERED_H
#define B64_TEST_NUMBERED_H

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* The luma of picture @n at (@x, @y). */
guint8 b64t_number_level (gint x, gint y, guint n);

/* A raw frame of @info (planar or semi-planar YUV, packed RGB, gray)
 * showing @n, chroma flat. */
GstBuffer *b64t_numbered_frame (const GstVideoInfo *info, guint n);
/* Frame @n of a stream of frames @dur long: b64t_numbered_frame () of
 * @format, @w x @h, at PTS @n * @dur, lasting @dur. */
GstBuffer *b64t_numbered_frame_at (
    GstVideoFormat format, gint w, gint h, guint n, GstClockTime dur);

/* The number drawn in 8-bit luma, rows @stride bytes apart. */
guint b64t_read_number (const guint8 *y0, gint stride);

/* A base64 JPEG (4:2:0, quality 90) of a @w x @h picture showing @n. */
gchar *b64t_numbered_b64_jpeg (gint w, gint h, guint n);

/* The number in a base64 JPEG text ending in a line feed, and its size. */
guint b64t_text_number (GstBuffer *text, gint *w, gint *h);

/* The number in a raw frame of @caps, and its size. */
guint b64t_raw_number (GstBuffer *buf, GstCaps *caps, gint *w, gint *h);

/* Buffers (with the caps they went out with) and EOS, in arrival order, as
 * seen by a harness's sink pad: frames may be pushed from other threads. */
typedef struct
{
  GMutex lock;
  GPtrArray *bufs; /* GstBuffer */
  GPtrArray *caps; /* GstCaps, one per buffer */
  guint eos_after; /* buffers before EOS, or G_MAXUINT */
} B64tRecorder;

void b64t_recorder_attach (B64tRecorder *r, GstHarness *h);
void b64t_recorder_clear (B64tRecorder *r);
/* EOS came, after every one of @n buffers. */
void b64t_recorder_check_eos (B64tRecorder *r, guint n);

G_END_DECLS
#endif
