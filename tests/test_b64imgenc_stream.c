/* b64img — b64imgenc, stream behaviour: timestamps, still images, caps changes
 * between frames, a restart, frames it cannot encode
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/encref.h"

#include <math.h>
#include <string.h>

/* One output per input, PTS and duration passed through, every frame a
 * sync point. */
GST_START_TEST (test_timestamps)
{
  gchar *caps_str = caps_string ("I420", 17, 9, TRUE);
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  const guint n = 8;

  b64t_info_from_string (&info, caps_str);
  for (guint i = 0; i < n; i++) {
    GstBuffer *in = new_frame (&info);

    GST_BUFFER_PTS (in) = 1000 * GST_MSECOND + i * 40 * GST_MSECOND;
    GST_BUFFER_DURATION (in) = (i == 3 ? 80 : 40) * GST_MSECOND;
    if (i == 3) /* a gap */
      GST_BUFFER_PTS (in) += 7 * GST_MSECOND;
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), n);
  for (guint i = 0; i < n; i++) {
    GstBuffer *out = gst_harness_pull (h);
    GstClockTime pts = 1000 * GST_MSECOND + i * 40 * GST_MSECOND;

    if (i == 3)
      pts += 7 * GST_MSECOND;
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts);
    fail_unless_equals_uint64 (
        GST_BUFFER_DURATION (out), (i == 3 ? 80 : 40) * GST_MSECOND);
    fail_if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DELTA_UNIT));
    g_free (text_payload (out, &default_form));
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Still images: framerate 0/1, or no framerate field at all (appsrc users
 * often leave it out), give framerate 0/1 in the output caps; the frame
 * encodes and keeps its PTS. */
static void
check_still (const gchar *caps_str)
{
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  GstBuffer *in, *out;
  GstCaps *caps;
  GstStructure *st;
  gint fn = -1, fd = -1;
  gsize size;
  guint8 *jpeg;
  Ref *ref;
  Decoded d;

  b64t_info_from_string (&info, caps_str);
  ref = make_ref (&info);
  in = new_frame (&info);
  GST_BUFFER_PTS (in) = 5 * GST_SECOND;
  out = push_pull (h, in);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 5 * GST_SECOND);
  caps = gst_pad_get_current_caps (h->sinkpad);
  st = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_fraction (st, "framerate", &fn, &fd),
      "no framerate in %" GST_PTR_FORMAT, caps);
  fail_unless_equals_int (fn, 0);
  fail_unless_equals_int (fd, 1);
  gst_caps_unref (caps);
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB && d.psnr_luma >= MIN_PSNR_LUMA);
  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
}

GST_START_TEST (test_no_framerate)
{
  check_still ("video/x-raw, format=I420, width=17, height=9, "
               "framerate=0/1, colorimetry=" FULL_RANGE_COLORIMETRY);
  check_still ("video/x-raw, format=I420, width=17, height=9, "
               "colorimetry=" FULL_RANGE_COLORIMETRY);
  check_still ("video/x-raw, format=RGBA, width=3, height=3");
}

GST_END_TEST;

/* Caps changes between frames: size, format, sampling path, range. Each
 * output must follow its own input (no state left from the previous). */
GST_START_TEST (test_renegotiation)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const struct
  {
    const gchar *format;
    gint w, h;
  } seq[] = {
    { "NV12", 641, 479 },
    { "I420", 17, 9 },
    { "RGB", 3, 3 },
    { "YUY2", 641, 479 },
    { "Y444", 16, 16 },
    { "GRAY8", 17, 9 },
    { "Y41B", 641, 479 },
    { "BGRA", 1, 1 },
    { "NV21", 2, 2 },
    { "I420", 641, 479 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seq); i++)
    encode_and_check (h, seq[i].format, seq[i].w, seq[i].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);

  /* limited then full range, same format and size */
  {
    gchar *lim = g_strdup ("video/x-raw, format=NV12, width=32, height=32, "
                           "framerate=25/1");
    gchar *full = caps_string ("NV12", 32, 32, TRUE);
    GstVideoInfo li, fi;
    gdouble my, rgb[3];

    b64t_info_from_string (&li, lim);
    b64t_info_from_string (&fi, full);
    gst_harness_set_src_caps_str (h, lim);
    flat_means (h, &li, 235, 128, 128, &my, rgb);
    fail_unless (fabs (my - 255.0) <= 2.0, "limited: luma %.1f", my);

    gst_harness_set_src_caps_str (h, full);
    flat_means (h, &fi, 235, 128, 128, &my, rgb);
    fail_unless (fabs (my - 235.0) <= 1.0, "full after limited: luma %.1f", my);
    g_free (lim);
    g_free (full);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Restarting the element (READY and back) keeps it working. */
GST_START_TEST (test_restart)
{
  GstHarness *h = gst_harness_new ("b64imgenc");

  encode_and_check (
      h, "YUY2", 17, 9, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_PLAYING),
      GST_STATE_CHANGE_SUCCESS);
  gst_harness_play (h);
  /* caps must be sent again after a stop */
  encode_and_check (
      h, "I420", 3, 3, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Reachable errors end in an error, never a crash or an empty buffer:
 * libjpeg refuses images wider than 65500 pixels (the caps allow up to
 * 65535); a width above 65535 is refused at negotiation. */
GST_START_TEST (test_errors)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  GstBus *bus = gst_bus_new ();
  GstVideoInfo info;
  GstMessage *msg;
  GstFlowReturn ret;
  const gchar *caps_str = "video/x-raw, format=GRAY8, width=65520, "
                          "height=2, framerate=25/1";

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, caps_str);
  b64t_info_from_string (&info, caps_str);
  ret = gst_harness_push (h, new_frame (&info));
  fail_unless_equals_int (ret, GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error message for an unencodable frame");
  gst_message_unref (msg);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);

  /* too wide for the src caps: not negotiated */
  h = gst_harness_new ("b64imgenc");
  caps_str = "video/x-raw, format=GRAY8, width=70000, height=1, "
             "framerate=25/1";
  gst_harness_set_src_caps_str (h, caps_str);
  b64t_info_from_string (&info, caps_str);
  ret = gst_harness_push (h, new_frame (&info));
  fail_unless (ret == GST_FLOW_NOT_NEGOTIATED || ret == GST_FLOW_ERROR,
      "flow %s", gst_flow_get_name (ret));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_teardown (h);

  /* a widest legal frame still works */
  h = gst_harness_new ("b64imgenc");
  encode_and_check (
      h, "GRAY8", 65500, 1, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
b64imgenc_stream_suite (void)
{
  Suite *s = suite_create ("b64imgenc_stream");
  TCase *tc = b64t_add_tcase (s, "general", 600);

  tcase_add_test (tc, test_timestamps);
  tcase_add_test (tc, test_no_framerate);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_restart);
  tcase_add_test (tc, test_errors);
  return s;
}

GST_CHECK_MAIN (b64imgenc_stream);
