/* b64img — b64imgdec, PNG: every colour type and depth of the fixtures (Pillow's,
 * hand-made 16-bit and Adam7 ones, the wrapper's) to its native layout and
 * to others, exact; a stream mixing PNG and JPEG
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/pngref.h"

#include <string.h>
#include <turbojpeg.h>

/* Each fixture through @mode input to downstream @sink_caps (NULL: any);
 * @expect is the format that must come out (UNKNOWN: the native one). */
static void
decode_fixtures (InputMode mode, const gchar *sink_caps, GstVideoFormat expect,
    gboolean deep_only)
{
  GRand *r = g_rand_new_with_seed (700);
  guint n = 0;

  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);
    GstHarness *h;
    GstBus *bus;
    guint flags = i % 2 ? TEXT_DATA_URI : 0;
    gchar *text, *what;
    GstVideoFormat want
        = expect == GST_VIDEO_FORMAT_UNKNOWN ? fx->native : expect;

    if (deep_only && !fx->deep)
      continue;
    if (mode == IN_FRAMED || mode == IN_FRAMED_RATE)
      flags |= TEXT_WRAP | (i % 3 ? TEXT_LINE : 0);
    else
      flags |= TEXT_LINE | (i % 3 == 1 ? TEXT_CRLF : 0);
    text = make_text (fx->png, fx->png_size, flags, NULL);
    what = g_strdup_printf ("%s (%s, to %s)", fx->name,
        mode == IN_FRAMED        ? "framed"
        : mode == IN_FRAMED_RATE ? "framed, framerate"
                                 : "stream",
        sink_caps ? sink_caps : "anything");
    h = new_dec (sink_caps, mode, &bus);
    b64t_push_pieces (
        h, text, mode == IN_FRAMED || mode == IN_FRAMED_RATE ? NULL : r, 40);
    if (mode == IN_NO_CAPS || mode == IN_STREAM_CAPS)
      fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    b64t_assert_no_warning (bus, what);
    fail_unless_equals_int (gst_harness_buffers_received (h), 1);
    fail_unless_equals_string (
        b64t_current_format (h), gst_video_format_to_string (want));
    check_fixture_output (h, fx, what);
    free_dec (h, bus);
    g_free (what);
    g_free (text);
    n++;
  }
  fail_unless (n > 0);
  GST_INFO ("%u fixtures decoded", n);
  g_rand_free (r);
}

GST_START_TEST (test_fixtures_loaded)
{
  guint deep = 0;

  /* 2 sizes x 17 from the script, 5 from the wrapper */
  fail_unless_equals_int (fixtures->len, 2 * 17 + 5);
  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);

    fail_unless (fx->native != GST_VIDEO_FORMAT_UNKNOWN, "%s", fx->name);
    fail_unless (b64_png_sniff (fx->png, fx->png_size), "%s", fx->name);
    deep += fx->deep;
  }
  fail_unless_equals_int (deep, 2 * 5 + 2);
}

GST_END_TEST;

GST_START_TEST (test_decode_native_framed)
{
  decode_fixtures (IN_FRAMED, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_decode_native_stream)
{
  decode_fixtures (IN_NO_CAPS, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
  decode_fixtures (IN_STREAM_CAPS, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

/* The native layout is taken even when downstream lists it last. */
GST_START_TEST (test_decode_native_among_others)
{
  decode_fixtures (IN_FRAMED,
      "video/x-raw, format={ I420, BGRx, RGBA, RGB, "
      "GRAY8 }",
      GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_decode_other_formats)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_BGRx,
    GST_VIDEO_FORMAT_ARGB,
    GST_VIDEO_FORMAT_BGR,
    GST_VIDEO_FORMAT_ABGR,
    GST_VIDEO_FORMAT_I420,
    GST_VIDEO_FORMAT_Y444,
    GST_VIDEO_FORMAT_NV12,
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    gchar *caps = g_strdup_printf (
        "video/x-raw, format=%s", gst_video_format_to_string (formats[i]));

    decode_fixtures (i % 2 ? IN_NO_CAPS : IN_FRAMED, caps, formats[i], FALSE);
    g_free (caps);
  }
}

GST_END_TEST;

/* The first of downstream's choices when the native one is absent, in
 * downstream's order (not the decoder's template order: I420 precedes
 * BGRA and YV12 precedes NV12 there). */
GST_START_TEST (test_decode_downstream_order)
{
  decode_fixtures (IN_FRAMED, "video/x-raw, format={ BGRA, I420 }",
      GST_VIDEO_FORMAT_BGRA, FALSE);
  decode_fixtures (IN_NO_CAPS, "video/x-raw, format={ NV12, YV12 }",
      GST_VIDEO_FORMAT_NV12, FALSE);
}

GST_END_TEST;

/* docs/reference.md, Timestamps:
 * `filesrc ! image/x-base64,framerate=30/1 ! b64imgdec`. The output
 * carries the rate; layouts the decoder reaches by conversion work too. */
GST_START_TEST (test_decode_with_framerate)
{
  GstHarness *h = new_dec (NULL, IN_FRAMED_RATE, NULL);
  const Fixture *fx = g_ptr_array_index (fixtures, 0);
  gchar *text = make_text (fx->png, fx->png_size, 0, NULL);
  GstVideoInfo info;

  b64t_push_pieces (h, text, NULL, 0);
  b64t_current_info (h, &info);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_N (&info), 30);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_D (&info), 1);
  check_fixture_output (h, fx, fx->name);
  g_free (text);
  gst_harness_teardown (h);

  decode_fixtures (IN_FRAMED_RATE, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
  decode_fixtures (
      IN_FRAMED_RATE, "video/x-raw, format=BGRx", GST_VIDEO_FORMAT_BGRx, FALSE);
  decode_fixtures (
      IN_FRAMED_RATE, "video/x-raw, format=I420", GST_VIDEO_FORMAT_I420, FALSE);
}

GST_END_TEST;

/* 16-bit images keep 16 bits only when downstream takes nothing else. */
GST_START_TEST (test_decode_16bit)
{
  static const gchar *formats[] = { "RGBA64_LE", "RGBA64_BE" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s", formats[i]);

    decode_fixtures (i ? IN_NO_CAPS : IN_FRAMED, caps,
        gst_video_format_from_string (formats[i]), TRUE);
    /* 8-bit images scaled up when 16 bits is all downstream takes */
    decode_fixtures (
        IN_FRAMED, caps, gst_video_format_from_string (formats[i]), FALSE);
    g_free (caps);
  }
  /* 8 bits when downstream also takes 8-bit formats */
  decode_fixtures (IN_FRAMED, "video/x-raw, format={ RGBA64_LE, BGRx }",
      GST_VIDEO_FORMAT_BGRx, TRUE);
}

GST_END_TEST;

/* Gray 16-bit fixtures into GRAY16_BE / GRAY16_LE, exact. */
GST_START_TEST (test_decode_gray16)
{
  static const gchar *formats[] = { "GRAY16_BE", "GRAY16_LE" };
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s", formats[k]);

    for (guint i = 0; i < fixtures->len; i++) {
      const Fixture *fx = g_ptr_array_index (fixtures, i);
      GstHarness *h;
      gchar *text;

      if (!fx->deep || !fx->gray)
        continue;
      h = new_dec (caps, k ? IN_NO_CAPS : IN_FRAMED, NULL);
      text = make_text (fx->png, fx->png_size, TEXT_LINE, NULL);
      b64t_push_pieces (h, text, NULL, 0);
      fail_unless_equals_string (b64t_current_format (h), formats[k]);
      check_fixture_output (h, fx, fx->name);
      gst_harness_teardown (h);
      g_free (text);
      n++;
    }
    g_free (caps);
  }
  fail_unless (n >= 8);
}

GST_END_TEST;

/* Gray images (with or without alpha) into GRAY8: the gray samples. */
GST_START_TEST (test_decode_gray8)
{
  guint n = 0;

  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);
    GstHarness *h;
    gchar *text;

    if (!fx->gray)
      continue;
    h = new_dec ("video/x-raw, format=GRAY8", IN_FRAMED, NULL);
    text = make_text (fx->png, fx->png_size, 0, NULL);
    b64t_push_pieces (h, text, NULL, 0);
    fail_unless_equals_string (b64t_current_format (h), "GRAY8");
    check_fixture_output (h, fx, fx->name);
    gst_harness_teardown (h);
    g_free (text);
    n++;
  }
  fail_unless (n >= 12);
}

GST_END_TEST;

/* ---- a stream mixing PNG and JPEG ---------------------------------------- */

typedef struct
{
  gboolean jpeg;
  gboolean gray; /* JPEG: grayscale; PNG: use @fmt */
  B64PngFormat fmt;
  gint w, h;
  const gchar *expect;
  const gchar *mime; /* data URI mime, may disagree */
} MixItem;

static const MixItem mix[] = {
  { FALSE, FALSE, B64_PNG_RGB8, 16, 8, "RGB", NULL },
  { TRUE, FALSE, 0, 24, 16, "I420", NULL },
  { FALSE, FALSE, B64_PNG_RGBA8, 5, 3, "RGBA", "image/jpeg" },
  { TRUE, TRUE, 0, 8, 8, "GRAY8", "image/png" },
  { FALSE, FALSE, B64_PNG_GRAY8, 7, 7, "GRAY8", NULL },
  { TRUE, FALSE, 0, 17, 11, "I420", NULL },
  { FALSE, FALSE, B64_PNG_GRAY16_BE, 17, 11, "GRAY8", NULL },
  { FALSE, FALSE, B64_PNG_RGBA16_BE, 17, 11, "RGBA", NULL },
  /* same size and payload, only the layout changes */
  { FALSE, FALSE, B64_PNG_RGB8, 17, 11, "RGB", NULL },
  { FALSE, FALSE, B64_PNG_RGBA8, 17, 11, "RGBA", NULL },
  { TRUE, FALSE, 0, 17, 11, "I420", NULL },
};

/* A JPEG of random pixels, colour 4:2:0 or gray. */
static guint8 *
random_jpeg (GRand *r, gint w, gint h, gboolean gray, gsize *size)
{
  guint8 *src = b64t_random_bytes (r, (gsize) w * h * 3);
  guint8 *jpeg = b64t_tj_compress (src, w, 0, h, gray ? TJPF_GRAY : TJPF_RGB,
      gray ? TJSAMP_GRAY : TJSAMP_420, 90, 0, size);

  g_free (src);
  return jpeg;
}

static gchar **
mix_texts (guint flags_extra)
{
  GRand *r = g_rand_new_with_seed (800);
  gchar **texts = g_new0 (gchar *, G_N_ELEMENTS (mix) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    gsize size;
    guint8 *data = mix[i].jpeg
                       ? random_jpeg (r, mix[i].w, mix[i].h, mix[i].gray, &size)
                       : random_png (r, mix[i].w, mix[i].h, mix[i].fmt, &size);

    texts[i] = make_text (data, size,
        flags_extra | (mix[i].mime ? TEXT_DATA_URI : 0), mix[i].mime);
    g_free (data);
  }
  g_rand_free (r);
  return texts;
}

static void
check_mix_buffer (GstBuffer *buf, GstCaps *caps, guint i)
{
  GstVideoInfo info;
  GstVideoFrame f;

  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_string (
      gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
      mix[i].expect);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), mix[i].w);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), mix[i].h);
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ),
      "frame %u does not fit its caps", i);
  gst_video_frame_unmap (&f);
}

GST_START_TEST (test_mixed_framed)
{
  gchar **texts = mix_texts (0);
  GstHarness *h = new_dec (NULL, IN_FRAMED, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    GstBuffer *buf;
    GstCaps *caps;

    b64t_push_pieces (h, texts[i], NULL, 0);
    buf = gst_harness_try_pull (h);
    fail_unless (buf != NULL, "frame %u missing", i);
    caps = gst_pad_get_current_caps (h->sinkpad);
    check_mix_buffer (buf, caps, i);
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
  }
  g_strfreev (texts);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* All lines in one go: buffers and caps events in step. */
GST_START_TEST (test_mixed_stream)
{
  gchar **texts = mix_texts (TEXT_LINE);
  gchar *all = g_strjoinv ("", texts);
  GstHarness *h = new_dec (NULL, IN_NO_CAPS, NULL);
  GRand *r = g_rand_new_with_seed (801);
  GPtrArray *caps;

  b64t_push_pieces (h, all, r, 3000);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (h), G_N_ELEMENTS (mix));
  caps = b64t_pull_caps_events (h);
  /* every frame differs from the one before in layout or size */
  fail_unless_equals_int (caps->len, G_N_ELEMENTS (mix));
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    GstBuffer *buf = gst_harness_pull (h);

    check_mix_buffer (buf, g_ptr_array_index (caps, i), i);
    gst_buffer_unref (buf);
  }
  g_ptr_array_unref (caps);
  g_rand_free (r);
  g_free (all);
  g_strfreev (texts);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
b64imgpng_decode_suite (void)
{
  Suite *s = suite_create ("b64imgpng_decode");
  TCase *dec = b64t_add_tcase (s, "decoder", 0);

  tcase_add_test (dec, test_fixtures_loaded);
  tcase_add_test (dec, test_decode_native_framed);
  tcase_add_test (dec, test_decode_native_stream);
  tcase_add_test (dec, test_decode_native_among_others);
  tcase_add_test (dec, test_decode_other_formats);
  tcase_add_test (dec, test_decode_downstream_order);
  tcase_add_test (dec, test_decode_with_framerate);
  tcase_add_test (dec, test_decode_16bit);
  tcase_add_test (dec, test_decode_gray16);
  tcase_add_test (dec, test_decode_gray8);
  tcase_add_test (dec, test_mixed_framed);
  tcase_add_test (dec, test_mixed_stream);
  return s;
}

int
main (int argc, char **argv)
{
  return b64t_png_main (argc, argv, b64imgpng_decode_suite);
}
