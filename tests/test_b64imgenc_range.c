/* b64img — b64imgenc, colour range: limited-range YUV expanded to JPEG's full
 * range, full range untouched
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/encref.h"

#include <math.h>
#include <string.h>

/* Limited range (the default caps): Y 16 is black (0), Y 235 white (255),
 * Y 126 mid grey (128); chroma 240 / 16 are the full-range extremes. A
 * decoder's RGB of white must be 255, not 235. Tolerance: 2 levels. */
GST_START_TEST (test_limited_range_expanded)
{
  const gchar *format = b64t_yuv_formats (NULL)[__i__];
  const struct
  {
    guint8 y, u, v;
    gdouble exp_y, exp_u, exp_v;
  } cases[] = {
    { 16, 128, 128, 0, 128, 128 },
    { 235, 128, 128, 255, 128, 128 },
    { 126, 128, 128, 128, 128, 128 },
    { 126, 240, 16, 128, 255, 0 },
    { 126, 16, 240, 128, 0, 255 },
  };
  gchar *caps_str = g_strdup_printf ("video/x-raw, format=%s, width=33, "
                                     "height=17, framerate=25/1",
      format);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);

  b64t_info_from_string (&info, caps_str);
  fail_unless_equals_int (info.colorimetry.range, GST_VIDEO_COLOR_RANGE_16_235);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gdouble my, rgb[3], er[3];
    guint8 ref_rgb[3];

    flat_means (h, &info, cases[i].y, cases[i].u, cases[i].v, &my, rgb);
    fail_unless (fabs (my - cases[i].exp_y) <= 2.0,
        "%s limited Y=%u decoded to luma %.1f, expected %.0f", format,
        cases[i].y, my, cases[i].exp_y);
    yuv_to_rgb (cases[i].exp_y, cases[i].exp_u, cases[i].exp_v, ref_rgb);
    for (gint c = 0; c < 3; c++) {
      er[c] = ref_rgb[c];
      fail_unless (fabs (rgb[c] - er[c]) <= 3.0,
          "%s limited (%u,%u,%u): RGB[%d] %.1f, expected %.0f", format,
          cases[i].y, cases[i].u, cases[i].v, c, rgb[c], er[c]);
    }
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Full range goes straight through: Y 16 stays 16, Y 235 stays 235. */
GST_START_TEST (test_full_range_untouched)
{
  const gchar *format = b64t_yuv_formats (NULL)[__i__];
  const guint8 ys[] = { 16, 235, 0, 255 };
  gchar *caps_str = caps_string (format, 33, 17, TRUE);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);

  b64t_info_from_string (&info, caps_str);
  fail_unless_equals_int (info.colorimetry.range, GST_VIDEO_COLOR_RANGE_0_255);
  for (guint i = 0; i < G_N_ELEMENTS (ys); i++) {
    gdouble my, rgb[3];

    flat_means (h, &info, ys[i], 128, 128, &my, rgb);
    fail_unless (fabs (my - ys[i]) <= 1.0,
        "%s full-range Y=%u decoded to "
        "%.1f",
        format, ys[i], my);
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Limited-range smooth content: the decoded luma is the expanded input
 * luma; PSNR against (Y - 16) * 255 / 219. */
GST_START_TEST (test_limited_range_smooth)
{
  const gchar *format = b64t_yuv_formats (NULL)[__i__];
  gchar *caps_str = g_strdup_printf ("video/x-raw, format=%s, width=641, "
                                     "height=479, framerate=25/1",
      format);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);
  GstBuffer *out;
  gsize size;
  guint8 *jpeg;
  Ref *ref;
  Decoded d;

  b64t_info_from_string (&info, caps_str);
  ref = make_ref (&info); /* full-range reference of the same values */
  for (gsize p = 0; p < (gsize) ref->w * ref->h; p++) {
    gint x = p % ref->w, y = p / ref->w;
    gdouble yy = (ref->y[p] - 16.0) * 255.0 / 219.0;
    gdouble u = (f_u (x, y) - 128.0) * 255.0 / 224.0 + 128.0;
    gdouble v = (f_v (x, y) - 128.0) * 255.0 / 224.0 + 128.0;

    ref->y[p] = clamp8 (yy);
    yuv_to_rgb (yy, u, v, ref->rgb + p * 3);
  }
  out = push_pull (h, new_frame (&info));
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB, "%s limited: RGB PSNR %.2f dB",
      format, d.psnr_rgb);
  fail_unless (d.psnr_luma >= MIN_PSNR_LUMA, "%s limited: luma PSNR %.2f dB",
      format, d.psnr_luma);
  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

static Suite *
b64imgenc_range_suite (void)
{
  Suite *s = suite_create ("b64imgenc_range");
  TCase *tc = b64t_add_tcase (s, "general", 600);
  guint n_yuv;

  b64t_yuv_formats (&n_yuv);

  tcase_add_loop_test (tc, test_limited_range_expanded, 0, n_yuv);
  tcase_add_loop_test (tc, test_full_range_untouched, 0, n_yuv);
  tcase_add_loop_test (tc, test_limited_range_smooth, 0, n_yuv);
  return s;
}

GST_CHECK_MAIN (b64imgenc_range);
