/* b64img — test helpers that need neither GStreamer nor gst-check: random
 * data, memory figures, PSNR, reference JPEGs from TurboJPEG, PNG chunks,
 * fixture files. Failures abort through g_assert, which both the GLib unit
 * tests and the forked gst-check tests report.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_TESTUTIL_H
#define B64_TESTUTIL_H

#include <glib.h>

G_BEGIN_DECLS

/* @n bytes from @rand (a block of at least one byte; g_free). */
guint8 *b64t_random_bytes (GRand *rand, gsize n);

/* Peak and current resident size of this process, in KiB, or -1 when
 * /proc does not say. */
glong b64t_vm_hwm_kib (void);
glong b64t_vm_rss_kib (void);
/* Resets the peak (VmHWM) to the current size; FALSE where Linux does
 * not allow it. */
gboolean b64t_reset_peak (void);
/* Threads of this process whose name starts with @prefix and that are not
 * exiting, or -1 when Linux's /proc does not tell. */
glong b64t_threads_named (const gchar *prefix);

/* 10 log10 (255^2 / MSE) of two 8-bit sample arrays; 99 when equal. */
gdouble b64t_psnr (const guint8 *a, const guint8 *b, gsize n);

/* tjCompress2 () of @pixels (TurboJPEG pixel format @pf, TJSAMP @samp) on
 * a fresh handle: TurboJPEG 2.1.5 writes broken baseline files on a handle
 * that made a progressive one. Returns a g_malloc'd JPEG. */
guint8 *b64t_tj_compress (const guint8 *pixels, gint w, gint stride, gint h,
    gint pf, gint samp, gint quality, gint flags, gsize *size);

/* A smooth, asymmetric RGB picture: each channel moves at most a few levels
 * per pixel, and R, G, B differ so that swapped planes show. */
guint8 *b64t_smooth_rgb (gint w, gint h, guint seed);
/* That picture as a JPEG of sampling @samp. */
guint8 *b64t_smooth_jpeg (gint w, gint h, gint samp, gint quality, guint seed,
    gint flags, gsize *size);
/* ... at quality 90, no flags, as base64 text (g_free). */
gchar *b64t_smooth_b64 (gint w, gint h, gint samp, guint seed);

/* The big-endian 32-bit word at @p. */
guint32 b64t_be32 (const guint8 *p);
/* PNG's CRC-32 of @n bytes. */
guint32 b64t_png_crc32 (const guint8 *p, gsize n);
/* Offset of the first chunk of @type (its length field), or 0. */
gsize b64t_png_find_chunk (const guint8 *png, gsize size, const gchar *type);
/* Rewrites the width and height in IHDR and fixes its CRC. */
void b64t_png_set_ihdr_size (guint8 *png, guint32 w, guint32 h);

/* The file @name of the directory @dir (g_free); aborts when unreadable. */
guint8 *b64t_load_file (const gchar *dir, const gchar *name, gsize *size);

G_END_DECLS
#endif
