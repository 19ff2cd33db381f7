/* b64img — b64imgenc ! b64imgdec, every raw format back to itself
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/harness.h"

/* round trip b64imgenc ! b64imgdec at the encoder's default quality,
 * measured in RGB after converting both ends with GstVideoConverter */
#define MIN_ROUND_TRIP_PSNR 35.0

GST_START_TEST (test_round_trip)
{
  const gchar *format = b64t_enc_formats (NULL)[__i__];
  static const gint dims[][2] = { { 64, 48 }, { 33, 17 } };

  for (guint k = 0; k < G_N_ELEMENTS (dims); k++) {
    gint w = dims[k][0], h = dims[k][1];
    gchar *caps_str = g_strdup_printf ("video/x-raw,format=%s,width=%d,"
                                       "height=%d,framerate=30/1",
        format, w, h);
    gchar *sink_str = g_strdup_printf ("video/x-raw,format=%s", format);
    GstHarness *hh = gst_harness_new_parse ("b64imgenc ! b64imgdec");
    GstCaps *caps = gst_caps_from_string (caps_str);
    GstVideoInfo in_info, out_info;
    GstBuffer *in, *out;
    GstCaps *out_caps;
    guint8 *a, *b;
    gdouble p;

    gst_harness_set_src_caps (hh, gst_caps_ref (caps));
    gst_harness_set_sink_caps_str (hh, sink_str);
    fail_unless (gst_video_info_from_caps (&in_info, caps));
    in = b64t_make_raw (&in_info, 3);
    GST_BUFFER_PTS (in) = 0;
    a = b64t_to_rgb (in, &in_info);
    fail_unless_equals_int (gst_harness_push (hh, in), GST_FLOW_OK);
    out = gst_harness_try_pull (hh);
    fail_unless (out != NULL, "%s: no output", format);
    out_caps = gst_pad_get_current_caps (hh->sinkpad);
    fail_unless (gst_video_info_from_caps (&out_info, out_caps));
    fail_unless_equals_int (
        GST_VIDEO_INFO_FORMAT (&out_info), GST_VIDEO_INFO_FORMAT (&in_info));
    fail_unless_equals_int (out_info.width, w);
    fail_unless_equals_int (out_info.height, h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 0);
    b = b64t_to_rgb (out, &out_info);
    p = b64t_psnr (a, b, (gsize) w * h * 3);
    if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
      g_printerr ("round trip %s %dx%d: PSNR %.2f dB\n", format, w, h, p);
    fail_unless (p >= MIN_ROUND_TRIP_PSNR, "%s %dx%d: PSNR %.2f dB < %.1f",
        format, w, h, p, MIN_ROUND_TRIP_PSNR);
    g_free (a);
    g_free (b);
    gst_buffer_unref (out);
    gst_caps_unref (out_caps);
    gst_caps_unref (caps);
    gst_harness_teardown (hh);
    g_free (caps_str);
    g_free (sink_str);
  }
}

GST_END_TEST;

static Suite *
b64img_round_trip_suite (void)
{
  Suite *s = suite_create ("b64img_round_trip");
  TCase *tr = b64t_add_tcase (s, "round-trip", 0);
  guint n_formats;

  b64t_enc_formats (&n_formats);

  tcase_add_loop_test (tr, test_round_trip, 0, n_formats);
  return s;
}

GST_CHECK_MAIN (b64img_round_trip);
