/* b64img — b64imgdec, every JPEG sampling and size to every raw output format
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JPEGs are made with TurboJPEG, base64-encoded with GLib and fed to the
 * decoder as framed buffers and as a text stream; the pixels that come out
 * are compared with TurboJPEG's own decode of the same bytes (see
 * common/jpegref.h for how exact each layout must be).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <stdio.h>
#include <string.h>
#include <jpeglib.h> /* after stdio.h, which it needs */

static const gint sizes[][2] = {
  { 1, 1 },
  { 3, 3 },
  { 17, 9 },
  { 35, 35 },
  { 641, 479 },
};

/* ---- pixels: every sampling x size x output format ----------------------- */

static void
check_format (const gchar *format, gboolean framed)
{
  gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", format);
  B64tRun d;

  /* framed as b64imgenc sends it (with a framerate), stream as filesrc
   * sends it (no caps at all) */
  b64t_open (&d, "b64imgdec",
      framed ? "image/x-base64,framed=true,framerate=30/1" : NULL, sink_caps);
  for (guint s = 0; s < B64T_N_SAMPLINGS; s++) {
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++) {
      gint w = sizes[z][0], hh = sizes[z][1];
      gsize len;
      guint8 *jpeg = b64t_smooth_jpeg (
          w, hh, b64t_samplings[s].samp, 90, s + z, 0, &len);
      gchar *b64 = g_base64_encode (jpeg, len);
      gchar *what = g_strdup_printf ("%s %dx%d -> %s (%s)",
          b64t_samplings[s].name, w, hh, format, framed ? "framed" : "stream");
      GstBuffer *buf;
      GstCaps *caps;
      GstStructure *st;

      fail_unless_equals_int (b64t_push_frame (d.h, b64, framed), GST_FLOW_OK);
      buf = gst_harness_try_pull (d.h);
      fail_unless (buf != NULL, "%s: no output", what);
      caps = b64t_current_caps (d.h);
      st = gst_caps_get_structure (caps, 0);
      fail_unless_equals_string (
          gst_structure_get_string (st, "format"), format);
      b64t_check_decoded_jpeg (buf, caps, jpeg, len, what);
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
      g_free (what);
      g_free (b64);
      g_free (jpeg);
    }
  }
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  b64t_close (&d);
  g_free (sink_caps);
}

GST_START_TEST (test_format_framed)
{
  check_format (b64t_enc_formats (NULL)[__i__], TRUE);
}

GST_END_TEST;

GST_START_TEST (test_format_stream)
{
  check_format (b64t_enc_formats (NULL)[__i__], FALSE);
}

GST_END_TEST;

/* Downstream that reads GstVideoMeta gets buffers carrying it, and the
 * decoder writes through the meta's plane offsets and strides. */
GST_START_TEST (test_video_meta)
{
  static const gchar *formats[] = { "I420", "Y444", "RGB", "NV12" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", formats[f]);
    gsize len;
    guint8 *jpeg = b64t_smooth_jpeg (35, 35, TJSAMP_420, 90, f, 0, &len);
    gchar *b64 = g_base64_encode (jpeg, len);
    GstBuffer *buf;
    GstCaps *caps;
    B64tRun d;

    b64t_open (&d, "b64imgdec", "image/x-base64,framed=true", sink_caps);
    gst_harness_add_propose_allocation_meta (
        d.h, GST_VIDEO_META_API_TYPE, NULL);
    fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    buf = gst_harness_pull (d.h);
    fail_unless (gst_buffer_get_video_meta (buf) != NULL, "%s: no video meta",
        formats[f]);
    caps = b64t_current_caps (d.h);
    b64t_check_decoded_jpeg (buf, caps, jpeg, len, formats[f]);
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
    b64t_close (&d);
    g_free (b64);
    g_free (jpeg);
    g_free (sink_caps);
  }
}

GST_END_TEST;

/* A JPEG with luma sampled 3x1: TurboJPEG 2.1 has no TJSAMP for it, the
 * decoder reads it through the libjpeg API. */
static guint8 *
make_jpeg_3x1 (gint w, gint h, gsize *len)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  guint8 *rgb = b64t_smooth_rgb (w, h, 7);
  unsigned char *out = NULL;
  unsigned long out_len = 0;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &out, &out_len);
  c.image_width = w;
  c.image_height = h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 90, TRUE);
  c.comp_info[0].h_samp_factor = 3;
  c.comp_info[0].v_samp_factor = 1;
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = rgb + (gsize) c.next_scanline * w * 3;
    jpeg_write_scanlines (&c, &row, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  g_free (rgb);
  *len = out_len;
  return out;
}

/* Good, truncated data, good, truncated header, good: the good ones come
 * out in every format (RGB exact against libjpeg's own decode), the bad ones
 * are dropped with a warning. */
GST_START_TEST (test_libjpeg_fallback)
{
  static const gchar *formats[] = { "RGB", "BGRx", "GRAY8", "I420", "Y444" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", formats[f]);
    gsize len;
    guint8 *jpeg = make_jpeg_3x1 (37, 23, &len);
    guint8 *corrupt = g_memdup2 (jpeg, len);
    gchar *good = g_base64_encode (jpeg, len);
    gchar *cut = g_base64_encode (jpeg, len / 2);
    gchar *bad;
    B64tRun d;

    /* cut inside the header tables: refused by both header readers */
    bad = g_base64_encode (corrupt, 100);
    b64t_open (&d, "b64imgdec", NULL, sink_caps);
    fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, cut, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, bad, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless (gst_harness_buffers_in_queue (d.h) == 3, "%s: %u frames out",
        formats[f], gst_harness_buffers_in_queue (d.h));
    fail_unless_equals_int (b64t_count_messages (&d, GST_MESSAGE_WARNING,
                                "Dropped a bad frame", NULL),
        2);
    for (guint k = 0; k < 3; k++) {
      GstBuffer *buf = gst_harness_pull (d.h);
      GstCaps *caps = b64t_current_caps (d.h);
      GstVideoInfo info;

      fail_unless (gst_video_info_from_caps (&info, caps));
      fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), 37);
      fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), 23);
      fail_unless_equals_string (
          gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
          formats[f]);
      if (f == 0) {
        /* TurboJPEG cannot read this file: compare with libjpeg's RGB */
        struct jpeg_decompress_struct dc;
        struct jpeg_error_mgr err;
        GstMapInfo map;

        dc.err = jpeg_std_error (&err);
        jpeg_create_decompress (&dc);
        jpeg_mem_src (&dc, jpeg, len);
        jpeg_read_header (&dc, TRUE);
        dc.out_color_space = JCS_RGB;
        jpeg_start_decompress (&dc);
        fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
        while (dc.output_scanline < dc.output_height) {
          guint8 row[37 * 3];
          JSAMPROW r = row;
          guint y = dc.output_scanline;

          jpeg_read_scanlines (&dc, &r, 1);
          fail_unless (
              memcmp (map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0),
                  row, sizeof (row))
              == 0);
        }
        gst_buffer_unmap (buf, &map);
        jpeg_finish_decompress (&dc);
        jpeg_destroy_decompress (&dc);
      }
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
    }
    b64t_close (&d);
    g_free (bad);
    g_free (cut);
    g_free (good);
    g_free (corrupt);
    free (jpeg);
    g_free (sink_caps);
  }
}

GST_END_TEST;

/* ---- inverse DCT ----------------------------------------------------------- */

/* The pixels of one decoded frame, rows packed. */
static guint8 *
decode_packed_pixels (
    const gchar *method, const gchar *format, const gchar *b64, gsize *size)
{
  gchar *desc = g_strdup_printf ("b64imgdec idct-method=%s", method);
  gchar *caps_str = g_strdup_printf ("video/x-raw,format=%s", format);
  GstBuffer *buf;
  GstCaps *caps;
  GByteArray *out = g_byte_array_new ();
  B64tRun d;

  b64t_open (&d, desc, "image/x-base64,framed=true", caps_str);
  fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_pull (d.h);
  caps = b64t_current_caps (d.h);
  b64t_append_pixels (out, buf, caps);
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  b64t_close (&d);
  g_free (desc);
  g_free (caps_str);
  *size = out->len;
  return g_byte_array_free (out, FALSE);
}

static gint
max_abs_diff (const guint8 *a, const guint8 *b, gsize n)
{
  gint m = 0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, ABS ((gint) a[i] - (gint) b[i]));
  return m;
}

/* islow (the default) is exactly TurboJPEG's default decode (PIL's and
 * OpenCV's pixels); ifast and float are other, close pictures. */
GST_START_TEST (test_idct_method)
{
  static const gchar *formats[] = { "I420", "RGB" };
  const gint w = 67, h = 45;
  gsize len;
  guint8 *jpeg = b64t_smooth_jpeg (w, h, TJSAMP_420, 90, 7, 0, &len);
  gchar *b64 = g_base64_encode (jpeg, len);
  GstElement *dec = gst_element_factory_make ("b64imgdec", NULL);
  gint def;

  g_object_get (dec, "idct-method", &def, NULL);
  fail_unless_equals_int (def, 0);
  gst_object_unref (dec);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gsize n_islow, n_fast, n_float;
    guint8 *islow = decode_packed_pixels ("islow", formats[f], b64, &n_islow);
    guint8 *ifast = decode_packed_pixels ("ifast", formats[f], b64, &n_fast);
    guint8 *flt = decode_packed_pixels ("float", formats[f], b64, &n_float);

    fail_unless_equals_int (n_fast, n_islow);
    fail_unless_equals_int (n_float, n_islow);
    if (f == 0) {
      B64tRefYuv r;
      gsize o = 0;

      b64t_ref_yuv_init (&r, jpeg, len);
      for (guint c = 0; c < 3; c++) {
        gint cw = c ? (w + 1) / 2 : w, ch = c ? (h + 1) / 2 : h;

        for (gint y = 0; y < ch; y++, o += cw)
          fail_unless (
              memcmp (islow + o, r.plane[c] + (gsize) y * r.pw[c], cw) == 0);
      }
      fail_unless_equals_int (o, n_islow);
      b64t_ref_yuv_clear (&r);
    } else {
      gint rw, rh;
      guint8 *ref = b64t_ref_packed (jpeg, len, TJPF_RGB, &rw, &rh);

      fail_unless_equals_int (n_islow, (gsize) rw * rh * 3);
      fail_unless (memcmp (islow, ref, n_islow) == 0);
      g_free (ref);
    }
    fail_unless (memcmp (ifast, islow, n_islow) != 0, "%s", formats[f]);
    fail_unless (max_abs_diff (ifast, islow, n_islow) <= 12, "%s", formats[f]);
    fail_unless (max_abs_diff (flt, islow, n_islow) <= 4, "%s", formats[f]);
    g_free (islow);
    g_free (ifast);
    g_free (flt);
  }
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

static Suite *
b64imgdec_formats_suite (void)
{
  Suite *s = suite_create ("b64imgdec_formats");
  TCase *tc = b64t_add_tcase (s, "pixels", 0);
  guint n_formats;

  b64t_enc_formats (&n_formats);

  tcase_add_loop_test (tc, test_format_framed, 0, n_formats);
  tcase_add_test (tc, test_video_meta);
  tcase_add_test (tc, test_libjpeg_fallback);
  tcase_add_loop_test (tc, test_format_stream, 0, n_formats);
  tcase_add_test (tc, test_idct_method);
  return s;
}

GST_CHECK_MAIN (b64imgdec_formats);
