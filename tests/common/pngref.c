/* b64img — helpers of the PNG element tests (see pngref.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "pngref.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef B64T_PNG_FIXTURES
#error "B64T_PNG_FIXTURES: the directory png_fixtures.py elements wrote"
#endif

static gchar *fixture_dir;
GPtrArray *fixtures;

guint8 *
fixture_file (const gchar *name, gsize *size)
{
  return b64t_load_file (fixture_dir, name, size);
}

static void
fixture_free (gpointer p)
{
  Fixture *f = p;

  g_free (f->name);
  g_free (f->png);
  g_free (f->ref);
  g_free (f);
}

static void
add_fixture (const gchar *name, gint w, gint h, GstVideoFormat native,
    gboolean deep, gboolean gray, guint8 *png, gsize png_size, guint16 *ref)
{
  Fixture *f = g_new (Fixture, 1);

  *f = (Fixture){ .name = g_strdup (name),
    .width = w,
    .height = h,
    .native = native,
    .deep = deep,
    .gray = gray,
    .png = png,
    .png_size = png_size,
    .ref = ref };
  g_ptr_array_add (fixtures, f);
}

static void
load_script_fixtures (void)
{
  gsize size;
  gchar *manifest = (gchar *) fixture_file ("manifest.txt", &size);
  gchar **lines = g_strsplit (manifest, "\n", -1);

  for (gchar **l = lines; *l; l++) {
    gchar name[64], native[16], *file;
    gint w, h, bits, gray;
    gsize n, rsize;
    guint8 *raw;
    guint16 *ref;
    guint8 *png;
    gsize png_size;

    if (!**l)
      continue;
    g_assert_cmpint (sscanf (*l, "%63s %d %d %15s %d %d", name, &w, &h, native,
                         &bits, &gray),
        ==, 6);
    n = (gsize) w * h * 4;
    file = g_strconcat (name, ".ref", NULL);
    raw = fixture_file (file, &rsize);
    g_free (file);
    g_assert_cmpuint (rsize, ==, n * bits / 8);
    ref = g_new (guint16, n);
    for (gsize i = 0; i < n; i++)
      ref[i] = bits == 16 ? GST_READ_UINT16_BE (raw + 2 * i) : raw[i] * 257;
    g_free (raw);
    file = g_strconcat (name, ".png", NULL);
    png = fixture_file (file, &png_size);
    g_free (file);
    add_fixture (name, w, h, gst_video_format_from_string (native), bits == 16,
        gray, png, png_size, ref);
  }
  g_strfreev (lines);
  g_free (manifest);
}

/* PNGs written by the project's wrapper from random pixels. */
static void
add_wrapper_fixtures (void)
{
  static const struct
  {
    B64PngFormat fmt;
    GstVideoFormat native;
    gboolean gray;
    gint channels;
    gint bytes;
  } kinds[] = {
    { B64_PNG_GRAY8, GST_VIDEO_FORMAT_GRAY8, TRUE, 1, 1 },
    { B64_PNG_RGB8, GST_VIDEO_FORMAT_RGB, FALSE, 3, 1 },
    { B64_PNG_RGBA8, GST_VIDEO_FORMAT_RGBA, FALSE, 4, 1 },
    { B64_PNG_GRAY16_BE, GST_VIDEO_FORMAT_GRAY8, TRUE, 1, 2 },
    { B64_PNG_RGBA16_BE, GST_VIDEO_FORMAT_RGBA, FALSE, 4, 2 },
  };
  GRand *r = g_rand_new_with_seed (7);
  const gint w = 11, h = 5;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
    gint bpp = kinds[k].channels * kinds[k].bytes;
    guint8 *src = b64t_random_bytes (r, (gsize) w * h * bpp);
    guint16 *ref = g_new (guint16, (gsize) w * h * 4);
    guint8 *out = NULL;
    gsize size = 0, cap = 0;
    B64Error err = { 0 };
    gchar *name;

    g_assert_true (b64_png_encode (
        src, w * bpp, w, h, kinds[k].fmt, 6, &out, &size, &cap, &err));
    for (gint i = 0; i < w * h; i++) {
      guint16 s[4];

      for (gint c = 0; c < kinds[k].channels; c++) {
        const guint8 *p = src + i * bpp + c * kinds[k].bytes;
        s[c] = kinds[k].bytes == 2 ? GST_READ_UINT16_BE (p) : p[0] * 257;
      }
      if (kinds[k].channels == 1)
        s[1] = s[2] = s[0];
      if (kinds[k].channels < 4)
        s[3] = 65535;
      memcpy (ref + 4 * i, s, sizeof (s));
    }
    name = g_strdup_printf ("wrapper_%d", kinds[k].fmt);
    add_fixture (name, w, h, kinds[k].native, kinds[k].bytes == 2,
        kinds[k].gray, g_memdup2 (out, size), size, ref);
    g_free (name);
    free (out);
    g_free (src);
  }
  g_rand_free (r);
}

guint8 *
encode_png (const guint8 *src, gsize stride, gint w, gint h, B64PngFormat fmt,
    gint level, gsize *size)
{
  guint8 *out = NULL, *copy;
  gsize cap = 0;
  B64Error err = { 0 };

  fail_unless (
      b64_png_encode (src, stride, w, h, fmt, level, &out, size, &cap, &err),
      "%s", err.message);
  copy = g_memdup2 (out, *size);
  free (out);
  return copy;
}

guint8 *
random_png (GRand *r, gint w, gint h, B64PngFormat fmt, gsize *size)
{
  gsize stride = (gsize) w * b64_png_format_bpp (fmt);
  guint8 *src = b64t_random_bytes (r, stride * h);
  guint8 *png = encode_png (src, stride, w, h, fmt, 6, size);

  g_free (src);
  return png;
}

/* Base64 text of @data as a framed buffer or a stream line wants it. */
gchar *
make_text (const guint8 *data, gsize size, guint flags, const gchar *mime)
{
  gchar *b64 = g_base64_encode (data, size);
  GString *s = g_string_new (NULL);

  if (flags & TEXT_DATA_URI)
    g_string_append_printf (s, "data:%s;base64,", mime ? mime : "image/png");
  if (flags & TEXT_WRAP) {
    gsize len = strlen (b64);

    for (gsize i = 0; i < len; i += 76) {
      g_string_append_len (s, b64 + i, MIN (76, len - i));
      if (i + 76 < len)
        g_string_append (s, "\r\n");
    }
  } else {
    g_string_append (s, b64);
  }
  if (flags & TEXT_LINE)
    g_string_append (s, flags & TEXT_CRLF ? "\r\n" : "\n");
  g_free (b64);
  return g_string_free (s, FALSE);
}

GstHarness *
new_dec (const gchar *sink_caps, InputMode mode, GstBus **bus)
{
  GstHarness *h = gst_harness_new ("b64imgdec");

  if (bus) {
    *bus = gst_bus_new ();
    gst_element_set_bus (h->element, *bus);
  }
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  if (mode == IN_FRAMED) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)true");
  } else if (mode == IN_FRAMED_RATE) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)true, "
                                     "framerate=(fraction)30/1");
  } else if (mode == IN_STREAM_CAPS) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)false");
  } else {
    b64t_start_byte_stream (h);
  }
  return h;
}

void
free_dec (GstHarness *h, GstBus *bus)
{
  if (bus) {
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
  }
  gst_harness_teardown (h);
}

/* Component @c at @p (already at the component's offset). */
static guint16
read_at (const guint8 *p, const GstVideoFormatInfo *fi, guint c)
{
  if (GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) > 8)
    return GST_VIDEO_FORMAT_INFO_IS_LE (fi) ? GST_READ_UINT16_LE (p)
                                            : GST_READ_UINT16_BE (p);
  return p[0];
}

/* Component @c of the packed pixel at @px. */
guint16
read_comp (const guint8 *px, const GstVideoFormatInfo *fi, guint c)
{
  return read_at (px + GST_VIDEO_FORMAT_INFO_POFFSET (fi, c), fi, c);
}

/* A packed RGB or gray frame against 16-bit RGBA @ref: every component the
 * format has; 8-bit formats hold the high byte. */
void
check_packed (GstVideoFrame *f, const guint16 *ref, const gchar *what)
{
  const GstVideoFormatInfo *fi = f->info.finfo;
  gint w = GST_VIDEO_FRAME_WIDTH (f), h = GST_VIDEO_FRAME_HEIGHT (f);
  gint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0);
  guint n = GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fi);

  fail_unless (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 1);
  for (gint y = 0; y < h; y++) {
    const guint8 *row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (f, 0)
                        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (f, 0);

    for (gint x = 0; x < w; x++) {
      for (guint c = 0; c < n; c++) {
        guint16 got = read_comp (row + (gsize) x * ps, fi, c);
        guint16 want = ref[((gsize) y * w + x) * 4 + c];

        if (GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) <= 8)
          want >>= 8;
        if (G_UNLIKELY (got != want))
          ck_abort_msg ("%s: %s pixel (%d,%d) component %u is %u, not %u", what,
              GST_VIDEO_FORMAT_INFO_NAME (fi), x, y, c, got, want);
      }
    }
  }
}

/* Every component of @a against @b, at most @tol apart. */
void
check_planes (GstVideoFrame *a, GstVideoFrame *b, gint tol, const gchar *what)
{
  const GstVideoFormatInfo *fi = a->info.finfo;

  fail_unless_equals_int (
      GST_VIDEO_FRAME_FORMAT (a), GST_VIDEO_FRAME_FORMAT (b));
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (a); c++) {
    gint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, c);

    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (a, c); y++) {
      const guint8 *pa = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (a, c)
                         + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (a, c);
      const guint8 *pb = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (b, c)
                         + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (b, c);

      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (a, c); x++) {
        gint va = read_at (pa + (gsize) x * ps, fi, c);
        gint vb = read_at (pb + (gsize) x * ps, fi, c);

        if (G_UNLIKELY (ABS (va - vb) > tol))
          ck_abort_msg ("%s: %s component %u at (%d,%d): %d vs %d", what,
              GST_VIDEO_FORMAT_INFO_NAME (fi), c, x, y, va, vb);
      }
    }
  }
}

/* The fixture in its native 8-bit layout, as the decoder's intermediate
 * frame would hold it. */
static GstBuffer *
native_buffer (const Fixture *fx, GstVideoInfo *info)
{
  GstBuffer *buf;
  GstVideoFrame f;

  gst_video_info_set_format (info, fx->native, fx->width, fx->height);
  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  fail_unless (gst_video_frame_map (&f, info, buf, GST_MAP_WRITE));
  for (gint y = 0; y < fx->height; y++) {
    guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f, 0)
                  + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&f, 0);
    guint n = GST_VIDEO_FRAME_N_COMPONENTS (&f);

    for (gint x = 0; x < fx->width; x++)
      for (guint c = 0; c < n; c++)
        row[x * n + c] = fx->ref[((gsize) y * fx->width + x) * 4 + c] >> 8;
  }
  gst_video_frame_unmap (&f);
  return buf;
}

/* Pulls one frame and checks its size and pixels against the fixture:
 * exactly for packed RGB and gray layouts, through the same conversion
 * for YUV ones. */
void
check_fixture_output (GstHarness *h, const Fixture *fx, const gchar *what)
{
  GstBuffer *buf = gst_harness_try_pull (h);
  GstVideoInfo info;
  GstVideoFrame f;

  fail_unless (buf != NULL, "%s: no frame out", what);
  b64t_current_info (h, &info);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), fx->width);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), fx->height);
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ));
  if (GST_VIDEO_INFO_IS_YUV (&info)) {
    GstVideoInfo ninfo;
    GstBuffer *nbuf = native_buffer (fx, &ninfo), *rbuf;
    GstVideoFrame nf, rf;

    fail_unless (gst_video_frame_map (&nf, &ninfo, nbuf, GST_MAP_READ));
    rbuf = b64t_convert (&nf, &info, NULL);
    gst_video_frame_unmap (&nf);
    fail_unless (gst_video_frame_map (&rf, &info, rbuf, GST_MAP_READ));
    check_planes (&f, &rf, 1, what);
    gst_video_frame_unmap (&rf);
    gst_buffer_unref (rbuf);
    gst_buffer_unref (nbuf);
  } else if (!GST_VIDEO_INFO_IS_GRAY (&info) || fx->gray) {
    check_packed (&f, fx->ref, what);
  }
  /* else a colour image to gray: only its size is checked */
  gst_video_frame_unmap (&f);
  gst_buffer_unref (buf);
}

/* Packed frames @in and @out compared component by component: alpha that
 * @in lacks must come out opaque; padding is ignored. */
void
check_same_pixels (GstVideoFrame *in, GstVideoFrame *out, const gchar *what)
{
  const GstVideoFormatInfo *fi = in->info.finfo, *fo = out->info.finfo;
  gint w = GST_VIDEO_FRAME_WIDTH (in), hgt = GST_VIDEO_FRAME_HEIGHT (in);

  fail_unless_equals_int (GST_VIDEO_FRAME_WIDTH (out), w);
  fail_unless_equals_int (GST_VIDEO_FRAME_HEIGHT (out), hgt);
  for (gint y = 0; y < hgt; y++) {
    const guint8 *ri = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (in, 0)
                       + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (in, 0);
    const guint8 *ro = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (out, 0)
                       + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);

    for (gint x = 0; x < w; x++) {
      const guint8 *pi = ri + (gsize) x * GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0);
      const guint8 *po = ro + (gsize) x * GST_VIDEO_FORMAT_INFO_PSTRIDE (fo, 0);

      for (guint c = 0; c < GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fo); c++) {
        guint want
            = c == GST_VIDEO_COMP_A && !GST_VIDEO_FORMAT_INFO_HAS_ALPHA (fi)
                  ? 255
                  : read_comp (pi, fi, c);
        guint got = read_comp (po, fo, c);

        if (G_UNLIKELY (got != want))
          ck_abort_msg ("%s: %s -> %s pixel (%d,%d) component %u is %u, "
                        "not %u",
              what, GST_VIDEO_FORMAT_INFO_NAME (fi),
              GST_VIDEO_FORMAT_INFO_NAME (fo), x, y, c, got, want);
      }
    }
  }
}

int
b64t_png_main (int argc, char **argv, Suite *(*suite) (void) )
{
  SRunner *sr;
  int failed;

  /* meson sets MALLOC_PERTURB_, which fills every malloc'd block and so
   * makes untouched pages of big frames resident: peak memory would then
   * measure the test's environment, not the decoder. */
  mallopt (M_PERTURB, 0);
  gst_check_init (&argc, &argv);
  fixture_dir = g_strdup (B64T_PNG_FIXTURES);
  fixtures = g_ptr_array_new_with_free_func (fixture_free);
  load_script_fixtures ();
  add_wrapper_fixtures ();
  sr = srunner_create (suite ());
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  g_ptr_array_unref (fixtures);
  g_free (fixture_dir);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
