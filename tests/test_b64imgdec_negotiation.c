/* b64img — b64imgdec, output caps: the JPEG's own layout when downstream
 * takes it, and a caps event per change of size or layout
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <string.h>

/* ---- the native layout ------------------------------------------------------ */

/* No downstream constraint: the JPEG's own layout, full-range BT.601. */
static void
check_native (const gchar *pipeline, gboolean dec_src_caps)
{
  B64tRun d;

  b64t_open (&d, pipeline, "image/x-base64,framed=true", NULL);
  for (guint s = 0; s < B64T_N_SAMPLINGS; s++) {
    gchar *b64 = b64t_smooth_b64 (17, 9, b64t_samplings[s].samp, s);
    GstBuffer *buf;
    GstCaps *caps;
    GstVideoInfo info;

    fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    buf = gst_harness_try_pull (d.h);
    fail_unless (buf != NULL);
    if (dec_src_caps) {
      GstPad *pad = gst_element_get_static_pad (d.element, "src");

      caps = gst_pad_get_current_caps (pad);
      gst_object_unref (pad);
    } else {
      caps = b64t_current_caps (d.h);
    }
    fail_unless (gst_video_info_from_caps (&info, caps));
    fail_unless_equals_string (
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
        b64t_samplings[s].native);
    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), 17);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), 9);
    if (GST_VIDEO_INFO_IS_YUV (&info)) {
      fail_unless_equals_int (
          info.colorimetry.range, GST_VIDEO_COLOR_RANGE_0_255);
      fail_unless_equals_int (
          info.colorimetry.matrix, GST_VIDEO_COLOR_MATRIX_BT601);
    }
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
    g_free (b64);
  }
  b64t_close (&d);
}

GST_START_TEST (test_native_any)
{
  check_native ("b64imgdec", FALSE);
}

GST_END_TEST;

GST_START_TEST (test_native_videoconvert)
{
  /* videoconvert accepts every layout: it counts as accepting the native
   * one, whatever it is asked to produce */
  check_native (
      "b64imgdec ! videoconvert ! capsfilter caps=video/x-raw,format=RGB",
      TRUE);
}

GST_END_TEST;

GST_START_TEST (test_native_440_rgb)
{
  /* 4:4:0 has no GStreamer layout: Y444 first, then RGB */
  B64tRun d;
  gchar *b64 = b64t_smooth_b64 (35, 35, TJSAMP_440, 3);
  GstBuffer *buf;
  GstCaps *caps;

  b64t_open (&d, "b64imgdec", "image/x-base64,framed=true",
      "video/x-raw,format={I420,RGB}");
  fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  caps = b64t_current_caps (d.h);
  fail_unless_equals_string (
      gst_structure_get_string (gst_caps_get_structure (caps, 0), "format"),
      "RGB");
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  g_free (b64);
  b64t_close (&d);
}

GST_END_TEST;

/* ---- renegotiation ------------------------------------------------------- */

GST_START_TEST (test_renegotiate)
{
  static const struct
  {
    gint w, h;
    int samp;
    const gchar *format;
  } seq[] = {
    { 17, 9, TJSAMP_420, "I420" },
    { 17, 9, TJSAMP_420, "I420" },
    { 35, 35, TJSAMP_420, "I420" },
    { 35, 35, TJSAMP_444, "Y444" },
    { 3, 3, TJSAMP_GRAY, "GRAY8" },
    { 3, 3, TJSAMP_422, "Y42B" },
    { 3, 3, TJSAMP_422, "Y42B" },
    { 1, 1, TJSAMP_411, "Y41B" },
    { 641, 479, TJSAMP_420, "I420" },
  };
  B64tRun d;

  for (gint framed = 1; framed >= 0; framed--) {
    b64t_open (
        &d, "b64imgdec", framed ? "image/x-base64,framed=true" : NULL, NULL);
    /* everything in, then everything out: each buffer's caps come from the
     * caps events in order */
    for (guint i = 0; i < G_N_ELEMENTS (seq); i++) {
      gchar *b64 = b64t_smooth_b64 (seq[i].w, seq[i].h, seq[i].samp, i);
      GstFlowReturn ret = b64t_push_frame (d.h, b64, framed);

      fail_unless_equals_int (ret, GST_FLOW_OK);
      g_free (b64);
    }
    fail_unless_equals_int (
        gst_harness_buffers_in_queue (d.h), G_N_ELEMENTS (seq));
    {
      GPtrArray *caps_seq = b64t_pull_caps_events (d.h);

      /* one caps event per change */
      {
        guint k = 0;
        for (guint i = 0; i < G_N_ELEMENTS (seq); i++) {
          GstBuffer *buf = gst_harness_pull (d.h);
          GstVideoInfo info;

          if (i == 0 || seq[i].w != seq[i - 1].w || seq[i].h != seq[i - 1].h
              || strcmp (seq[i].format, seq[i - 1].format) != 0)
            k++;
          fail_unless (k <= caps_seq->len, "frame %u: only %u caps events", i,
              caps_seq->len);
          fail_unless (gst_video_info_from_caps (
              &info, g_ptr_array_index (caps_seq, k - 1)));
          fail_unless_equals_int (info.width, seq[i].w);
          fail_unless_equals_int (info.height, seq[i].h);
          fail_unless_equals_string (
              gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
              seq[i].format);
          fail_unless (gst_buffer_get_size (buf) >= info.size);
          gst_buffer_unref (buf);
        }
        fail_unless_equals_int (caps_seq->len, k);
      }
      g_ptr_array_unref (caps_seq);
    }
    b64t_close (&d);
  }
}

GST_END_TEST;

static Suite *
b64imgdec_negotiation_suite (void)
{
  Suite *s = suite_create ("b64imgdec_negotiation");
  TCase *tc = b64t_add_tcase (s, "pixels", 0);
  TCase *tf = b64t_add_tcase (s, "framing", 0);

  tcase_add_test (tc, test_native_any);
  tcase_add_test (tc, test_native_videoconvert);
  tcase_add_test (tc, test_native_440_rgb);
  tcase_add_test (tf, test_renegotiate);
  return s;
}

GST_CHECK_MAIN (b64imgdec_negotiation);
