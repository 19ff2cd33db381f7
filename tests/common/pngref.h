/* b64img — helpers of the PNG element tests: the fixture PNGs (made by
 * the build, see png_fixtures.py, plus some from the project's libspng
 * wrapper), base64 text of them, a b64imgdec harness per input mode, and
 * pixel comparisons of 8- and 16-bit layouts.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_TEST_PNGREF_H
#define B64_TEST_PNGREF_H

#include "harness.h"
#include "b64png.h"

G_BEGIN_DECLS

/* ---- fixtures ------------------------------------------------------------ */

typedef struct
{
  gchar *name;
  gint width;
  gint height;
  GstVideoFormat native; /* expected when downstream takes anything */
  gboolean deep;         /* 16-bit samples */
  gboolean gray;         /* no colour: gray output is exact */
  guint8 *png;
  gsize png_size;
  guint16 *ref; /* RGBA, 16 bits per sample, per pixel */
} Fixture;

/* The fixtures, loaded by b64t_png_main () before the tests run. */
extern GPtrArray *fixtures; /* Fixture * */

/* A file of the fixture directory (g_free). */
guint8 *fixture_file (const gchar *name, gsize *size);

/* Loads the fixtures, runs @suite (mallopt first: see pngref.c). */
int b64t_png_main (int argc, char **argv, Suite *(*suite) (void) );

/* ---- PNG and text -------------------------------------------------------- */

/* @src (rows @stride apart) as a PNG by the project's wrapper (g_free). */
guint8 *encode_png (const guint8 *src, gsize stride, gint w, gint h,
    B64PngFormat fmt, gint level, gsize *size);
/* Random pixels as a PNG (g_free). */
guint8 *random_png (GRand *r, gint w, gint h, B64PngFormat fmt, gsize *size);

enum
{
  TEXT_DATA_URI = 1 << 0,
  TEXT_WRAP = 1 << 1, /* MIME style, CRLF every 76 columns */
  TEXT_CRLF = 1 << 2, /* line ends with CRLF instead of LF */
  TEXT_LINE = 1 << 3, /* ends with a line end */
};

/* Base64 text of @data as a framed buffer or a stream line wants it. */
gchar *make_text (
    const guint8 *data, gsize size, guint flags, const gchar *mime);

/* ---- harnesses ----------------------------------------------------------- */

typedef enum
{
  IN_FRAMED,      /* image/x-base64, framed=true */
  IN_FRAMED_RATE, /* ... with framerate=30/1 */
  IN_STREAM_CAPS, /* image/x-base64, framed=false */
  IN_NO_CAPS,     /* no caps at all, as from filesrc */
} InputMode;

/* A b64imgdec harness taking @mode input, downstream @sink_caps (NULL:
 * anything); with a bus of its own in *@bus unless @bus is NULL. */
GstHarness *new_dec (const gchar *sink_caps, InputMode mode, GstBus **bus);
void free_dec (GstHarness *h, GstBus *bus);

/* ---- pixel comparison ---------------------------------------------------- */

/* Component @c of the packed pixel at @px. */
guint16 read_comp (const guint8 *px, const GstVideoFormatInfo *fi, guint c);
/* A packed RGB or gray frame against 16-bit RGBA @ref: every component the
 * format has; 8-bit formats hold the high byte. */
void check_packed (GstVideoFrame *f, const guint16 *ref, const gchar *what);
/* Every component of @a against @b, at most @tol apart. */
void check_planes (
    GstVideoFrame *a, GstVideoFrame *b, gint tol, const gchar *what);
/* Packed frames @in and @out compared component by component: alpha that
 * @in lacks must come out opaque; padding is ignored. */
void check_same_pixels (
    GstVideoFrame *in, GstVideoFrame *out, const gchar *what);
/* Pulls one frame and checks its size and pixels against the fixture. */
void check_fixture_output (GstHarness *h, const Fixture *fx, const gchar *what);

G_END_DECLS
#endif
