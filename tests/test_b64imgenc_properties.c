/* b64img — b64imgenc, properties: defaults, the text options (data-uri,
 * alphabet, padding, newline), quality, also while playing
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/encref.h"

#include <string.h>

GST_START_TEST (test_defaults)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  gint quality, chroma, alphabet, image_format;
  gboolean data_uri, padding, newline;

  g_object_get (h->element, "quality", &quality, "chroma", &chroma, "data-uri",
      &data_uri, "alphabet", &alphabet, "padding", &padding, "newline",
      &newline, "image-format", &image_format, NULL);
  fail_unless_equals_int (quality, 85);
  fail_unless_equals_int (chroma, 0);       /* auto */
  fail_unless_equals_int (image_format, 0); /* jpeg */
  fail_unless_equals_int (alphabet, 0);     /* standard */
  fail_unless (!data_uri);
  fail_unless (padding);
  fail_unless (newline);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Default text: exactly one '\n', at the end; nothing but base64 before. */
GST_START_TEST (test_default_text)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  GstBuffer *out = encode_text (h, "I420", 641, 479);
  GstMapInfo map;
  gsize lf = 0;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  for (gsize i = 0; i < map.size; i++) {
    if (map.data[i] == '\n')
      lf++;
    if (map.data[i] == '\r' || map.data[i] == ' ' || map.data[i] == 0)
      fail ("whitespace or NUL at %" G_GSIZE_FORMAT, i);
  }
  fail_unless_equals_int (lf, 1);
  fail_unless_equals_int (map.data[map.size - 1], '\n');
  gst_buffer_unmap (out, &map);
  g_free (text_payload (out, &default_form));
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_data_uri)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "data:image/jpeg;base64,", FALSE, TRUE, TRUE };

  g_object_set (h->element, "data-uri", TRUE, NULL);
  encode_and_check (h, "I420", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  encode_and_check (h, "RGB", 17, 9, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  encode_and_check (h, "GRAY8", 1, 1, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Count of @c in @buf */
static gsize
count_char (GstBuffer *buf, gchar c)
{
  GstMapInfo map;
  gsize n = 0;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (gsize i = 0; i < map.size; i++)
    n += map.data[i] == (guint8) c;
  gst_buffer_unmap (buf, &map);
  return n;
}

/* URL alphabet: the same frame as with the standard alphabet, with '+'
 * and '/' replaced by '-' and '_' (a 641x479 JPEG has plenty of both). */
GST_START_TEST (test_alphabet_url)
{
  GstHarness *hs = gst_harness_new ("b64imgenc");
  GstHarness *hu = gst_harness_new ("b64imgenc");
  const TextForm form = { "", TRUE, TRUE, TRUE };
  GstBuffer *std, *url;
  GstMapInfo ms, mu;

  g_object_set (hu->element, "alphabet", 1, NULL);
  std = encode_text (hs, "I420", 641, 479);
  url = encode_text (hu, "I420", 641, 479);
  check_src_caps (hu, 641, 479, "url");
  check_src_caps (hs, 641, 479, "standard");

  fail_unless (count_char (std, '+') > 0 && count_char (std, '/') > 0,
      "test frame has no '+' or '/' in standard base64");
  fail_unless_equals_int (count_char (std, '-'), 0);
  fail_unless_equals_int (count_char (std, '_'), 0);
  fail_unless_equals_int (count_char (url, '+'), 0);
  fail_unless_equals_int (count_char (url, '/'), 0);
  fail_unless_equals_int (count_char (url, '-'), count_char (std, '+'));
  fail_unless_equals_int (count_char (url, '_'), count_char (std, '/'));

  fail_unless (gst_buffer_map (std, &ms, GST_MAP_READ));
  fail_unless (gst_buffer_map (url, &mu, GST_MAP_READ));
  fail_unless_equals_int (ms.size, mu.size);
  for (gsize i = 0; i < ms.size; i++) {
    guint8 e = ms.data[i] == '+' ? '-' : ms.data[i] == '/' ? '_' : ms.data[i];

    if (mu.data[i] != e)
      fail ("url text differs at %" G_GSIZE_FORMAT, i);
  }
  gst_buffer_unmap (std, &ms);
  gst_buffer_unmap (url, &mu);
  gst_buffer_unref (std);
  gst_buffer_unref (url);

  /* and it decodes to the right pixels */
  encode_and_check (hu, "RGB", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (hs);
  gst_harness_teardown (hu);
}

GST_END_TEST;

/* padding=false: no '=' and, for a JPEG whose length is not a multiple of
 * 3, a text length that is not a multiple of 4. Qualities are tried until
 * both residues (1 and 2 bytes) have been seen. */
GST_START_TEST (test_no_padding)
{
  GstHarness *hp = gst_harness_new ("b64imgenc");
  GstHarness *hn = gst_harness_new ("b64imgenc");
  const TextForm form = { "", FALSE, FALSE, TRUE };
  gboolean seen[3] = { FALSE, FALSE, FALSE };

  g_object_set (hn->element, "padding", FALSE, NULL);
  for (gint q = 50; q <= 99 && !(seen[1] && seen[2]); q++) {
    GstBuffer *padded, *bare;
    gsize jlen, plen;
    guint8 *jpeg;
    gchar *b64;

    g_object_set (hp->element, "quality", q, NULL);
    g_object_set (hn->element, "quality", q, NULL);
    padded = encode_text (hp, "Y42B", 35, 21);
    bare = encode_text (hn, "Y42B", 35, 21);
    jpeg = text_to_jpeg (padded, &default_form, &jlen);
    b64 = text_payload (bare, &form); /* checks: no '=', valid length */
    fail_unless_equals_int (count_char (bare, '='), 0);
    plen = gst_buffer_get_size (bare) - 1;
    fail_unless_equals_int (plen, (jlen * 4 + 2) / 3);
    if (jlen % 3)
      fail_unless (plen % 4 != 0);
    fail_unless_equals_int (
        gst_buffer_get_size (padded) - 1, (jlen + 2) / 3 * 4);
    /* same text but for the '=' */
    fail_unless (gst_buffer_memcmp (padded, 0, b64, plen) == 0);
    seen[jlen % 3] = TRUE;
    g_free (b64);
    g_free (jpeg);
    gst_buffer_unref (padded);
    gst_buffer_unref (bare);
  }
  fail_unless (seen[1] && seen[2], "no JPEG length needing padding found");
  encode_and_check (hn, "I420", 17, 9, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (hp);
  gst_harness_teardown (hn);
}

GST_END_TEST;

GST_START_TEST (test_no_newline)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "", FALSE, TRUE, FALSE };
  GstBuffer *out;

  g_object_set (h->element, "newline", FALSE, NULL);
  encode_and_check (h, "I420", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  out = encode_text (h, "BGRx", 3, 3);
  fail_unless_equals_int (count_char (out, '\n'), 0);
  fail_unless_equals_int (count_char (out, '\r'), 0);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* All text options at once */
GST_START_TEST (test_text_options_combined)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "data:image/jpeg;base64,", TRUE, FALSE, FALSE };

  g_object_set (h->element, "data-uri", TRUE, "alphabet", 1, "padding", FALSE,
      "newline", FALSE, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++)
    encode_and_check (h, "NV12", all_sizes[s].w, all_sizes[s].h, &form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Lower quality, fewer bytes; higher quality, closer pixels. */
GST_START_TEST (test_quality)
{
  const gint qs[] = { 5, 30, 60, 85, 95, 100 };
  gsize sizes[G_N_ELEMENTS (qs)];
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint i = 0; i < G_N_ELEMENTS (qs); i++) {
    guint8 *jpeg;

    g_object_set (h->element, "quality", qs[i], NULL);
    jpeg = encode_jpeg (h, "I420", 641, 479, &sizes[i]);
    g_free (jpeg);
    if (i > 0)
      fail_unless (sizes[i] > sizes[i - 1],
          "quality %d: %" G_GSIZE_FORMAT " bytes, quality %d: %" G_GSIZE_FORMAT,
          qs[i - 1], sizes[i - 1], qs[i], sizes[i]);
  }
  /* q5 is far from the picture, q100 close to it (both checked) */
  g_object_set (h->element, "quality", 100, NULL);
  encode_and_check (h, "RGB", 641, 479, &default_form, 40.0, 45.0);
  g_object_set (h->element, "quality", 1, NULL);
  encode_and_check (h, "RGB", 641, 479, &default_form, 18.0, 18.0);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* quality is GST_PARAM_MUTABLE_PLAYING: set between frames of a running
 * stream (same caps, no renegotiation), it takes effect on the next one. */
GST_START_TEST (test_quality_while_playing)
{
  gchar *caps_str = caps_string ("I420", 641, 479, TRUE);
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  GstState state;
  GParamSpec *pspec;
  gsize sizes[3];
  const gint qs[3] = { 85, 20, 95 };

  pspec = g_object_class_find_property (
      G_OBJECT_GET_CLASS (h->element), "quality");
  fail_unless (pspec->flags & GST_PARAM_MUTABLE_PLAYING);
  fail_unless_equals_int (gst_element_get_state (h->element, &state, NULL, 0),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (state, GST_STATE_PLAYING);

  b64t_info_from_string (&info, caps_str);
  for (guint i = 0; i < 3; i++) {
    GstBuffer *out;
    guint8 *jpeg;

    g_object_set (h->element, "quality", qs[i], NULL);
    out = push_pull (h, new_frame (&info));
    jpeg = text_to_jpeg (out, &default_form, &sizes[i]);
    g_free (jpeg);
    gst_buffer_unref (out);
  }
  fail_unless (sizes[1] < sizes[0] && sizes[2] > sizes[0],
      "sizes %" G_GSIZE_FORMAT " (q85) %" G_GSIZE_FORMAT
      " (q20) %" G_GSIZE_FORMAT " (q95)",
      sizes[0], sizes[1], sizes[2]);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

static Suite *
b64imgenc_properties_suite (void)
{
  Suite *s = suite_create ("b64imgenc_properties");
  TCase *tc = b64t_add_tcase (s, "general", 600);

  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_default_text);
  tcase_add_test (tc, test_data_uri);
  tcase_add_test (tc, test_alphabet_url);
  tcase_add_test (tc, test_no_padding);
  tcase_add_test (tc, test_no_newline);
  tcase_add_test (tc, test_text_options_combined);
  tcase_add_test (tc, test_quality);
  tcase_add_test (tc, test_quality_while_playing);
  return s;
}

GST_CHECK_MAIN (b64imgenc_properties);
