/* b64img — b64imgenc, every raw format at every size, laid out by the caps
 * or by a GstVideoMeta, and the JPEG sampling each gives
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every frame the element outputs is checked the way a user on the other
 * end would read it: the text is validated character by character, decoded
 * and the JPEG decoded by TurboJPEG and compared with what was pushed in
 * (common/encref.h).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/encref.h"

#include <string.h>
#include <turbojpeg.h>

/* ---- every format at every size ------------------------------------------ */

/* One loop iteration per format (tcase_add_loop_test); all sizes in one
 * harness, so size changes renegotiate. */
GST_START_TEST (test_format_sizes)
{
  const gchar *format = b64t_enc_formats (NULL)[__i__];
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++)
    encode_and_check (h, format, all_sizes[s].w, all_sizes[s].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The same, a fresh element per size (no state left from a larger frame) */
GST_START_TEST (test_format_sizes_fresh)
{
  const gchar *format = b64t_enc_formats (NULL)[__i__];

  for (guint s = 0; s < G_N_ELEMENTS (all_sizes) - 1; s++) {
    GstHarness *h = gst_harness_new ("b64imgenc");

    encode_and_check (h, format, all_sizes[s].w, all_sizes[s].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* A frame whose rows and planes are laid out by a GstVideoMeta, not by the
 * default strides: the element must read the frame's real strides and
 * offsets. Odd and even sizes (direct and copied plane paths). */
static void
check_meta_layout (const gchar *format, gint w, gint ht)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *buf, *out;
  gsize offset = 64, size;
  Ref *ref;
  guint8 *jpeg;
  Decoded d;
  GstHarness *h = new_harness (caps_str);

  b64t_info_from_string (&info, caps_str);
  /* each plane: 64 bytes of gap, then rows 40 bytes longer than needed */
  for (guint p = 0; p < GST_VIDEO_INFO_N_PLANES (&info); p++) {
    gint comp[GST_VIDEO_MAX_COMPONENTS];
    gint rows;

    gst_video_format_info_component (info.finfo, p, comp);
    rows = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT (info.finfo, comp[0], ht);
    info.stride[p] += 40;
    info.offset[p] = offset;
    offset += (gsize) info.stride[p] * rows + 64;
  }
  info.size = offset;
  buf = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (buf, 0, 0xa5, info.size);
  gst_buffer_add_video_meta_full (buf, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_INFO_FORMAT (&info), w, ht, GST_VIDEO_INFO_N_PLANES (&info),
      info.offset, info.stride);
  fill_frame (&info, buf);
  ref = make_ref (&info);

  out = push_pull (h, buf);
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB,
      "%s %dx%d with meta: RGB PSNR "
      "%.2f dB",
      format, w, ht, d.psnr_rgb);
  fail_unless (d.psnr_luma >= MIN_PSNR_LUMA,
      "%s %dx%d with meta: luma PSNR "
      "%.2f dB",
      format, w, ht, d.psnr_luma);

  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_START_TEST (test_video_meta_strides)
{
  const gchar *format = b64t_enc_formats (NULL)[__i__];

  check_meta_layout (format, 16, 16);
  check_meta_layout (format, 17, 9);
  check_meta_layout (format, 64, 48);
}

GST_END_TEST;

/* ---- chroma sampling ------------------------------------------------------ */

/* chroma=auto: planar YUV keeps its sampling, interleaved YUV its own
 * (YUY2 is 4:2:2, NV12 4:2:0), packed RGB 4:2:0, GRAY8 gray. */
GST_START_TEST (test_chroma_auto)
{
  const struct
  {
    const gchar *format;
    gint samp;
  } cases[] = {
    { "I420", TJSAMP_420 },
    { "YV12", TJSAMP_420 },
    { "NV12", TJSAMP_420 },
    { "NV21", TJSAMP_420 },
    { "Y42B", TJSAMP_422 },
    { "YUY2", TJSAMP_422 },
    { "UYVY", TJSAMP_422 },
    { "YVYU", TJSAMP_422 },
    { "Y444", TJSAMP_444 },
    { "Y41B", TJSAMP_411 },
    { "GRAY8", TJSAMP_GRAY },
    { "RGB", TJSAMP_420 },
    { "BGR", TJSAMP_420 },
    { "RGBx", TJSAMP_420 },
    { "xRGB", TJSAMP_420 },
    { "BGRx", TJSAMP_420 },
    { "xBGR", TJSAMP_420 },
    { "RGBA", TJSAMP_420 },
    { "BGRA", TJSAMP_420 },
    { "ARGB", TJSAMP_420 },
    { "ABGR", TJSAMP_420 },
  };
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint samp = encode_and_check (
        h, cases[i].format, 64, 48, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);

    fail_unless (samp == cases[i].samp,
        "%s: chroma=auto gave sampling %d, "
        "expected %d",
        cases[i].format, samp, cases[i].samp);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* chroma=420/422/444/gray: the JPEG header says so, whatever the input
 * (GRAY8 input has no colour to keep: always gray), and the pixels stay
 * right (for gray, the luma). One loop iteration per format. */
GST_START_TEST (test_chroma_forced)
{
  const gchar *format = b64t_enc_formats (NULL)[__i__];
  const struct
  {
    const gchar *nick;
    gint samp;
  } modes[] = {
    { "420", TJSAMP_420 },
    { "422", TJSAMP_422 },
    { "444", TJSAMP_444 },
    { "gray", TJSAMP_GRAY },
  };
  gboolean gray_in = g_str_equal (format, "GRAY8");

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++) {
    for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++) {
      GstHarness *h = gst_harness_new ("b64imgenc");
      gint w = all_sizes[s].w, ht = all_sizes[s].h, samp;

      gst_util_set_object_arg (G_OBJECT (h->element), "chroma", modes[m].nick);
      /* a gray JPEG only carries luma: the RGB bound does not apply */
      samp = encode_and_check (h, format, w, ht, &default_form,
          modes[m].samp == TJSAMP_GRAY && !gray_in ? 0.0 : MIN_PSNR_RGB,
          MIN_PSNR_LUMA);
      fail_unless (samp == (gray_in ? TJSAMP_GRAY : modes[m].samp),
          "%s %dx%d chroma=%s: sampling %d", format, w, ht, modes[m].nick,
          samp);
      gst_harness_teardown (h);
    }
  }
}

GST_END_TEST;

static Suite *
b64imgenc_formats_suite (void)
{
  Suite *s = suite_create ("b64imgenc_formats");
  TCase *tc = b64t_add_tcase (s, "general", 600);
  guint n_formats;

  b64t_enc_formats (&n_formats);

  tcase_add_loop_test (tc, test_format_sizes, 0, n_formats);
  tcase_add_loop_test (tc, test_format_sizes_fresh, 0, n_formats);
  tcase_add_loop_test (tc, test_video_meta_strides, 0, n_formats);
  tcase_add_test (tc, test_chroma_auto);
  tcase_add_loop_test (tc, test_chroma_forced, 0, n_formats);
  return s;
}

GST_CHECK_MAIN (b64imgenc_formats);
