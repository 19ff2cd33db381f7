/* b64img — self-test of the shared test helpers (tests/common): a helper
 * that lies would make every test using it pass for the wrong reason.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <string.h>
#include <turbojpeg.h>

/* The lists follow gst/gstb64imgformats.h, whatever its order. */
GST_START_TEST (test_formats)
{
  guint n, ny;
  const gchar *const *all = b64t_enc_formats (&n);
  const gchar *const *yuv = b64t_yuv_formats (&ny);

  fail_unless_equals_int (n, 21);
  fail_unless_equals_int (ny, 10);
  fail_unless (all[n] == NULL && yuv[ny] == NULL);
  fail_unless_equals_string (all[0], "I420");
  fail_unless_equals_string (all[n - 1], "ABGR");
  for (guint i = 0; i < n; i++)
    fail_unless (
        gst_video_format_from_string (all[i]) != GST_VIDEO_FORMAT_UNKNOWN, "%s",
        all[i]);
  for (guint i = 0; i < ny; i++) {
    GstVideoFormat f = gst_video_format_from_string (yuv[i]);

    fail_unless (GST_VIDEO_FORMAT_INFO_IS_YUV (gst_video_format_get_info (f)));
  }
}

GST_END_TEST;

GST_START_TEST (test_psnr)
{
  guint8 a[100], b[100];

  memset (a, 7, sizeof (a));
  memcpy (b, a, sizeof (b));
  fail_unless (b64t_psnr (a, b, sizeof (a)) == 99.0);
  b[3] = 17; /* MSE 1: 10 log10 (255^2) */
  fail_unless (G_APPROX_VALUE (b64t_psnr (a, b, sizeof (a)), 48.1308036, 1e-6));
}

GST_END_TEST;

GST_START_TEST (test_smooth_jpeg)
{
  for (guint s = 0; s < B64T_N_SAMPLINGS; s++) {
    gsize len;
    guint8 *jpeg
        = b64t_smooth_jpeg (17, 9, b64t_samplings[s].samp, 90, s, 0, &len);
    tjhandle tj = tjInitDecompress ();
    int w, h, samp, cs;

    fail_unless (tjDecompressHeader3 (tj, jpeg, len, &w, &h, &samp, &cs) == 0);
    fail_unless_equals_int (w, 17);
    fail_unless_equals_int (h, 9);
    fail_unless_equals_int (samp, b64t_samplings[s].samp);
    tjDestroy (tj);
    g_free (jpeg);
  }
}

GST_END_TEST;

GST_START_TEST (test_png_chunks)
{
  /* signature, IHDR 1x1 gray 8, IEND */
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13,
    'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0 };

  memcpy (png + 33, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
  fail_unless_equals_int (
      b64t_png_crc32 ((const guint8 *) "IEND", 4), 0xae426082u);
  fail_unless_equals_int (b64t_png_find_chunk (png, sizeof (png), "IHDR"), 8);
  fail_unless_equals_int (b64t_png_find_chunk (png, sizeof (png), "IEND"), 33);
  fail_unless_equals_int (b64t_png_find_chunk (png, sizeof (png), "IDAT"), 0);
  b64t_png_set_ihdr_size (png, 300, 2);
  fail_unless_equals_int (b64t_be32 (png + 16), 300);
  fail_unless_equals_int (b64t_be32 (png + 20), 2);
  fail_unless_equals_int (b64t_be32 (png + 29), b64t_png_crc32 (png + 12, 17));
}

GST_END_TEST;

GST_START_TEST (test_message_says)
{
  GError *err = g_error_new_literal (GST_STREAM_ERROR, 0, "Bad frame");
  GstMessage *msg = gst_message_new_warning (NULL, err, "IDAT: CRC mismatch");
  gchar *text = b64t_message_text (msg);

  fail_unless (b64t_message_says (msg, "checksum|crc"));
  fail_unless (b64t_message_says (msg, "bad FRAME"));
  fail_unless (!b64t_message_says (msg, "truncated|EOF"));
  fail_unless_equals_string (text, "warning: Bad frame (IDAT: CRC mismatch)");
  g_free (text);
  gst_message_unref (msg);
  g_error_free (err);
}

GST_END_TEST;

/* A bad frame between good ones: one warning counted, the frames out. */
GST_START_TEST (test_run_messages)
{
  gchar *good = b64t_smooth_b64 (9, 7, TJSAMP_420, 1);
  GRand *r = g_rand_new_with_seed (1);
  gchar *text = g_strconcat (good, "\n!!!!\n", good, "\n", NULL);
  gchar *first_text = NULL;
  B64tRun d;

  b64t_open (&d, "b64imgdec ! capsfilter", NULL, "video/x-raw,format=I420");
  fail_unless (d.element != d.h->element);
  b64t_push_pieces (d.h, text, r, 5);
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 2);
  fail_unless_equals_string (b64t_current_format (d.h), "I420");
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, "invalid", &first_text), 1);
  fail_unless (first_text != NULL);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  b64t_close (&d);
  g_free (first_text);
  g_free (text);
  g_rand_free (r);
  g_free (good);
}

GST_END_TEST;

/* make_raw and to_rgb: RGB goes through unchanged, I420 close. */
GST_START_TEST (test_raw_frames)
{
  GstVideoInfo info;
  GstBuffer *buf;
  guint8 *rgb, *ref = b64t_smooth_rgb (33, 17, 5);

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, 33, 17);
  buf = b64t_make_raw (&info, 5);
  rgb = b64t_to_rgb (buf, &info);
  fail_unless (memcmp (rgb, ref, 33 * 17 * 3) == 0);
  g_free (rgb);
  gst_buffer_unref (buf);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 33, 17);
  buf = b64t_make_raw (&info, 5);
  rgb = b64t_to_rgb (buf, &info);
  fail_unless (b64t_psnr (rgb, ref, 33 * 17 * 3) > 30.0);
  g_free (rgb);
  gst_buffer_unref (buf);
  g_free (ref);
}

GST_END_TEST;

static Suite *
common_suite (void)
{
  Suite *s = suite_create ("common");
  TCase *tc = b64t_add_tcase (s, "helpers", 0);

  tcase_add_test (tc, test_formats);
  tcase_add_test (tc, test_psnr);
  tcase_add_test (tc, test_smooth_jpeg);
  tcase_add_test (tc, test_png_chunks);
  tcase_add_test (tc, test_message_says);
  tcase_add_test (tc, test_run_messages);
  tcase_add_test (tc, test_raw_frames);
  return s;
}

GST_CHECK_MAIN (common);
