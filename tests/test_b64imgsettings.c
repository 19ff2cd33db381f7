/* b64img — GstHarness tests of the settings of b64imgenc and b64imgdec:
 * what a frame is made with is the properties when it came in, changes
 * while playing take effect from the next frame on with caps that say so,
 * and READY-only properties are refused past READY
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/harness.h"
#include "common/numbered.h"

#include <string.h>

#define W   64
#define H   48
#define DUR (GST_SECOND / 30)

static const gint thread_counts[] = { 1, 3 };

static GstElement *enc;

static GstHarness *
encoder_new (gint threads)
{
  gchar *desc = g_strdup_printf ("b64imgenc threads=%d", threads);
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  /* the element itself, not the bin around it */
  enc = gst_harness_find_element (h, "b64imgenc");
  gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=64,"
                                   "height=48,framerate=30/1");
  return h;
}

static const gchar *
caps_string (B64tRecorder *r, guint i, const gchar *field)
{
  GstCaps *caps = g_ptr_array_index (r->caps, i);

  return gst_structure_get_string (gst_caps_get_structure (caps, 0), field);
}

/* The text of buffer @i, without its line feed. */
static gchar *
text_of (B64tRecorder *r, guint i)
{
  GstBuffer *buf = g_ptr_array_index (r->bufs, i);
  GstMapInfo map;
  gchar *t;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  t = g_strchomp (g_strndup ((const gchar *) map.data, map.size));
  gst_buffer_unmap (buf, &map);
  return t;
}

/* The image bytes of a base64 text in either alphabet. */
static guchar *
image_of (const gchar *text, gsize *len)
{
  gchar *std = g_strdup (text);
  guchar *img;

  g_strdelimit (std, "-", '+');
  g_strdelimit (std, "_", '/');
  img = g_base64_decode (std, len);
  g_free (std);
  return img;
}

/* alphabet and image-format changed between frames, while frames are in
 * flight: each buffer goes out under caps naming its own alphabet and
 * payload, and its text is in them. */
GST_START_TEST (test_caps_follow_settings)
{
  static const struct
  {
    const gchar *alphabet;
    const gchar *format;
  } steps[] = {
    { "standard", "jpeg" },
    { "url", "jpeg" },
    { "url", "png" },
    { "standard", "png" },
    { "standard", "jpeg" },
  };
  const guint per_step = 4;
  GstHarness *h = encoder_new (thread_counts[__i__]);
  B64tRecorder r;
  guint n = 0;

  b64t_recorder_attach (&r, h);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++) {
    gst_util_set_object_arg (G_OBJECT (enc), "alphabet", steps[s].alphabet);
    gst_util_set_object_arg (G_OBJECT (enc), "image-format", steps[s].format);
    for (guint i = 0; i < per_step; i++, n++)
      fail_unless_equals_int (
          gst_harness_push (
              h, b64t_numbered_frame_at (GST_VIDEO_FORMAT_I420, W, H, n, DUR)),
          GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (r.bufs->len, n);
  gst_object_unref (enc);
  for (guint i = 0; i < n; i++) {
    guint s = i / per_step;
    gboolean png = g_str_equal (steps[s].format, "png");
    gboolean url = g_str_equal (steps[s].alphabet, "url");
    gchar *text = text_of (&r, i);
    gsize len;
    guchar *img = image_of (text, &len);

    fail_unless_equals_string (
        caps_string (&r, i, "alphabet"), steps[s].alphabet);
    fail_unless_equals_string (
        caps_string (&r, i, "payload"), png ? "image/png" : "image/jpeg");
    fail_unless (strpbrk (text, url ? "+/" : "-_") == NULL,
        "frame %u: %s alphabet expected", i, steps[s].alphabet);
    fail_unless (len > 8);
    if (png)
      fail_unless (memcmp (img, "\x89PNG", 4) == 0, "frame %u: no PNG", i);
    else
      fail_unless (img[0] == 0xff && img[1] == 0xd8, "frame %u: no JPEG", i);
    g_free (img);
    g_free (text);
  }
  b64t_recorder_clear (&r);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Pushes 4 frames at quality 20, then 4 at 95 (and padding off), set
 * between the pushes; returns the texts. */
static B64tRecorder *
run_quality (gint threads)
{
  GstHarness *h = encoder_new (threads);
  B64tRecorder *r = g_new0 (B64tRecorder, 1);

  b64t_recorder_attach (r, h);
  g_object_set (enc, "quality", 20, NULL);
  for (guint i = 0; i < 8; i++) {
    if (i == 4)
      g_object_set (enc, "quality", 95, "padding", FALSE, NULL);
    fail_unless_equals_int (
        gst_harness_push (
            h, b64t_numbered_frame_at (GST_VIDEO_FORMAT_I420, W, H, i, DUR)),
        GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (r->bufs->len, 8);
  gst_object_unref (enc);
  gst_harness_teardown (h);
  return r;
}

/* Each frame is made with the properties of when it came in, even while
 * earlier frames are still being encoded: the bytes are those of one
 * thread. */
GST_START_TEST (test_settings_per_frame)
{
  B64tRecorder *ref = run_quality (1);
  B64tRecorder *r = run_quality (thread_counts[__i__]);

  for (guint i = 0; i < 8; i++) {
    GstBuffer *a = g_ptr_array_index (r->bufs, i);
    GstBuffer *b = g_ptr_array_index (ref->bufs, i);

    GstMapInfo m;

    fail_unless (gst_buffer_get_size (a) == gst_buffer_get_size (b));
    fail_unless (gst_buffer_map (b, &m, GST_MAP_READ));
    fail_unless (gst_buffer_memcmp (a, 0, m.data, m.size) == 0,
        "frame %u differs from threads=1", i);
    gst_buffer_unmap (b, &m);
  }
  /* quality 95 makes bigger images; padding off: no '=' */
  fail_unless (gst_buffer_get_size (g_ptr_array_index (r->bufs, 4))
               > gst_buffer_get_size (g_ptr_array_index (r->bufs, 3)));
  for (guint i = 4; i < 8; i++) {
    gchar *t = text_of (r, i);

    fail_unless (strchr (t, '=') == NULL, "frame %u padded", i);
    g_free (t);
  }
  b64t_recorder_clear (ref);
  b64t_recorder_clear (r);
  g_free (ref);
  g_free (r);
}

GST_END_TEST;

/* threads (both elements) and max-frame-bytes (decoder) are READY-only:
 * refused while playing, taken in READY. */
GST_START_TEST (test_ready_only)
{
  static const struct
  {
    const gchar *element;
    const gchar *property;
  } cases[] = {
    { "b64imgenc", "threads" },
    { "b64imgdec", "threads" },
    { "b64imgdec", "max-frame-bytes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstHarness *h = gst_harness_new (cases[i].element);
    GParamSpec *ps = g_object_class_find_property (
        G_OBJECT_GET_CLASS (h->element), cases[i].property);
    guint v = 0;

    fail_unless (ps->flags & GST_PARAM_MUTABLE_READY);
    fail_if (
        ps->flags & (GST_PARAM_MUTABLE_PAUSED | GST_PARAM_MUTABLE_PLAYING));
    fail_unless (strstr (g_param_spec_get_blurb (ps), "READY only") != NULL);
    /* playing */
    g_object_set (h->element, cases[i].property, 20, NULL);
    g_object_get (h->element, cases[i].property, &v, NULL);
    fail_unless (
        v != 3, "%s %s set while playing", cases[i].element, cases[i].property);
    fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_READY),
        GST_STATE_CHANGE_SUCCESS);
    g_object_set (h->element, cases[i].property, 20, NULL);
    g_object_get (h->element, cases[i].property, &v, NULL);
    fail_unless_equals_int (v, 20);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

static Suite *
b64imgsettings_suite (void)
{
  Suite *s = suite_create ("b64imgsettings");
  TCase *tc = b64t_add_tcase (s, "settings", 0);

  tcase_add_loop_test (
      tc, test_caps_follow_settings, 0, G_N_ELEMENTS (thread_counts));
  tcase_add_loop_test (
      tc, test_settings_per_frame, 0, G_N_ELEMENTS (thread_counts));
  tcase_add_test (tc, test_ready_only);
  return s;
}

GST_CHECK_MAIN (b64imgsettings);
