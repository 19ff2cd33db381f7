/* b64img — b64imgenc, text buffers: recycled from its pool, cut to each text's
 * size, never one downstream still holds
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/encref.h"

#include <string.h>

/* A memory carries a mark as long as it lives: a recycled text buffer
 * keeps it, one freed and allocated again (even at the same address) does
 * not. */
static void
mark_text (GstBuffer *buf, gint mark)
{
  fail_unless_equals_int (gst_buffer_n_memory (buf), 1);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
      g_quark_from_static_string ("test-text-mark"), GINT_TO_POINTER (mark),
      NULL);
}

static gint
text_mark (GstBuffer *buf)
{
  return GPOINTER_TO_INT (gst_mini_object_get_qdata (
      GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
      g_quark_from_static_string ("test-text-mark")));
}

/* Uniform noise: JPEG cannot compress it, so its text is far bigger than
 * a flat frame's. */
static GstBuffer *
noise_frame (const GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstMapInfo map;
  guint32 x = 12345;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (gsize i = 0; i < map.size; i++) {
    x = x * 1103515245u + 12345u;
    map.data[i] = x >> 24;
  }
  gst_buffer_unmap (buf, &map);
  return buf;
}

static GstBuffer *
push_pull_at (GstHarness *h, GstBuffer *in, guint n)
{
  GstBuffer *out;

  GST_BUFFER_PTS (in) = n * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (in) = 40 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  /* threads=2 pushes from a worker: wait for it */
  out = gst_harness_pull (h);
  fail_unless (out != NULL, "no output for frame %u", n);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), n * 40 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 40 * GST_MSECOND);
  g_free (text_payload (out, &default_form));
  return out;
}

static void
check_same_text (GstBuffer *out, GBytes *ref, const gchar *what)
{
  GstMapInfo map;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (map.size, g_bytes_get_size (ref));
  fail_unless (memcmp (map.data, g_bytes_get_data (ref, NULL), map.size) == 0,
      "%s: other text than before", what);
  gst_buffer_unmap (out, &map);
}

static GBytes *
text_bytes (GstBuffer *out)
{
  GstMapInfo map;
  GBytes *bytes;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (out, &map);
  return bytes;
}

/* The memory of a text that came back is used again, cut to each text's
 * exact size: a small text in a buffer sized for a big one, then a big
 * text in it again (so the pool gave the full size back), a big text after
 * small ones in a new buffer. Same bytes as the first time every time.
 * Loop: threads 1 and 2 (the text is written on a worker). */
GST_START_TEST (test_text_buffers_recycled)
{
  gint threads = __i__ + 1;
  gchar *desc = g_strdup_printf ("b64imgenc threads=%d quality=95", threads);
  gchar *caps_str = caps_string ("I420", 640, 480, TRUE);
  GstHarness *h = gst_harness_new_parse (desc);
  GstVideoInfo info;
  GstBuffer *out, *held;
  GBytes *flat, *noise;
  guint n = 0;
  gdouble my, rgb[3];
  guint8 *jpeg;
  gsize size;

  gst_harness_set_src_caps_str (h, caps_str);
  b64t_info_from_string (&info, caps_str);

  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  flat = text_bytes (out);
  mark_text (out, 1);
  gst_buffer_unref (out);

  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  fail_unless_equals_int (text_mark (out), 1);
  check_same_text (out, flat, "flat again");
  /* while downstream holds it, the next text gets other memory */
  held = out;
  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  fail_if (text_mark (out) == 1, "a held text buffer was used again");
  check_same_text (out, flat, "flat, first held");
  gst_buffer_unref (out);
  gst_buffer_unref (held);

  /* far bigger than the flat text and its pool's headroom */
  out = push_pull_at (h, noise_frame (&info), n++);
  fail_unless (gst_buffer_get_size (out) > 64 * g_bytes_get_size (flat),
      "noise: %" G_GSIZE_FORMAT " bytes of text", gst_buffer_get_size (out));
  fail_if (text_mark (out) == 1, "a big text in a small buffer");
  jpeg = text_to_jpeg (out, &default_form, &size);
  decode_means (jpeg, size, &my, rgb);
  fail_unless (my > 100.0 && my < 155.0, "noise: mean luma %.1f", my);
  g_free (jpeg);
  noise = text_bytes (out);
  mark_text (out, 2);
  gst_buffer_unref (out);

  for (guint i = 0; i < 2; i++) {
    out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
    fail_unless_equals_int (text_mark (out), 2);
    check_same_text (out, flat, "flat in a big buffer");
    gst_buffer_unref (out);

    out = push_pull_at (h, noise_frame (&info), n++);
    fail_unless_equals_int (text_mark (out), 2);
    check_same_text (out, noise, "noise again");
    gst_buffer_unref (out);
  }

  g_bytes_unref (flat);
  g_bytes_unref (noise);
  gst_harness_teardown (h);
  g_free (caps_str);
  g_free (desc);
}

GST_END_TEST;

static Suite *
b64imgenc_buffers_suite (void)
{
  Suite *s = suite_create ("b64imgenc_buffers");
  TCase *tc = b64t_add_tcase (s, "general", 600);

  tcase_add_loop_test (tc, test_text_buffers_recycled, 0, 2);
  return s;
}

GST_CHECK_MAIN (b64imgenc_buffers);
