/* b64img — element tests of 16-bit frames: 16-bit PNG both ways, 16-bit
 * input rounded to 8 bits for JPEG, keep-depth, sBIT
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "harness.h"

#include <math.h>

#if HAVE_SPNG
#include "b64codec.h"
#include "b64png.h"

/* Every 16-bit format b64imgenc takes. */
static const GstVideoFormat deep_formats[] = {
  GST_VIDEO_FORMAT_GRAY16_LE,
  GST_VIDEO_FORMAT_GRAY16_BE,
  GST_VIDEO_FORMAT_RGBA64_LE,
  GST_VIDEO_FORMAT_RGBA64_BE,
  GST_VIDEO_FORMAT_ARGB64_LE,
  GST_VIDEO_FORMAT_ARGB64_BE,
  GST_VIDEO_FORMAT_BGRA64_LE,
  GST_VIDEO_FORMAT_BGRA64_BE,
  GST_VIDEO_FORMAT_ABGR64_LE,
  GST_VIDEO_FORMAT_ABGR64_BE,
};

static const gint sizes[][2] = { { 1, 1 }, { 37, 29 }, { 64, 3 } };

static const gchar *
fmt_name (GstVideoFormat f)
{
  return gst_video_format_to_string (f);
}

/* Component @c (GStreamer's order: R, G, B, A or Y) of pixel (@x, @y). */
static guint16
sample16 (const GstVideoFrame *f, gint x, gint y, guint c)
{
  const GstVideoFormatInfo *fi = f->info.finfo;
  const guint8 *p = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (f, 0)
                    + y * GST_VIDEO_FRAME_PLANE_STRIDE (f, 0)
                    + x * GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0)
                    + GST_VIDEO_FORMAT_INFO_POFFSET (fi, c);

  return GST_VIDEO_FORMAT_INFO_IS_LE (fi) ? GST_READ_UINT16_LE (p)
                                          : GST_READ_UINT16_BE (p);
}

/* Same 16-bit samples in every component, whatever the two layouts. */
static void
check_same16 (GstBuffer *a, const GstVideoInfo *ai, GstBuffer *b,
    const GstVideoInfo *bi, const gchar *what)
{
  GstVideoFrame fa, fb;
  guint n = GST_VIDEO_INFO_N_COMPONENTS (ai);

  fail_unless_equals_int (n, GST_VIDEO_INFO_N_COMPONENTS (bi));
  fail_unless_equals_int (ai->width, bi->width);
  fail_unless_equals_int (ai->height, bi->height);
  fail_unless (gst_video_frame_map (&fa, ai, a, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fb, bi, b, GST_MAP_READ));
  for (gint y = 0; y < ai->height; y++)
    for (gint x = 0; x < ai->width; x++)
      for (guint c = 0; c < n; c++)
        fail_unless (sample16 (&fa, x, y, c) == sample16 (&fb, x, y, c),
            "%s: (%d,%d) comp %u: %04x != %04x", what, x, y, c,
            sample16 (&fa, x, y, c), sample16 (&fb, x, y, c));
  gst_video_frame_unmap (&fb);
  gst_video_frame_unmap (&fa);
}

/* The format the decoder hands out for a 16-bit PNG of @in's channels. */
static GstVideoFormat
decoded_format (GstVideoFormat in)
{
  return GST_VIDEO_FORMAT_INFO_N_COMPONENTS (gst_video_format_get_info (in))
                 == 1
             ? GST_VIDEO_FORMAT_GRAY16_LE
             : GST_VIDEO_FORMAT_RGBA64_LE;
}

/* enc png ! dec, downstream taking 16 bits only: the samples come back
 * exactly, alpha included. */
static void
png_round_trip (GstVideoFormat in, gint w, gint hgt, gint threads)
{
  gchar *launch = g_strdup_printf (
      "b64imgenc image-format=png threads=%d ! b64imgdec threads=%d", threads,
      threads);
  GstHarness *h = gst_harness_new_parse (launch);
  GstVideoFormat out = decoded_format (in);
  gchar *sink = g_strdup_printf ("video/x-raw, format=%s", fmt_name (out));
  gchar *what
      = g_strdup_printf ("%s %dx%d threads=%d", fmt_name (in), w, hgt, threads);
  GRand *r = g_rand_new_with_seed (w * 131 + hgt + in);
  GstBuffer *src[3];
  GstVideoInfo info, oinfo;

  gst_harness_set_sink_caps_str (h, sink);
  b64t_set_raw_caps (h, in, w, hgt, 30);
  gst_video_info_set_format (&info, in, w, hgt);
  for (guint i = 0; i < G_N_ELEMENTS (src); i++) {
    src[i] = b64t_random_frame (r, &info);
    GST_BUFFER_PTS (src[i]) = i * GST_SECOND / 30;
    fail_unless_equals_int (
        gst_harness_push (h, gst_buffer_ref (src[i])), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  for (guint i = 0; i < G_N_ELEMENTS (src); i++) {
    GstBuffer *res = gst_harness_pull (h);

    fail_unless (res != NULL, "%s: frame %u missing", what, i);
    b64t_current_info (h, &oinfo);
    fail_unless_equals_int (GST_VIDEO_INFO_FORMAT (&oinfo), out);
    check_same16 (src[i], &info, res, &oinfo, what);
    gst_buffer_unref (res);
    gst_buffer_unref (src[i]);
  }
  g_rand_free (r);
  g_free (what);
  g_free (sink);
  g_free (launch);
  gst_harness_teardown (h);
}

GST_START_TEST (test_png_round_trip)
{
  for (guint f = 0; f < G_N_ELEMENTS (deep_formats); f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (gint threads = 1; threads <= 2; threads++)
        png_round_trip (deep_formats[f], sizes[s][0], sizes[s][1], threads);
}

GST_END_TEST;

/* The PNG inside a line of base64 text. */
static guint8 *
text_to_image (const gchar *text, gsize *size)
{
  gsize len = strcspn (text, "\n");
  guint8 *img = g_malloc (b64_decoded_max_size (len));
  size_t n = 0, pos = 0;

  fail_unless_equals_int (
      b64_decode (text, len, img, &n, 0, &pos), B64_DECODE_OK);
  *size = n;
  return img;
}

static void
png_header (const gchar *text, B64PngInfo *info)
{
  gsize size;
  guint8 *img = text_to_image (text, &size);
  B64Error err = { 0 };

  fail_unless (
      b64_png_read_header (img, size, 1u << 26, info, &err), "%s", err.message);
  g_free (img);
}

/* 16-bit gray stays one 16-bit channel; RGBA 16-bit RGBA; sBIT as set. */
GST_START_TEST (test_png_header)
{
  static const struct
  {
    GstVideoFormat in;
    guint sig_bits;
    guint depth, color_type, expect_sbit;
  } cases[] = {
    { GST_VIDEO_FORMAT_GRAY16_LE, 0, 16, 0, 0 },
    { GST_VIDEO_FORMAT_GRAY16_BE, 12, 16, 0, 12 },
    { GST_VIDEO_FORMAT_RGBA64_LE, 10, 16, 6, 10 },
    { GST_VIDEO_FORMAT_ABGR64_BE, 16, 16, 6, 16 },
    { GST_VIDEO_FORMAT_GRAY8, 5, 8, 0, 5 },
    /* more bits than the PNG has: no chunk */
    { GST_VIDEO_FORMAT_RGB, 12, 8, 2, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstVideoInfo info;
    GRand *r = g_rand_new_with_seed (i);
    GstBuffer *frame;
    gchar *launch = g_strdup_printf (
        "b64imgenc image-format=png significant-bits=%u", cases[i].sig_bits);
    gchar *text;
    B64PngInfo png;

    gst_video_info_set_format (&info, cases[i].in, 13, 7);
    frame = b64t_random_frame (r, &info);
    text = b64t_encode_frame_text (launch, cases[i].in, 13, 7, 30, frame, NULL);
    png_header (text, &png);
    fail_unless_equals_int (png.bit_depth, cases[i].depth);
    fail_unless_equals_int (png.color_type, cases[i].color_type);
    fail_unless_equals_int (png.significant_bits, cases[i].expect_sbit);
    g_free (text);
    g_free (launch);
    gst_buffer_unref (frame);
    g_rand_free (r);
  }
}

GST_END_TEST;

/* v * 255 / 65535 to nearest, in floating point. */
static guint8
round_ref (guint16 v)
{
  return (guint8) floor (v * 255.0 / 65535.0 + 0.5);
}

/* The 8-bit frame (GRAY8 or RGBA) a 16-bit one rounds to. */
static GstBuffer *
rounded_frame (GstBuffer *src, const GstVideoInfo *info, GstVideoInfo *out)
{
  guint n = GST_VIDEO_INFO_N_COMPONENTS (info);
  GstBuffer *buf;
  GstVideoFrame fi, fo;

  gst_video_info_set_format (out,
      n == 1 ? GST_VIDEO_FORMAT_GRAY8 : GST_VIDEO_FORMAT_RGBA, info->width,
      info->height);
  buf = gst_buffer_new_allocate (NULL, out->size, NULL);
  fail_unless (gst_video_frame_map (&fi, info, src, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, out, buf, GST_MAP_WRITE));
  for (gint y = 0; y < info->height; y++) {
    guint8 *d = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fo, 0)
                + y * GST_VIDEO_FRAME_PLANE_STRIDE (&fo, 0);

    for (gint x = 0; x < info->width; x++)
      for (guint c = 0; c < n; c++)
        *d++ = round_ref (sample16 (&fi, x, y, c));
  }
  gst_video_frame_unmap (&fo);
  gst_video_frame_unmap (&fi);
  return buf;
}

/* A 16-bit frame as JPEG is the 8-bit frame it rounds to, byte for byte. */
GST_START_TEST (test_jpeg_rounds)
{
  static const gchar *settings[]
      = { "quality=90", "quality=75 chroma=444 threads=2", "chroma=gray" };

  for (guint f = 0; f < G_N_ELEMENTS (deep_formats); f++)
    for (guint s = 0; s < G_N_ELEMENTS (settings); s++) {
      GstVideoInfo info, info8;
      GRand *r = g_rand_new_with_seed (f * 7 + s);
      GstBuffer *frame, *frame8;
      gchar *launch = g_strdup_printf ("b64imgenc %s", settings[s]);
      gchar *t16, *t8;

      gst_video_info_set_format (&info, deep_formats[f], 37, 29);
      frame = b64t_random_frame (r, &info);
      frame8 = rounded_frame (frame, &info, &info8);
      t16 = b64t_encode_frame_text (
          launch, deep_formats[f], 37, 29, 30, frame, NULL);
      t8 = b64t_encode_frame_text (
          launch, GST_VIDEO_INFO_FORMAT (&info8), 37, 29, 30, frame8, NULL);
      fail_unless_equals_string (t16, t8);
      g_free (t8);
      g_free (t16);
      g_free (launch);
      gst_buffer_unref (frame8);
      gst_buffer_unref (frame);
      g_rand_free (r);
    }
}

GST_END_TEST;

/* The rounding itself at every 16-bit value, through the whole element:
 * a 256x256 GRAY16 ramp, as lossless as JPEG gets (gray, quality 100)
 * decodes to within one level of the rounded values, and the text equals
 * that of the rounded GRAY8 frame. */
GST_START_TEST (test_jpeg_rounds_every_value)
{
  GstVideoInfo info, info8;
  GstBuffer *frame = NULL, *frame8;
  GstMapInfo map;
  gchar *t16, *t8;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY16_LE, 256, 256);
  frame = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_buffer_map (frame, &map, GST_MAP_WRITE));
  for (guint v = 0; v < 65536; v++)
    GST_WRITE_UINT16_LE (
        map.data + (v / 256) * info.stride[0] + (v % 256) * 2, v);
  gst_buffer_unmap (frame, &map);
  frame8 = rounded_frame (frame, &info, &info8);
  t16 = b64t_encode_frame_text ("b64imgenc quality=100",
      GST_VIDEO_FORMAT_GRAY16_LE, 256, 256, 30, frame, NULL);
  t8 = b64t_encode_frame_text ("b64imgenc quality=100", GST_VIDEO_FORMAT_GRAY8,
      256, 256, 30, frame8, NULL);
  fail_unless_equals_string (t16, t8);
  g_free (t8);
  g_free (t16);
  gst_buffer_unref (frame8);
  gst_buffer_unref (frame);
}

GST_END_TEST;

/* A base64 16-bit gray PNG of random samples, and the frame it holds. */
static gchar *
gray16_text (guint seed, gint w, gint hgt, GstBuffer **frame)
{
  GstVideoInfo info;
  GRand *r = g_rand_new_with_seed (seed);
  gchar *text;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY16_LE, w, hgt);
  *frame = b64t_random_frame (r, &info);
  text = b64t_encode_frame_text ("b64imgenc image-format=png",
      GST_VIDEO_FORMAT_GRAY16_LE, w, hgt, 30, *frame, NULL);
  g_rand_free (r);
  return text;
}

static GstBuffer *
text_buffer (const gchar *text)
{
  return gst_buffer_new_wrapped (g_strdup (text), strlen (text));
}

/* Decodes @text with @launch, downstream taking @sink_caps; returns the
 * frame and its info. */
static GstBuffer *
decode_one (const gchar *launch, const gchar *sink_caps, const gchar *text,
    GstVideoInfo *info)
{
  GstHarness *h = gst_harness_new_parse (launch);
  GstBuffer *res;

  gst_harness_set_sink_caps_str (h, sink_caps);
  gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)true");
  fail_unless_equals_int (
      gst_harness_push (h, text_buffer (text)), GST_FLOW_OK);
  res = gst_harness_pull (h);
  fail_unless (res != NULL);
  b64t_current_info (h, info);
  gst_harness_teardown (h);
  return res;
}

/* Downstream taking 8 and 16 bits: 8 unless keep-depth; with it, 16 bits
 * through videoconvert too, exactly. */
GST_START_TEST (test_keep_depth)
{
  static const gchar *both = "video/x-raw, format={ GRAY8, GRAY16_LE }";
  GstVideoInfo ref, out;
  GstBuffer *frame, *res;
  gchar *text = gray16_text (5, 33, 17, &frame);

  gst_video_info_set_format (&ref, GST_VIDEO_FORMAT_GRAY16_LE, 33, 17);
  res = decode_one ("b64imgdec", both, text, &out);
  fail_unless_equals_int (GST_VIDEO_INFO_FORMAT (&out), GST_VIDEO_FORMAT_GRAY8);
  gst_buffer_unref (res);

  res = decode_one ("b64imgdec keep-depth=true", both, text, &out);
  fail_unless_equals_int (
      GST_VIDEO_INFO_FORMAT (&out), GST_VIDEO_FORMAT_GRAY16_LE);
  check_same16 (frame, &ref, res, &out, "keep-depth");
  gst_buffer_unref (res);

  res = decode_one ("b64imgdec keep-depth=true ! videoconvert",
      "video/x-raw, format=GRAY16_BE", text, &out);
  check_same16 (frame, &ref, res, &out, "keep-depth ! videoconvert");
  gst_buffer_unref (res);

  /* without it the 16 bits are lost on the way through videoconvert */
  res = decode_one (
      "b64imgdec ! videoconvert", "video/x-raw, format=GRAY16_BE", text, &out);
  {
    GstVideoFrame fa, fb;
    gboolean all_same = TRUE;

    fail_unless (gst_video_frame_map (&fa, &ref, frame, GST_MAP_READ));
    fail_unless (gst_video_frame_map (&fb, &out, res, GST_MAP_READ));
    for (gint y = 0; y < 17; y++)
      for (gint x = 0; x < 33; x++) {
        all_same &= sample16 (&fa, x, y, 0) == sample16 (&fb, x, y, 0);
        /* the high byte survives */
        fail_unless_equals_int (
            sample16 (&fa, x, y, 0) >> 8, sample16 (&fb, x, y, 0) >> 8);
      }
    fail_if (all_same);
    gst_video_frame_unmap (&fb);
    gst_video_frame_unmap (&fa);
  }
  gst_buffer_unref (res);

  /* an 8-bit PNG is unaffected */
  {
    GstVideoInfo info8;
    GRand *r = g_rand_new_with_seed (9);
    GstBuffer *f8;
    gchar *t8;

    gst_video_info_set_format (&info8, GST_VIDEO_FORMAT_GRAY8, 9, 9);
    f8 = b64t_random_frame (r, &info8);
    t8 = b64t_encode_frame_text ("b64imgenc image-format=png",
        GST_VIDEO_FORMAT_GRAY8, 9, 9, 30, f8, NULL);
    res = decode_one ("b64imgdec keep-depth=true", both, t8, &out);
    fail_unless_equals_int (
        GST_VIDEO_INFO_FORMAT (&out), GST_VIDEO_FORMAT_GRAY8);
    gst_buffer_unref (res);
    g_free (t8);
    gst_buffer_unref (f8);
    g_rand_free (r);
  }
  g_free (text);
  gst_buffer_unref (frame);
}

GST_END_TEST;

/* A broken 16-bit PNG between good ones, in a text stream: one warning,
 * both good frames exact, with one thread and two. */
GST_START_TEST (test_bad_16bit_stream)
{
  for (gint threads = 1; threads <= 2; threads++) {
    gchar *launch = g_strdup_printf ("b64imgdec threads=%d", threads);
    GstHarness *h = gst_harness_new_parse (launch);
    GstBus *bus = gst_bus_new ();
    GstBuffer *f1, *f2, *res;
    gchar *t1 = gray16_text (1, 21, 11, &f1);
    gchar *t2 = gray16_text (2, 21, 11, &f2);
    gchar *broken = g_strndup (t1, strlen (t1) / 2);
    gchar *stream = g_strconcat (t1, broken, "\n", t2, NULL);
    GstVideoInfo ref, out;

    gst_element_set_bus (h->element, bus);
    gst_video_info_set_format (&ref, GST_VIDEO_FORMAT_GRAY16_LE, 21, 11);
    gst_harness_set_sink_caps_str (h, "video/x-raw, format=GRAY16_LE");
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)false");
    /* cut anywhere: 100-byte pieces */
    for (gsize off = 0; off < strlen (stream); off += 100) {
      gsize n = MIN (100, strlen (stream) - off);

      fail_unless_equals_int (
          gst_harness_push (h, gst_buffer_new_memdup (stream + off, n)),
          GST_FLOW_OK);
    }
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    res = gst_harness_pull (h);
    b64t_current_info (h, &out);
    check_same16 (f1, &ref, res, &out, "before the broken frame");
    gst_buffer_unref (res);
    res = gst_harness_pull (h);
    check_same16 (f2, &ref, res, &out, "after the broken frame");
    gst_buffer_unref (res);
    fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
    fail_unless_equals_int (b64t_bus_count_warnings (bus), 1);
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
    g_free (stream);
    g_free (broken);
    g_free (t2);
    g_free (t1);
    gst_buffer_unref (f2);
    gst_buffer_unref (f1);
    g_free (launch);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

static Suite *
b64img16bit_suite (void)
{
  Suite *s = suite_create ("b64img16bit");
  TCase *tc = b64t_add_tcase (s, "16bit", 0);

  tcase_add_test (tc, test_png_round_trip);
  tcase_add_test (tc, test_png_header);
  tcase_add_test (tc, test_jpeg_rounds);
  tcase_add_test (tc, test_jpeg_rounds_every_value);
  tcase_add_test (tc, test_keep_depth);
  tcase_add_test (tc, test_bad_16bit_stream);
  return s;
}

GST_CHECK_MAIN (b64img16bit);

#else /* !HAVE_SPNG */

int
main (void)
{
  return 77; /* skipped: built without libspng */
}

#endif
