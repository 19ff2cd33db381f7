/* b64img — b64imgenc image-format=png: every layout through
 * `b64imgenc image-format=png ! b64imgdec` back to the same pixels, the
 * data URI, the compression level
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/pngref.h"

#include <string.h>

/* `b64imgenc image-format=png ! b64imgdec` on random frames of @in;
 * downstream takes @sink_caps (NULL: anything); the output must be @out
 * with the same pixels. */
static void
round_trip (GstVideoFormat in, const gchar *sink_caps, GstVideoFormat out,
    gint w, gint hgt, guint seed)
{
  GstHarness *h
      = gst_harness_new_parse ("b64imgenc image-format=png ! b64imgdec");
  GRand *r = g_rand_new_with_seed (seed);
  GstVideoInfo info, oinfo;
  gchar *what = g_strdup_printf ("%s %dx%d -> %s",
      gst_video_format_to_string (in), w, hgt, sink_caps ? sink_caps : "any");

  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  b64t_set_raw_caps (h, in, w, hgt, 25);
  gst_video_info_set_format (&info, in, w, hgt);
  for (gint i = 0; i < 2; i++) {
    GstBuffer *src = b64t_random_frame (r, &info), *res;
    GstVideoFrame fi, fo;

    fail_unless_equals_int (
        gst_harness_push (h, gst_buffer_ref (src)), GST_FLOW_OK);
    res = gst_harness_try_pull (h);
    fail_unless (res != NULL, "%s: no output", what);
    b64t_current_info (h, &oinfo);
    fail_unless_equals_string (
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&oinfo)),
        gst_video_format_to_string (out));
    fail_unless (gst_video_frame_map (&fi, &info, src, GST_MAP_READ));
    fail_unless (gst_video_frame_map (&fo, &oinfo, res, GST_MAP_READ));
    check_same_pixels (&fi, &fo, what);
    gst_video_frame_unmap (&fo);
    gst_video_frame_unmap (&fi);
    gst_buffer_unref (res);
    gst_buffer_unref (src);
  }
  g_free (what);
  g_rand_free (r);
  gst_harness_teardown (h);
}

static const gint rt_sizes[][2]
    = { { 1, 1 }, { 3, 3 }, { 17, 9 }, { 641, 479 } };

GST_START_TEST (test_roundtrip_native)
{
  static const GstVideoFormat formats[]
      = { GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_GRAY8 };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    for (guint s = 0; s < G_N_ELEMENTS (rt_sizes); s++) {
      gchar *caps = g_strdup_printf (
          "video/x-raw, format=%s", gst_video_format_to_string (formats[f]));

      round_trip (formats[f], NULL, formats[f], rt_sizes[s][0], rt_sizes[s][1],
          100 + f * 10 + s);
      /* downstream asking for exactly that format */
      round_trip (formats[f], caps, formats[f], rt_sizes[s][0], rt_sizes[s][1],
          200 + f * 10 + s);
      g_free (caps);
    }
  }
}

GST_END_TEST;

static const struct
{
  GstVideoFormat in, native;
} packed_cases[] = {
  { GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_xRGB, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_xBGR, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_RGBA },
  { GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_RGBA },
  { GST_VIDEO_FORMAT_ABGR, GST_VIDEO_FORMAT_RGBA },
};

GST_START_TEST (test_roundtrip_packed)
{
  /* to the PNG's own layout: alpha kept, padding dropped */
  for (guint i = 0; i < G_N_ELEMENTS (packed_cases); i++) {
    round_trip (
        packed_cases[i].in, NULL, packed_cases[i].native, 17, 9, 300 + i);
    round_trip (
        packed_cases[i].in, NULL, packed_cases[i].native, 641, 479, 320 + i);
  }
}

GST_END_TEST;

/* Back to the input's layout when downstream wants it: the decoder
 * converts, with the framerate the encoder's caps carry. */
GST_START_TEST (test_roundtrip_packed_back)
{
  for (guint i = 0; i < G_N_ELEMENTS (packed_cases); i++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s",
        gst_video_format_to_string (packed_cases[i].in));

    round_trip (packed_cases[i].in, caps, packed_cases[i].in, 17, 9, 340 + i);
    g_free (caps);
  }
}

GST_END_TEST;

/* PNG of YUV is an RGB conversion. */
/* The test's own 4:1:1 -> 4:2:2 widening (each chroma sample twice, as
 * libjpeg upsamples 4:1:1): the reference the encoder must match. */
static GstBuffer *
widen_y41b (GstVideoFrame *in, GstVideoInfo *info)
{
  GstBuffer *buf;
  GstVideoFrame out;

  gst_video_info_set_format (info, GST_VIDEO_FORMAT_Y42B,
      GST_VIDEO_FRAME_WIDTH (in), GST_VIDEO_FRAME_HEIGHT (in));
  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  fail_unless (gst_video_frame_map (&out, info, buf, GST_MAP_WRITE));
  for (guint c = 0; c < 3; c++) {
    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&out, c); y++) {
      const guint8 *s = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (in, c)
                        + y * GST_VIDEO_FRAME_COMP_STRIDE (in, c);
      guint8 *d = (guint8 *) GST_VIDEO_FRAME_COMP_DATA (&out, c)
                  + y * GST_VIDEO_FRAME_COMP_STRIDE (&out, c);

      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (&out, c); x++)
        d[x] = s[c == 0 ? x : x / 2];
    }
  }
  gst_video_frame_unmap (&out);
  return buf;
}

/* PNG of YUV is an RGB conversion: GstVideoConverter's, with the encoder's
 * options, of the frame; of its Y42B widening for Y41B, whose own unpack
 * in GstVideoConverter is wrong on arm64 (ORC 0.4.33 NEON). */
static void
yuv_round_trip (GstVideoFormat fmt, gint w, gint hgt, guint seed)
{
  GstHarness *h
      = gst_harness_new_parse ("b64imgenc image-format=png ! b64imgdec");
  GRand *r = g_rand_new_with_seed (seed);
  GstVideoInfo info, oinfo, rinfo, winfo;
  GstBuffer *src, *res, *ref, *wide = NULL;
  GstVideoFrame fi, fo, fr;
  gchar *what = g_strdup_printf (
      "%s %dx%d -> PNG -> RGB", gst_video_format_to_string (fmt), w, hgt);

  b64t_set_raw_caps (h, fmt, w, hgt, 25);
  gst_video_info_set_format (&info, fmt, w, hgt);
  src = b64t_random_frame (r, &info);
  fail_unless_equals_int (
      gst_harness_push (h, gst_buffer_ref (src)), GST_FLOW_OK);
  res = gst_harness_try_pull (h);
  fail_unless (res != NULL, "%s: no output", what);
  b64t_current_info (h, &oinfo);
  fail_unless_equals_string (b64t_current_format (h), "RGB");
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&oinfo), w);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&oinfo), hgt);

  fail_unless (gst_video_frame_map (&fi, &info, src, GST_MAP_READ));
  if (fmt == GST_VIDEO_FORMAT_Y41B) {
    wide = widen_y41b (&fi, &winfo);
    gst_video_frame_unmap (&fi);
    fail_unless (gst_video_frame_map (&fi, &winfo, wide, GST_MAP_READ));
  }
  gst_video_info_set_format (&rinfo, GST_VIDEO_FORMAT_RGB, w, hgt);
  ref = b64t_convert (&fi, &rinfo,
      gst_structure_new ("options", GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
          GST_TYPE_VIDEO_DITHER_METHOD, GST_VIDEO_DITHER_NONE, NULL));
  gst_video_frame_unmap (&fi);
  fail_unless (gst_video_frame_map (&fr, &rinfo, ref, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &oinfo, res, GST_MAP_READ));
  check_planes (&fo, &fr, 1, what);
  gst_video_frame_unmap (&fo);
  gst_video_frame_unmap (&fr);
  gst_clear_buffer (&wide);
  gst_buffer_unref (ref);
  gst_buffer_unref (res);
  gst_buffer_unref (src);
  g_rand_free (r);
  g_free (what);
  gst_harness_teardown (h);
}

GST_START_TEST (test_roundtrip_i420)
{
  yuv_round_trip (GST_VIDEO_FORMAT_I420, 33, 17, 400);
}

GST_END_TEST;

/* widths whose temporary lines GstVideoConverter aligns differently */
GST_START_TEST (test_roundtrip_y41b)
{
  yuv_round_trip (GST_VIDEO_FORMAT_Y41B, 35, 9, 401);
  yuv_round_trip (GST_VIDEO_FORMAT_Y41B, 17, 5, 402);
  yuv_round_trip (GST_VIDEO_FORMAT_Y41B, 641, 7, 403);
}

GST_END_TEST;

/* Decodes a text with a framed b64imgdec harness into @fmt. */
static GstBuffer *
png_decode_text (const gchar *text, const gchar *sink_caps, GstVideoInfo *info)
{
  GstHarness *h = new_dec (sink_caps, IN_FRAMED, NULL);
  GstBuffer *out;

  b64t_push_pieces (h, text, NULL, 0);
  out = gst_harness_try_pull (h);
  fail_unless (out != NULL);
  b64t_current_info (h, info);
  gst_harness_teardown (h);
  return out;
}

static guint8 *
png_text_payload (const gchar *text, const gchar *prefix, gsize *size)
{
  gsize plen = strlen (prefix), len = strlen (text);
  gchar *b64;
  guint8 *data;

  fail_unless (g_str_has_prefix (text, prefix), "text starts %.30s", text);
  fail_unless (len > plen && text[len - 1] == '\n');
  b64 = g_strndup (text + plen, len - plen - 1);
  fail_unless (strpbrk (b64, " \r\n\t") == NULL);
  data = g_base64_decode (b64, size);
  g_free (b64);
  return data;
}

GST_START_TEST (test_data_uri)
{
  GRand *r = g_rand_new_with_seed (500);
  GstVideoInfo info, oinfo;
  GstBuffer *frame, *out;
  GstVideoFrame fi, fo;
  GstCaps *caps;
  GstStructure *s;
  gchar *text;
  guint8 *png;
  gsize size;
  gint v;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBA, 21, 13);
  frame = b64t_random_frame (r, &info);
  text = b64t_encode_frame_text ("b64imgenc image-format=png data-uri=true",
      GST_VIDEO_FORMAT_RGBA, 21, 13, 25, frame, &caps);
  png = png_text_payload (text, "data:image/png;base64,", &size);
  fail_unless (b64_png_sniff (png, size));
  fail_unless_equals_int (GST_READ_UINT32_BE (png + 16), 21);
  fail_unless_equals_int (GST_READ_UINT32_BE (png + 20), 13);
  g_free (png);

  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "image/x-base64"));
  fail_unless_equals_string (
      gst_structure_get_string (s, "payload"), "image/png");
  fail_unless (gst_structure_get_boolean (s, "framed", &v) && v);
  fail_unless (gst_structure_get_int (s, "width", &v) && v == 21);
  fail_unless (gst_structure_get_int (s, "height", &v) && v == 13);
  gst_caps_unref (caps);

  /* the data URI decodes back to the same pixels, alpha included */
  out = png_decode_text (text, NULL, &oinfo);
  fail_unless_equals_int (
      GST_VIDEO_INFO_FORMAT (&oinfo), GST_VIDEO_FORMAT_RGBA);
  fail_unless (gst_video_frame_map (&fi, &info, frame, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &oinfo, out, GST_MAP_READ));
  check_same_pixels (&fi, &fo, "data URI");
  gst_video_frame_unmap (&fo);
  gst_video_frame_unmap (&fi);
  gst_buffer_unref (out);
  g_free (text);

  /* without data-uri: bare base64 of a PNG */
  text = b64t_encode_frame_text ("b64imgenc image-format=png",
      GST_VIDEO_FORMAT_RGBA, 21, 13, 25, frame, NULL);
  png = png_text_payload (text, "", &size);
  fail_unless (b64_png_sniff (png, size));
  g_free (png);
  g_free (text);
  gst_buffer_unref (frame);
  g_rand_free (r);
}

GST_END_TEST;

GST_START_TEST (test_compression_level)
{
  GRand *r = g_rand_new_with_seed (600);
  GstVideoInfo info, oinfo[2];
  GstBuffer *frame, *out[2];
  GstVideoFrame fi, fo;
  GstMapInfo map;
  gsize sizes[2];
  const gint w = 160, hgt = 90;

  /* smooth gradient with a little noise: compressible, not trivially */
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, w, hgt);
  frame = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_buffer_map (frame, &map, GST_MAP_WRITE));
  for (gint y = 0; y < hgt; y++)
    for (gint x = 0; x < w * 3; x++)
      map.data[y * info.stride[0] + x]
          = (x + 2 * y) / 3 + g_rand_int_range (r, 0, 3);
  gst_buffer_unmap (frame, &map);

  for (gint i = 0; i < 2; i++) {
    gchar *launch = g_strdup_printf ("b64imgenc image-format=png "
                                     "png-compression-level=%d",
        i ? 9 : 0);
    gchar *text = b64t_encode_frame_text (
        launch, GST_VIDEO_FORMAT_RGB, w, hgt, 25, frame, NULL);

    sizes[i] = strlen (text);
    out[i] = png_decode_text (text, NULL, &oinfo[i]);
    fail_unless_equals_int (
        GST_VIDEO_INFO_FORMAT (&oinfo[i]), GST_VIDEO_FORMAT_RGB);
    fail_unless (gst_video_frame_map (&fi, &info, frame, GST_MAP_READ));
    fail_unless (gst_video_frame_map (&fo, &oinfo[i], out[i], GST_MAP_READ));
    check_same_pixels (&fi, &fo, launch);
    gst_video_frame_unmap (&fo);
    gst_video_frame_unmap (&fi);
    gst_buffer_unref (out[i]);
    g_free (text);
    g_free (launch);
  }
  GST_INFO ("level 0: %" G_GSIZE_FORMAT " chars, level 9: %" G_GSIZE_FORMAT,
      sizes[0], sizes[1]);
  /* level 0 stores: larger than the raw pixels in base64 */
  fail_unless (
      sizes[0] > (gsize) w * hgt * 3 * 4 / 3, "%" G_GSIZE_FORMAT, sizes[0]);
  fail_unless (sizes[1] < sizes[0] / 2,
      "level 9 %" G_GSIZE_FORMAT " vs level 0 %" G_GSIZE_FORMAT, sizes[1],
      sizes[0]);
  gst_buffer_unref (frame);
  g_rand_free (r);
}

GST_END_TEST;

static Suite *
b64imgpng_encode_suite (void)
{
  Suite *s = suite_create ("b64imgpng_encode");
  TCase *enc = b64t_add_tcase (s, "encoder", 0);

  tcase_add_test (enc, test_roundtrip_native);
  tcase_add_test (enc, test_roundtrip_packed);
  tcase_add_test (enc, test_roundtrip_packed_back);
  tcase_add_test (enc, test_roundtrip_i420);
  tcase_add_test (enc, test_roundtrip_y41b);
  tcase_add_test (enc, test_data_uri);
  tcase_add_test (enc, test_compression_level);
  return s;
}

int
main (int argc, char **argv)
{
  return b64t_png_main (argc, argv, b64imgpng_encode_suite);
}
