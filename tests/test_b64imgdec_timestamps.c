/* b64img — b64imgdec, timestamps: passed through, or made from the framerate
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <string.h>

GST_START_TEST (test_pts_pass_through)
{
  static const GstClockTime pts[] = { 5 * GST_SECOND, 7 * GST_SECOND,
    7 * GST_SECOND + 1, 100 * GST_MSECOND + 20 * GST_SECOND };
  B64tRun d;

  b64t_open (&d, "b64imgdec", "image/x-base64,framed=true", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++) {
    gchar *b64 = b64t_smooth_b64 (17, 9, TJSAMP_420, i);
    GstBuffer *buf;

    fail_unless_equals_int (
        b64t_push_text (d.h, b64, strlen (b64), pts[i]), GST_FLOW_OK);
    buf = gst_harness_pull (d.h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts[i]);
    gst_buffer_unref (buf);
    g_free (b64);
  }
  b64t_close (&d);
}

GST_END_TEST;

static void
check_framerate_pts (const gchar *src_caps, gboolean framed)
{
  B64tRun d;
  GString *text = g_string_new (NULL);

  b64t_open (&d, "b64imgdec", src_caps, NULL);
  for (guint i = 0; i < 4; i++) {
    gchar *b64 = b64t_smooth_b64 (17, 9, TJSAMP_420, i);

    if (framed) {
      fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    } else {
      g_string_append (text, b64);
      g_string_append_c (text, '\n');
    }
    g_free (b64);
  }
  if (!framed)
    fail_unless_equals_int (
        b64t_push_text (d.h, text->str, text->len, GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
  for (guint i = 0; i < 4; i++) {
    GstBuffer *buf = gst_harness_pull (d.h);

    /* the base class adds up rounded durations: 1 ns per frame */
    fail_unless (ABS ((gint64) GST_BUFFER_PTS (buf)
                      - (gint64) gst_util_uint64_scale (i, GST_SECOND, 30))
                     <= i,
        "frame %u: PTS %" GST_TIME_FORMAT, i,
        GST_TIME_ARGS (GST_BUFFER_PTS (buf)));
    fail_unless (GST_BUFFER_DURATION_IS_VALID (buf));
    fail_unless (
        ABS ((gint64) GST_BUFFER_DURATION (buf) - (gint64) (GST_SECOND / 30))
        <= 1);
    gst_buffer_unref (buf);
  }
  g_string_free (text, TRUE);
  b64t_close (&d);
}

GST_START_TEST (test_pts_from_framerate)
{
  check_framerate_pts ("image/x-base64,framerate=30/1", FALSE);
  check_framerate_pts ("image/x-base64,framed=false,framerate=30/1", FALSE);
  check_framerate_pts ("image/x-base64,framed=true,framerate=30/1", TRUE);
}

GST_END_TEST;

static Suite *
b64imgdec_timestamps_suite (void)
{
  Suite *s = suite_create ("b64imgdec_timestamps");
  TCase *tf = b64t_add_tcase (s, "framing", 0);

  tcase_add_test (tf, test_pts_pass_through);
  tcase_add_test (tf, test_pts_from_framerate);
  return s;
}

GST_CHECK_MAIN (b64imgdec_timestamps);
