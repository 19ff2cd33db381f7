/* b64img — element tests of scaled decoding (b64imgdec reduce, automatic
 * scaling from downstream's caps) and b64imgenc optimize
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * References: libjpeg's own scaled decode (scale_num / scale_denom), driven
 * by this file; for PNG a box filter computed here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/harness.h"

#include <stdio.h>
#include <string.h>
#include <turbojpeg.h>
#include <jpeglib.h>
#if HAVE_SPNG
#include "b64png.h"
#endif

#define FRAMED "image/x-base64, framed=(boolean)true, framerate=(fraction)30/1"

/* every 8-bit output format */
static const gchar *const formats[] = { "I420", "YV12", "YUY2", "UYVY", "YVYU",
  "Y41B", "Y42B", "Y444", "NV12", "NV21", "RGB", "BGR", "RGBx", "xRGB", "BGRx",
  "xBGR", "GRAY8", "RGBA", "BGRA", "ARGB", "ABGR" };

static gchar *
jpeg_text (int w, int h, int samp, guint32 seed, guint8 **jpeg, gsize *size)
{
  *jpeg = b64t_smooth_jpeg (w, h, samp, 85, seed, 0, size);
  return g_base64_encode (*jpeg, *size);
}

/* libjpeg's RGB decode at @n / 8, rows tight; of the gray decode
 * repeated in R, G and B when @gray. */
static guint8 *
lj_scaled_rgb (
    const guint8 *jpeg, gsize size, int n, gboolean gray, int *w, int *h)
{
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr err;
  guint8 *out;

  d.err = jpeg_std_error (&err);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, jpeg, (unsigned long) size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  d.scale_num = (unsigned) n;
  d.scale_denom = 8;
  jpeg_start_decompress (&d);
  *w = (int) d.output_width;
  *h = (int) d.output_height;
  out = g_malloc ((gsize) *w * *h * 3);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = out + (gsize) d.output_scanline * *w * 3;

    jpeg_read_scanlines (&d, &row, 1);
    for (int x = *w - 1; gray && x >= 0; x--)
      row[x * 3] = row[x * 3 + 1] = row[x * 3 + 2] = row[x];
  }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  return out;
}

static GstHarness *
open_dec (const gchar *props, const gchar *sink_caps)
{
  gchar *desc = g_strdup_printf ("b64imgdec %s", props);
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  gst_harness_set_sink_caps_str (h, sink_caps);
  gst_harness_set_src_caps_str (h, FRAMED);
  return h;
}

/* The pulled frame as tight RGB (converted by GStreamer unless RGB), and
 * its size: the current caps', or, when *w is set, that size in the current
 * caps' format (frames queued before the caps changed). */
static guint8 *
pull_rgb (GstHarness *h, int *w, int *h_)
{
  GstBuffer *buf = gst_harness_pull (h);
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  GstVideoInfo in;
  guint8 *px;

  fail_unless (buf != NULL && caps != NULL);
  fail_unless (gst_video_info_from_caps (&in, caps));
  if (*w > 0) {
    GstVideoInfo sized;

    gst_video_info_set_format (&sized, GST_VIDEO_INFO_FORMAT (&in), *w, *h_);
    sized.fps_n = in.fps_n;
    sized.fps_d = in.fps_d;
    sized.colorimetry = in.colorimetry;
    sized.chroma_site = in.chroma_site;
    in = sized;
  }
  *w = in.width;
  *h_ = in.height;
  px = b64t_to_rgb (buf, &in);
  gst_buffer_unref (buf);
  gst_caps_unref (caps);
  return px;
}

/* PSNR of GStreamer's conversions, which site and filter chroma otherwise
 * than libjpeg: 25 dB holds down to chroma a few pixels wide */
#define MIN_PSNR_CONVERTED 25.0

static void
check_scaled (const gchar *props, const gchar *sink_caps, int w, int h,
    int samp, int n, gboolean exact)
{
  GstHarness *hs = open_dec (props, sink_caps);
  guint8 *jpeg;
  gsize size;
  gchar *text = jpeg_text (w, h, samp, w * 31 + h, &jpeg, &size);
  int rw, rh, gw = 0, gh = 0;
  gboolean gray = strstr (sink_caps, "GRAY8") != NULL;
  guint8 *want = lj_scaled_rgb (jpeg, size, n, gray, &rw, &rh), *got;

  fail_unless_equals_int (b64t_push_str (hs, text), GST_FLOW_OK);
  got = pull_rgb (hs, &gw, &gh);
  fail_unless_equals_int (gw, (w * n + 7) / 8);
  fail_unless_equals_int (gh, (h * n + 7) / 8);
  fail_unless_equals_int (gw, rw);
  fail_unless_equals_int (gh, rh);
  if (exact || gray)
    fail_unless (memcmp (got, want, (gsize) gw * gh * 3) == 0,
        "%s %dx%d samp %d: not libjpeg's pixels", props, w, h, samp);
  else if (gw >= 4 && gh >= 4) /* GStreamer's chroma siting counts below */
    fail_unless (
        b64t_psnr (got, want, (gsize) gw * gh * 3) >= MIN_PSNR_CONVERTED,
        "%s %s %dx%d samp %d: %.1f dB", props, sink_caps, w, h, samp,
        b64t_psnr (got, want, (gsize) gw * gh * 3));
  g_free (got);
  g_free (want);
  g_free (text);
  g_free (jpeg);
  gst_harness_teardown (hs);
}

/* reduce into every output format, 4:2:0 and 4:2:2 at an odd size: the
 * scaled size, and libjpeg's scaled pixels (exactly for RGB; through
 * GStreamer's conversion for the rest). */
GST_START_TEST (test_reduce_formats)
{
  static const int reduces[] = { 2, 4, 8 };
  gchar *caps = g_strdup_printf ("video/x-raw, format=%s", formats[__i__]);
  gboolean exact = g_str_equal (formats[__i__], "RGB");

  for (guint r = 0; r < G_N_ELEMENTS (reduces); r++) {
    gchar *props = g_strdup_printf ("reduce=%d", reduces[r]);

    check_scaled (props, caps, 51, 37, TJSAMP_420, 8 / reduces[r], exact);
    check_scaled (props, caps, 51, 37, TJSAMP_422, 8 / reduces[r], exact);
    g_free (props);
  }
  g_free (caps);
}

GST_END_TEST;

/* Sizes down to one pixel, every sampling, the native layout and RGB. */
GST_START_TEST (test_reduce_sizes)
{
  static const int sizes[][2]
      = { { 1, 1 }, { 7, 3 }, { 9, 17 }, { 64, 48 }, { 333, 201 } };
  static const int samps[] = { TJSAMP_444, TJSAMP_422, TJSAMP_420, TJSAMP_440,
    TJSAMP_411, TJSAMP_GRAY };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (samps); k++)
      for (int r = 2; r <= 8; r *= 2) {
        gchar *props = g_strdup_printf ("reduce=%d", r);

        check_scaled (props, "video/x-raw, format=RGB", sizes[s][0],
            sizes[s][1], samps[k], 8 / r, TRUE);
        check_scaled (props, "video/x-raw", sizes[s][0], sizes[s][1], samps[k],
            8 / r, FALSE);
        g_free (props);
      }
}

GST_END_TEST;

/* Downstream asking for a smaller size gets it straight from the decoder
 * when an n/8 scale gives it: 1/4, 3/8, the largest in a range; never a
 * size no scale gives. */
GST_START_TEST (test_auto_scale)
{
  check_scaled ("", "video/x-raw, format=RGB, width=16, height=12", 64, 48,
      TJSAMP_420, 2, TRUE);
  check_scaled ("", "video/x-raw, format=RGB, width=24, height=18", 64, 48,
      TJSAMP_420, 3, TRUE);
  check_scaled ("", "video/x-raw, format=I420, width=[1,20], height=[1,20]", 64,
      48, TJSAMP_420, 2, FALSE);
  /* the full size when downstream takes it, whatever else it takes */
  check_scaled ("", "video/x-raw, format=RGB, width={16,64}, height={12,48}",
      64, 48, TJSAMP_420, 8, TRUE);
  /* reduce=2 but downstream wants 1/8 */
  check_scaled ("reduce=2", "video/x-raw, format=RGB, width=8, height=6", 64,
      48, TJSAMP_420, 1, TRUE);
}

GST_END_TEST;

/* reduce changed while playing: the next frame is decoded at the new
 * scale, with new caps; the frame before keeps its size. */
GST_START_TEST (test_reduce_while_playing)
{
  GstHarness *hs = gst_harness_new ("b64imgdec");
  guint8 *jpeg;
  gsize size;
  gchar *text = jpeg_text (64, 48, TJSAMP_420, 3, &jpeg, &size);
  static const int reduces[] = { 1, 4, 2, 8, 1 };

  gst_harness_set_sink_caps_str (hs, "video/x-raw, format=RGB");
  gst_harness_set_src_caps_str (hs, FRAMED);

  for (guint i = 0; i < G_N_ELEMENTS (reduces); i++) {
    int w = 0, h = 0, rw, rh;
    guint8 *got, *want;

    gst_util_set_object_arg (G_OBJECT (hs->element), "reduce",
        reduces[i] == 1   ? "1"
        : reduces[i] == 2 ? "2"
        : reduces[i] == 4 ? "4"
                          : "8");
    fail_unless_equals_int (b64t_push_str (hs, text), GST_FLOW_OK);
    got = pull_rgb (hs, &w, &h);
    want = lj_scaled_rgb (jpeg, size, 8 / reduces[i], FALSE, &rw, &rh);
    fail_unless_equals_int (w, (64 + reduces[i] - 1) / reduces[i]);
    fail_unless_equals_int (h, (48 + reduces[i] - 1) / reduces[i]);
    fail_unless (memcmp (got, want, (gsize) w * h * 3) == 0);
    g_free (got);
    g_free (want);
  }
  g_free (text);
  g_free (jpeg);
  gst_harness_teardown (hs);
}

GST_END_TEST;

GST_START_TEST (test_auto_scale_unreachable)
{
  GstHarness *hs
      = open_dec ("", "video/x-raw, format=RGB, width=30, height=20");
  guint8 *jpeg;
  gsize size;
  gchar *text = jpeg_text (64, 48, TJSAMP_420, 1, &jpeg, &size);

  /* no n/8 of 64x48 is 30x20: refused as without scaling */
  fail_unless_equals_int (b64t_push_str (hs, text), GST_FLOW_NOT_NEGOTIATED);
  g_free (text);
  g_free (jpeg);
  gst_harness_teardown (hs);
}

GST_END_TEST;

/* threads=2, sizes changing between frames (renegotiation) and a bad frame
 * in the middle: the same frames as threads=1, the bad one dropped. */
GST_START_TEST (test_reduce_threads)
{
  static const int sizes[][2] = { { 64, 48 }, { 64, 48 }, { 0, 0 }, { 45, 29 },
    { 333, 201 }, { 64, 48 } };
  GstHarness *hs[2] = { open_dec ("reduce=4 threads=1", "video/x-raw"),
    open_dec ("reduce=4 threads=2", "video/x-raw, format=RGB") };
  guint8 *out[2][G_N_ELEMENTS (sizes)];
  int n_out[2] = { 0, 0 };

  for (int t = 0; t < 2; t++) {
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
      guint8 *jpeg;
      gsize size;
      gchar *text;

      if (!sizes[i][0]) {
        fail_unless_equals_int (
            b64t_push_str (hs[t], "bm90IGFuIGltYWdl"), GST_FLOW_OK);
        continue;
      }
      text = jpeg_text (sizes[i][0], sizes[i][1], TJSAMP_420, i, &jpeg, &size);
      fail_unless_equals_int (b64t_push_str (hs[t], text), GST_FLOW_OK);
      g_free (text);
      g_free (jpeg);
    }
    fail_unless (gst_harness_push_event (hs[t], gst_event_new_eos ()));
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++) {
      int w = (sizes[k][0] + 3) / 4, h = (sizes[k][1] + 3) / 4;

      if (!sizes[k][0])
        continue;
      out[t][n_out[t]] = pull_rgb (hs[t], &w, &h);
      n_out[t]++;
    }
    fail_unless_equals_int (gst_harness_buffers_in_queue (hs[t]), 0);
  }
  fail_unless_equals_int (n_out[0], G_N_ELEMENTS (sizes) - 1);
  fail_unless_equals_int (n_out[1], n_out[0]);
  for (guint i = 0, k = 0; k < G_N_ELEMENTS (sizes); k++) {
    gsize len;

    if (!sizes[k][0])
      continue;
    len = (gsize) ((sizes[k][0] + 3) / 4) * ((sizes[k][1] + 3) / 4) * 3;
    /* threads=1 went to I420 and through GStreamer's conversion */
    fail_unless (b64t_psnr (out[0][i], out[1][i], len) >= 30.0);
    g_free (out[0][i]);
    g_free (out[1][i]);
    i++;
  }
  gst_harness_teardown (hs[0]);
  gst_harness_teardown (hs[1]);
}

GST_END_TEST;

#if HAVE_SPNG
/* reduce on PNG: the box filter's mean over k x k pixels (fewer at the
 * edges), computed here, for RGBA and 16-bit gray. */
static void
check_png_reduce (B64PngFormat fmt, const gchar *caps_format, int k,
    const gchar *props, const gchar *extra_caps)
{
  const int w = 35, hgt = 21, bpp = b64_png_format_bpp (fmt);
  const int depth = fmt == B64_PNG_GRAY16_BE ? 2 : 1, ch = bpp / depth;
  const int ow = (w + k - 1) / k, oh = (hgt + k - 1) / k;
  guint8 *px = g_malloc ((gsize) w * hgt * bpp), *png = NULL;
  gsize png_size = 0, png_cap = 0;
  B64Error err = { 0 };
  GRand *rand = g_rand_new_with_seed (k);
  gchar *text, *caps;
  GstHarness *hs;
  GstBuffer *buf;
  GstMapInfo map;
  GstVideoInfo info;
  GstCaps *cur;

  for (int i = 0; i < w * hgt * bpp; i++)
    px[i] = (guint8) g_rand_int (rand);
  fail_unless (b64_png_encode (px, (gsize) w * bpp, w, hgt, fmt, 6, &png,
                   &png_size, &png_cap, &err),
      "%s", err.message);
  text = g_base64_encode (png, png_size);
  caps = g_strdup_printf (
      "video/x-raw, format=%s%s", caps_format, extra_caps ? extra_caps : "");
  hs = open_dec (props, caps);
  fail_unless_equals_int (b64t_push_str (hs, text), GST_FLOW_OK);
  buf = gst_harness_pull (hs);
  cur = gst_pad_get_current_caps (hs->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, cur));
  fail_unless_equals_int (info.width, ow);
  fail_unless_equals_int (info.height, oh);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++)
      for (int c = 0; c < ch; c++) {
        guint64 sum = 0, n = 0;
        const guint8 *o = map.data + (gsize) oy * info.stride[0]
                          + (gsize) ox * bpp + c * depth;
        unsigned got = depth == 1 ? o[0] : (unsigned) (o[0] << 8 | o[1]);

        for (int y = oy * k; y < oy * k + k && y < hgt; y++)
          for (int x = ox * k; x < ox * k + k && x < w; x++, n++) {
            const guint8 *p = px + ((gsize) y * w + x) * bpp + c * depth;
            sum += depth == 1 ? p[0] : (unsigned) (p[0] << 8 | p[1]);
          }
        fail_unless_equals_int (got, (sum + n / 2) / n);
      }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_caps_unref (cur);
  gst_harness_teardown (hs);
  g_free (caps);
  g_free (text);
  g_free (png);
  g_free (px);
  g_rand_free (rand);
}

GST_START_TEST (test_reduce_png)
{
  for (int k = 2; k <= 8; k *= 2) {
    gchar *props = g_strdup_printf ("reduce=%d", k);

    check_png_reduce (B64_PNG_RGBA8, "RGBA", k, props, NULL);
    check_png_reduce (B64_PNG_GRAY16_BE, "GRAY16_BE", k, props, NULL);
    g_free (props);
  }
  /* from downstream's caps: 1/4 of 35x21 is 9x6 */
  check_png_reduce (
      B64_PNG_RGBA8, "RGBA", 4, "", ", width=[1,10], height=[1,10]");
}

GST_END_TEST;
#endif

/* ---- optimize ------------------------------------------------------------ */

static GstBuffer *
encode_frame (
    const gchar *format, gboolean optimize, const guint8 *rgb, int w, int h)
{
  gchar *desc = g_strdup_printf (
      "videoconvert ! video/x-raw, format=%s ! b64imgenc optimize=%d", format,
      optimize);
  GstHarness *hs = gst_harness_new_parse (desc);
  gchar *caps = g_strdup_printf (
      "video/x-raw, format=RGB, width=%d, height=%d, framerate=30/1", w, h);
  GstVideoInfo info;
  GstBuffer *in, *out;
  GstVideoFrame f;

  gst_harness_set_src_caps_str (hs, caps);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, w, h);
  in = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_video_frame_map (&f, &info, in, GST_MAP_WRITE);
  for (int y = 0; y < h; y++)
    memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f, 0)
                + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&f, 0),
        rgb + (gsize) y * w * 3, w * 3);
  gst_video_frame_unmap (&f);
  fail_unless_equals_int (gst_harness_push (hs, in), GST_FLOW_OK);
  out = gst_harness_pull (hs);
  gst_harness_teardown (hs);
  g_free (caps);
  g_free (desc);
  return out;
}

static guint8 *
decode_text (GstBuffer *text, int w, int h, gsize *jpeg_size)
{
  GstMapInfo map;
  gchar *s;
  guchar *jpeg;
  guint8 *px = g_malloc ((gsize) w * h * 3);
  tjhandle t = tjInitDecompress ();

  gst_buffer_map (text, &map, GST_MAP_READ);
  s = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (text, &map);
  jpeg = g_base64_decode (s, jpeg_size);
  fail_unless (
      tjDecompress2 (t, jpeg, *jpeg_size, px, w, w * 3, h, TJPF_RGB, 0) == 0);
  tjDestroy (t);
  g_free (jpeg);
  g_free (s);
  return px;
}

/* optimize: the same pixels, less text, planar and packed input. */
GST_START_TEST (test_optimize)
{
  static const gchar *const ins[] = { "I420", "Y42B", "RGB", "BGRx", "GRAY8" };
  const int w = 161, h = 97;
  guint8 *rgb = b64t_smooth_rgb (w, h, 5);

  for (guint i = 0; i < G_N_ELEMENTS (ins); i++) {
    GstBuffer *plain = encode_frame (ins[i], FALSE, rgb, w, h);
    GstBuffer *opt = encode_frame (ins[i], TRUE, rgb, w, h);
    gsize plain_size, opt_size;
    guint8 *a = decode_text (plain, w, h, &plain_size);
    guint8 *b = decode_text (opt, w, h, &opt_size);

    fail_unless (
        memcmp (a, b, (gsize) w * h * 3) == 0, "%s: pixels differ", ins[i]);
    fail_unless (
        opt_size < plain_size, "%s: %zu >= %zu", ins[i], opt_size, plain_size);
    fail_unless (gst_buffer_get_size (opt) < gst_buffer_get_size (plain));
    g_free (a);
    g_free (b);
    gst_buffer_unref (plain);
    gst_buffer_unref (opt);
  }
  g_free (rgb);
}

GST_END_TEST;

static Suite *
b64img_scale_suite (void)
{
  Suite *s = suite_create ("b64img-scale");
  TCase *tc = b64t_add_tcase (s, "reduce", 0);
  TCase *to = b64t_add_tcase (s, "optimize", 0);

  tcase_add_loop_test (tc, test_reduce_formats, 0, G_N_ELEMENTS (formats));
  tcase_add_test (tc, test_reduce_sizes);
  tcase_add_test (tc, test_auto_scale);
  tcase_add_test (tc, test_auto_scale_unreachable);
  tcase_add_test (tc, test_reduce_while_playing);
  tcase_add_test (tc, test_reduce_threads);
#if HAVE_SPNG
  tcase_add_test (tc, test_reduce_png);
#endif
  tcase_add_test (to, test_optimize);
  return s;
}

GST_CHECK_MAIN (b64img_scale);
